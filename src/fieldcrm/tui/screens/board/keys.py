"""The board's keys: ids, keys, actions and what they do in both languages."""

from __future__ import annotations

from fieldcrm.tui.keys import KeySpec

BOARD_KEYS: tuple[KeySpec, ...] = (
    KeySpec("board.down", "down,j", "cursor(1)", show=False),
    KeySpec("board.up", "up,k", "cursor(-1)", show=False),
    KeySpec("board.left", "left,h", "column(-1)", show=False),
    KeySpec("board.right", "right", "column(1)", show=False),
    KeySpec("board.home", "home", "jump(0)", show=False),
    KeySpec("board.end", "end", "jump(-1)", show=False),
    KeySpec("board.pageup", "pageup", "page(-1)", show=False),
    KeySpec("board.pagedown", "pagedown", "page(1)", show=False),
    KeySpec("board.open", "enter", "open_account"),
    KeySpec("board.next_stage", "right_square_bracket,shift+right", "move(1)", key_display="]"),
    KeySpec("board.prev_stage", "left_square_bracket,shift+left", "move(-1)", key_display="["),
    KeySpec("board.new", "n", "new_account"),
    KeySpec("board.log", "l", "log_contact"),
    KeySpec("board.step_done", "d", "step_done"),
    KeySpec("board.step_move", "m", "step_move", show=False),
    KeySpec("board.step_hand", "o", "step_hand", show=False),
    KeySpec("board.search", "slash", "search", key_display="/"),
    KeySpec("board.filter", "f", "filter"),
    KeySpec("board.view", "v", "cycle_view"),
    KeySpec("board.sort", "S", "cycle_sort", show=False),
    KeySpec("board.terminate", "t", "terminate"),
    KeySpec("board.pause", "p", "pause"),
    KeySpec("board.won", "w", "won"),
    KeySpec("board.score", "s", "score"),
    KeySpec("board.plan", "P", "plan", show=False),
    KeySpec("board.agenda", "a", "agenda"),
    KeySpec("board.report", "r", "report", show=False),
    KeySpec("board.export", "x", "export", show=False),
    KeySpec("board.import", "i", "import_prospects", show=False),
    KeySpec("board.undo", "u,ctrl+z", "undo"),
    KeySpec("board.sync", "y", "sync"),
    KeySpec("board.whose", "V", "cycle_whose", show=False),
    KeySpec("board.hand_over", "H", "hand_over", show=False),
    KeySpec("board.conflicts", "c", "conflicts", show=False),
    KeySpec("board.help", "question_mark", "help", key_display="?"),
    KeySpec("board.quit", "q,ctrl+q", "app.quit"),
)
