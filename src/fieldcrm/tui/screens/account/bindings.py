"""The keys of the account screen, and the panes each pane-specific action works in.

The board's keys for one account (stage moves, scoring, plan, status changes, undo) and the
daily loop's (log a contact; a next step done, moved, handed over) mean the same here.
"""

from __future__ import annotations

from fieldcrm.tui.keys import KeySpec

PANES = ("overview", "people", "contacts", "simulation", "forces", "work", "record")

# the panes where an action applies; elsewhere it is left out of the footer, and its key says so
WHERE = {
    "edit": ("overview", "people", "contacts", "simulation", "work"),
    "new": ("people", "contacts", "simulation", "work"),
    "delete": ("overview", "people", "contacts", "simulation", "work"),
    "ladder": ("people",),
    "move_reason": ("simulation",),
    "review": ("forces",),
    "counter": ("forces",),
}


def _pane(n: int, pane: str) -> KeySpec:
    return KeySpec(f"account.{pane}", str(n), f"pane('{pane}')", show=False)


# fmt: off
KEYS = (
    _pane(1, "overview"),
    _pane(2, "people"),
    _pane(3, "contacts"),
    _pane(4, "simulation"),
    _pane(5, "forces"),
    _pane(6, "work"),
    _pane(7, "record"),
    KeySpec("account.log", "l", "log_contact"),
    KeySpec("account.step_done", "d", "step_done"),
    KeySpec("account.step_move", "m", "step_move"),
    KeySpec("account.step_hand", "o", "step_hand", show=False),
    KeySpec("account.new", "n", "new"),
    KeySpec("account.edit", "e", "edit"),
    KeySpec("account.delete", "D,delete", "delete", key_display="D"),
    KeySpec("account.next_stage", "right_square_bracket", "move(1)", key_display="]"),
    KeySpec("account.prev_stage", "left_square_bracket", "move(-1)", key_display="[", show=False),
    KeySpec("account.score", "s", "score"),
    KeySpec("account.plan", "P", "plan", show=False),
    KeySpec("account.terminate", "t", "terminate", show=False),
    KeySpec("account.pause", "p", "pause", show=False),
    KeySpec("account.won", "w", "won", show=False),
    KeySpec("account.undo", "u,ctrl+z", "undo"),
    KeySpec("account.ladder_up", "plus", "ladder(1)", key_display="+"),
    KeySpec("account.ladder_down", "minus", "ladder(-1)", key_display="-"),
    KeySpec("account.reason_up", "shift+up", "move_reason(-1)"),
    KeySpec("account.reason_down", "shift+down", "move_reason(1)"),
    KeySpec("account.ask", "A", "ask_request", show=False),
    KeySpec("account.review", "R", "review"),
    KeySpec("account.counter", "c", "counter"),
    KeySpec("account.help", "question_mark", "help", key_display="?"),
    KeySpec("account.back", "escape,q", "back"),
)
# fmt: on
