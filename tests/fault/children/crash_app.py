"""Child of test_signals_pty: fieldcrm whose help key raises, to watch an unexpected error end
the session (``python crash_app.py --db DB --lang en``, then press ?)."""

import sys

from fieldcrm.cli import main
from fieldcrm.tui.screens.board import BoardScreen


def broken(self: BoardScreen) -> None:
    raise RuntimeError("injected fault for the crash log")


BoardScreen.action_help = broken  # type: ignore[method-assign]
raise SystemExit(main(sys.argv[1:]))
