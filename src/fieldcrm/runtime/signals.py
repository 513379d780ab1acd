"""SIGTERM and SIGHUP end the app through its event loop, so the terminal is always restored.

Whatever the app is doing, it is gone :data:`DEADLINE` seconds after the signal: if the loop
has not finished by then (a worker blocked on a slow disk, a terminal that takes no more
output), the process ends there with the signal's exit code, and the operating system lets
go of the writer lock. A save in progress is then rolled back by SQLite, as after kill -9.

A handler installed on the running loop runs between two callbacks: a save in progress on the
UI thread finishes first (one transaction), and a save in a thread worker is either committed
or rolled back by SQLite when the process ends.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable

TERMINATING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def exit_code(signum: int) -> int:
    """What a shell reports for a process ended by ``signum``: 128 + its number."""
    return 128 + signum


DEADLINE = 2.0  # seconds from the signal to the end of the process, at most


def on_termination(handler: Callable[[int], None], deadline: float = DEADLINE) -> None:
    """Call ``handler(signum)`` from the running event loop on SIGTERM or SIGHUP, and end the
    process ``deadline`` seconds later if it is still running."""
    loop = asyncio.get_running_loop()

    def terminate(signum: int) -> None:
        end_by(deadline, exit_code(signum))
        handler(signum)

    for signum in TERMINATING:
        loop.add_signal_handler(signum, terminate, signum)


def end_by(deadline: float, code: int) -> None:
    """End the process with ``code`` in ``deadline`` seconds unless it has ended before."""
    timer = threading.Timer(deadline, os._exit, (code,))
    timer.daemon = True
    timer.start()


class Terminated(BaseException):
    """SIGTERM or SIGHUP during a command: unwinds it like Ctrl+C does, so files being
    written are removed and locks let go on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum: int, _frame: object) -> None:
    raise Terminated(signum)


def unwind_on_termination() -> None:
    """Until the app's event loop takes them over, SIGTERM and SIGHUP raise Terminated."""
    for signum in TERMINATING:
        signal.signal(signum, _raise_terminated)
