"""Work one step ahead: the items of an iterable made in a thread while the caller uses the last.

A first join reads, encodes and sends a million rows: the laptop's part (SQLite, JSON) and the
server's part (writing them) take turns unless the next batch is made while the server writes
this one. Both the driver of SQLite and that of PostgreSQL let go of the GIL while they wait.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterable
from typing import TypeVar

T = TypeVar("T")

_END = object()
_WAIT = 0.1  # seconds between looks at whether the caller has stopped


def ahead(items: Iterable[T], depth: int = 1) -> Generator[T, None, None]:
    """``items``, each made in a thread while the caller has the one before (at most ``depth``
    made and waiting). An error making one is raised here, where that item would have come;
    a caller that stops early stops the thread at its next item, and ``items`` (a generator)
    is closed in it before this returns."""
    made: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                made.put(item, timeout=_WAIT)
                return True
            except queue.Full:
                continue
        return False

    def make() -> None:
        made_from = iter(items)
        try:
            for item in made_from:
                if not put(item):
                    return
        except BaseException as exc:  # handed to the caller, raised there
            put(_Failed(exc))
            return
        finally:  # a generator stopped early is closed here, before the caller goes on
            close = getattr(made_from, "close", None)
            if close is not None:
                close()
        put(_END)

    thread = threading.Thread(target=make, name="fieldcrm-ahead", daemon=True)
    thread.start()
    try:
        while True:
            item = made.get()
            if item is _END:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error
