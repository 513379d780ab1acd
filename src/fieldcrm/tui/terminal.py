"""The terminal going away must not hang the app.

Textual's Linux driver writes to the terminal from a thread fed by a queue of 30 writes. When
the terminal is closed, a write fails (EIO) and that thread dies; the next 30 writes fill
the queue and the one after blocks the event loop for ever, so not even SIGTERM ends the app,
and it keeps the database's writer lock. :class:`OutputThread` keeps taking writes once the
terminal is gone and drops them; :func:`install` makes the driver use it.
"""

from __future__ import annotations

from fieldcrm.tui.textual_private import WriterThread, use_writer_thread


class OutputThread(WriterThread):
    """Textual's writer thread, that outlives the terminal: after a failed write it drops
    everything queued until it is stopped."""

    terminal_gone = False

    def run(self) -> None:
        try:
            super().run()
        except (OSError, ValueError):  # EIO, EPIPE...; ValueError: the file was closed
            self.terminal_gone = True
            while self._queue.get() is not None:
                pass


def install() -> None:
    """Have Textual's Linux driver write through :class:`OutputThread`."""
    use_writer_thread(OutputThread)
