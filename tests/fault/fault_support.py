"""Helpers of the fault tests: demo databases, SQLite's own checks, and the app in a terminal."""

from __future__ import annotations

import fcntl
import hashlib
import os
import pty
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

CHILDREN = Path(__file__).parent / "children"
TODAY = date(2026, 11, 27)
NOW = "2026-11-27T09:00:00"
BOARD_READY = b"Prospect"  # the first column's title: the board has drawn


def demo_db(path: Path, accounts: int = 30) -> Path:
    """A database with deterministic demo data (closed again)."""
    from fieldcrm.demo.generate import write_demo
    from fieldcrm.store.db import open_db

    engine = open_db(path)
    write_demo(engine, accounts=accounts, seed=7, lang="en", force=False)
    engine.dispose()
    return path


def query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` on a read-only connection (with the -wal, as SQLite sees the file)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def integrity(path: Path) -> str:
    """PRAGMA integrity_check, joined: "ok" when sound."""
    return "; ".join(str(r[0]) for r in query(path, "PRAGMA integrity_check"))


def stages_match_events(path: Path) -> list[tuple[int, int, int]]:
    """Accounts whose stage is not the one their last stage event moved them to (each change
    is one transaction with its event, so there must be none)."""
    return [
        tuple(r)
        for r in query(
            path,
            """
        SELECT a.id, a.stage, e.to_stage FROM account a
        JOIN stage_event e ON e.id = (SELECT max(id) FROM stage_event WHERE account_id = a.id)
        WHERE a.stage != e.to_stage""",
        )
    ]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(engine: Engine, table: str) -> list[tuple[Any, ...]]:
    """Every row of ``table`` in id order: to compare a database before and after."""
    with engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(f"SELECT * FROM {table} ORDER BY rowid")]


def child_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a child fieldcrm: frozen time, a private home, a capable terminal."""
    home = tmp_path / "home"
    return {
        **os.environ,
        "FIELDCRM_NOW": NOW,
        "HOME": str(home),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_DATA_HOME": str(home / "data"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
    }


class Terminal:
    """A child process in a pseudo-terminal of a fixed size: type into it, read what it drew,
    and compare the terminal's modes before it started and after it ended."""

    def __init__(self, argv: list[str], env: dict[str, str], size: tuple[int, int] = (160, 48)) -> None:
        self.master, self.slave = pty.openpty()
        width, height = size
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        self.modes_before = termios.tcgetattr(self.slave)
        self.output = b""
        self.proc = subprocess.Popen(
            argv, stdin=self.slave, stdout=self.slave, stderr=self.slave, env=env, start_new_session=True
        )

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return False
        try:
            self.output += os.read(self.master, 65536)
        except OSError:
            return False
        return True

    def wait_for(self, needle: bytes, timeout: float = 20) -> None:
        """Read until ``needle`` has been drawn; fail with what was drawn after ``timeout``."""
        end = time.monotonic() + timeout
        while needle not in self.output:
            if time.monotonic() > end or (self.proc.poll() is not None and not self._read(0.1)):
                raise AssertionError(f"{needle!r} never appeared: {self.output[-2000:]!r}")
            self._read(0.05)

    def type(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def signal(self, signum: int) -> None:
        self.proc.send_signal(signum)

    def finish(self, timeout: float = 20) -> int:
        """Wait for the process to end (read all it wrote); its exit code."""
        end = time.monotonic() + timeout
        while self.proc.poll() is None:
            if time.monotonic() > end:
                self.proc.kill()
                raise AssertionError(f"still running after {timeout} s: {self.output[-2000:]!r}")
            self._read(0.05)
        while self._read(0.1):
            pass
        return self.proc.returncode

    def modes_restored(self) -> bool:
        return termios.tcgetattr(self.slave) == self.modes_before

    def hang_up(self) -> None:
        """The window closes: the terminal is gone (the app is told with SIGHUP)."""
        self._close_fds()
        self.proc.send_signal(signal.SIGHUP)

    def _close_fds(self) -> None:
        for fd in (self.master, self.slave):
            if fd >= 0:
                os.close(fd)
        self.master = self.slave = -1

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(5)
        self._close_fds()


def fieldcrm(*args: str) -> list[str]:
    """The command line of ``python -m fieldcrm ARGS``."""
    return [sys.executable, "-m", "fieldcrm", *args]
