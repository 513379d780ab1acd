"""The keys of the account screen, and the panes each pane-specific action works in."""

from __future__ import annotations

from fieldcrm.tui.keys import KeySpec

PANES = ("overview", "people", "contacts", "simulation", "forces")

# the panes where an action applies; elsewhere it is hidden from the footer
WHERE = {
    "edit": ("overview", "people", "simulation"),
    "new": ("people", "contacts", "simulation"),
    "delete": ("overview", "people", "simulation"),
    "ladder": ("people",),
    "move_reason": ("simulation",),
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
    KeySpec("account.log", "l", "log_contact"),
    KeySpec("account.new", "n", "new"),
    KeySpec("account.edit", "e", "edit"),
    KeySpec("account.delete", "x", "delete"),
    KeySpec("account.ladder_up", "right_square_bracket", "ladder(1)", key_display="]"),
    KeySpec("account.ladder_down", "left_square_bracket", "ladder(-1)", key_display="["),
    KeySpec("account.reason_up", "shift+up", "move_reason(-1)"),
    KeySpec("account.reason_down", "shift+down", "move_reason(1)"),
    KeySpec("account.help", "question_mark", "help", key_display="?"),
    KeySpec("account.back", "escape,q", "back"),
)
# fmt: on
