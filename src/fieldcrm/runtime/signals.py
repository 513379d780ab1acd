"""SIGTERM and SIGHUP end the app through its event loop, so the terminal is always restored.

A handler installed on the running loop runs between two callbacks: a save in progress on the
UI thread finishes first (one transaction), and a save in a thread worker is either committed
or rolled back by SQLite when the process ends.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable

TERMINATING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def exit_code(signum: int) -> int:
    """What a shell reports for a process ended by ``signum``: 128 + its number."""
    return 128 + signum


def on_termination(handler: Callable[[int], None]) -> None:
    """Call ``handler(signum)`` from the running event loop on SIGTERM or SIGHUP."""
    loop = asyncio.get_running_loop()
    for signum in TERMINATING:
        loop.add_signal_handler(signum, handler, signum)
