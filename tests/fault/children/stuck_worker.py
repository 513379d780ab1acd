"""Child of test_hangup: fieldcrm whose help key starts a thread worker that blocks for good
(reading a FIFO nobody writes to, as an import from a FIFO once did), to watch SIGTERM end the
process all the same (``python stuck_worker.py FIFO --db DB --lang en``, then press ?)."""

import sys

from fieldcrm.cli import main
from fieldcrm.tui.screens.board import BoardScreen

FIFO = sys.argv.pop(1)


def stuck(self: BoardScreen) -> None:
    def read_for_ever() -> None:
        with open(FIFO, "rb") as f:  # blocks until a writer comes: none will
            f.read()

    self.run_worker(read_for_ever, thread=True)
    self.notify("worker started")


BoardScreen.action_help = stuck  # type: ignore[method-assign]
raise SystemExit(main(sys.argv[1:]))
