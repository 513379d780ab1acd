"""kill -9 a writer in the middle of its writes, many times over: every write it reported
committed is there, every change came with its stage event, and SQLite finds the file sound.

The writer holds the writer lock as the app does; the operating system drops it with the
process, and the next writer learns that the last one did not end cleanly.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fault_support import CHILDREN, NOW, integrity, query, stages_match_events

from fieldcrm.runtime.lock import WriterLock
from fieldcrm.store import health

pytestmark = pytest.mark.slow

ROUNDS = 8
MIN_LINES = 6  # committed writes reported before the kill can come
MAX_WAIT = 0.4  # seconds after that, at random


def kill_mid_writes(db: Path, start: int, rng: random.Random) -> list[str]:
    """Run the writer, kill -9 it at a random moment; the lines it completed."""
    env = {**os.environ, "FIELDCRM_NOW": NOW}
    proc = subprocess.Popen(
        [sys.executable, str(CHILDREN / "writer.py"), str(db), str(start)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None
    out = b""
    deadline = time.monotonic() + 30
    try:
        while out.count(b"\n") < MIN_LINES:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else b""
            assert time.monotonic() < deadline, "the writer never got going"
            if select.select([proc.stdout], [], [], 0.1)[0]:
                out += os.read(proc.stdout.fileno(), 65536)
        time.sleep(rng.uniform(0, MAX_WAIT))
    finally:
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    text = (out + rest).decode()
    return text.split("\n")[:-1]  # the last piece may be a line cut short


def test_every_reported_write_survives_kill_9(tmp_path: Path) -> None:
    db = tmp_path / "data" / "crm.db"
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    reported: list[str] = []
    for round_no in range(ROUNDS):
        reported += kill_mid_writes(db, round_no * 100_000, rng)
        with WriterLock(db) as lock:
            assert lock.unclean, "the killed writer's process id is left in the lock file"
    accounts = {r[0]: r[1] for r in query(db, "SELECT id, stage FROM account")}
    activities = {r[0] for r in query(db, "SELECT id FROM activity")}
    for line in reported:
        kind, id_ = line.split()
        if kind == "account":
            assert int(id_) in accounts, (seed, line)
        elif kind == "moved":
            assert accounts[int(id_)] == 2, (seed, line)
        else:
            assert int(id_) in activities, (seed, line)
    assert len(reported) >= ROUNDS * MIN_LINES
    assert integrity(db) == "ok", seed
    assert query(db, "PRAGMA foreign_key_check") == []
    assert stages_match_events(db) == [], seed
    health.check(db, thorough=True)  # the -wal a killed writer leaves is its own, not foreign
