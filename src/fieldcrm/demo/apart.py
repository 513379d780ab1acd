"""Demo rows made in other processes while this one writes them.

Making a demo account's rows (drawing them, then their derived columns and values) takes about
twice as long as SQLite takes to write them, all of it Python holding the interpreter's lock: a
thread gains nothing, processes on the laptop's other cores do. Each maker (``python -m
fieldcrm.demo.apart``) runs ``generate.made`` over the same plan for every ``n``-th batch, so
the rows are the same however many make them; it sends each batch, pickled, through a pipe whose
buffer holds it back when the writer falls behind (memory stays flat). The writer takes the
batches in order, one from each maker in turn, and stops every maker when it stops, on an error
or an interrupt.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from fieldcrm.demo.generate import Plan
    from fieldcrm.store.bulk import Batch

APART_FROM = 20_000  # accounts from which other processes pay for their start (about 0.5 s)
MAKERS_AT_MOST = 4  # beyond these the writer (SQLite) is the slower side


class MakerFailed(Exception):
    """A maker stopped before its last batch (its last words, if any)."""


def makers(accounts: int) -> int:
    """How many makers pay for ``accounts``: none below APART_FROM, else one a core the
    process may use, within MAKERS_AT_MOST."""
    if accounts < APART_FROM:
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(MAKERS_AT_MOST, cores or 1))


def made(plan: Plan, count: int) -> Iterator[Batch]:
    """``generate.made(plan)``, its batches made by ``count`` other processes in turn."""
    count = max(1, min(count, plan.chunks))
    with ExitStack() as stack:
        makers = [stack.enter_context(_Maker(plan, first, count)) for first in range(count)]
        for number in range(plan.chunks):
            yield makers[number % count].next()
        for maker in makers:
            maker.ended()


class _Maker:
    """One maker process, making every ``step``-th batch from ``first``; stopped on leaving."""

    def __init__(self, plan: Plan, first: int, step: int) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}  # this fieldcrm
        self._process = subprocess.Popen(
            [sys.executable, "-m", "fieldcrm.demo.apart"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._out = self._process.stdout
        with self._process.stdin:
            pickle.dump((plan, range(first, plan.chunks, step)), self._process.stdin)

    def __enter__(self) -> _Maker:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._out.close()
        assert self._process.stderr is not None
        self._process.stderr.close()

    def next(self) -> Batch:
        """Its next batch; MakerFailed if it ended without one."""
        batch = _next(self._out)
        if batch is None:
            self.ended()
            raise MakerFailed("it ended before its last batch")
        return batch

    def ended(self) -> None:
        """Wait for the maker to end; MakerFailed, with its last words, unless it ended well."""
        if self._process.wait() != 0:
            assert self._process.stderr is not None
            words = self._process.stderr.read().decode(errors="replace").strip().splitlines()
            raise MakerFailed(words[-1] if words else f"exit code {self._process.returncode}")


def _next(pipe: IO[bytes]) -> Batch | None:
    """The next batch; None at the end of the output, or where it breaks off (the maker
    stopped half-way through a batch: its exit code and last words then tell why)."""
    try:
        batch: Batch = pickle.load(pipe)  # from a process started above, running this module
    except (EOFError, pickle.UnpicklingError):
        return None
    return batch


def main() -> None:
    """A maker: the plan and its batches' numbers from standard input, each batch to
    standard output."""
    from fieldcrm.demo.generate import made as make
    from fieldcrm.runtime.collector import settle

    settle()
    plan, which = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    for batch in make(plan, which):
        pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


if __name__ == "__main__":
    main()
