"""Demo rows made in a second process while this one writes them.

Making a demo account's rows (drawing them, then their derived columns and parameters) takes
about twice as long as SQLite takes to write them, all of it Python holding the interpreter's
lock: a thread gains nothing, a process on the laptop's second core does. The second process
(``python -m fieldcrm.demo.apart``) runs the same ``generate.made`` over the same plan, so the
rows are the same either way; it sends each batch, pickled, through a pipe whose buffer holds
it back when the writer falls behind (memory stays flat), and it is stopped with the writer
when the writer stops, on an error or an interrupt.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Iterator, Mapping
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from fieldcrm.demo.generate import Plan
    from fieldcrm.store.bulk import Queued

APART_FROM = 20_000  # accounts from which a second process pays for its start (about 0.5 s)


class MakerFailed(Exception):
    """The second process stopped before its last batch (its last words, if any)."""


def made(plan: Plan, ids: Mapping[str, int]) -> Iterator[Queued]:
    """``generate.made(plan, ids)``, each batch made in a second process."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}  # finds this fieldcrm
    maker = subprocess.Popen(
        [sys.executable, "-m", "fieldcrm.demo.apart"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert maker.stdin is not None and maker.stdout is not None and maker.stderr is not None
    try:
        with maker.stdin:
            pickle.dump((plan, dict(ids)), maker.stdin)
        while (batch := _next(maker.stdout)) is not None:
            yield batch
        if maker.wait() != 0:
            words = maker.stderr.read().decode(errors="replace").strip().splitlines()
            raise MakerFailed(words[-1] if words else f"exit code {maker.returncode}")
    finally:
        if maker.poll() is None:
            maker.kill()
        maker.wait()
        maker.stdout.close()
        maker.stderr.close()


def _next(pipe: IO[bytes]) -> Queued | None:
    """The next batch; None at the end of the output, or where it breaks off (the second
    process stopped half-way through a batch: its exit code and last words then tell why)."""
    try:
        batch: Queued = pickle.load(pipe)  # from the process started above, running this module
    except (EOFError, pickle.UnpicklingError):
        return None
    return batch


def main() -> None:
    """The second process: the plan from standard input, each batch to standard output."""
    from fieldcrm.demo.generate import made as make
    from fieldcrm.runtime.collector import settle

    settle()
    plan, ids = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    for batch in make(plan, ids):
        pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


if __name__ == "__main__":
    main()
