"""Closing the terminal at any moment of a session ends fieldcrm within seconds, its writer
lock let go: whatever it was doing, no process is left behind holding the database."""

from __future__ import annotations

import errno
import io
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_support import BOARD_READY, CHILDREN, Terminal, child_env, demo_db, fieldcrm, integrity

from fieldcrm.runtime.lock import WriterLock
from fieldcrm.tui.terminal import OutputThread

pytestmark = pytest.mark.slow
ENDS_WITHIN = 3.0  # seconds: the 2 s of the promise, and the time to start a process


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_db(tmp_path_factory.mktemp("demo") / "crm.db", accounts=400)


@pytest.fixture
def db(demo: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data" / "crm.db"
    copy.parent.mkdir(mode=0o700)
    copy.write_bytes(demo.read_bytes())
    copy.chmod(0o600)
    return copy


@pytest.fixture
def term(db: Path, tmp_path: Path) -> Iterator[Terminal]:
    terminal = Terminal(fieldcrm("--db", str(db), "--lang", "en"), child_env(tmp_path))
    yield terminal
    terminal.close()


def ends(term: Terminal) -> int:
    started = time.monotonic()
    while term.proc.poll() is None:
        if time.monotonic() - started > ENDS_WITHIN:
            pytest.fail(f"fieldcrm still runs {ENDS_WITHIN} s after it was told to end")
        time.sleep(0.02)
    return term.proc.returncode


@pytest.mark.parametrize("after", [0.0, 0.15, 0.3, 0.6, 1.0])
def test_closing_the_terminal_during_start_up(after: float, term: Terminal, db: Path) -> None:
    time.sleep(after)
    term.hang_up()
    assert ends(term) in (-signal.SIGHUP, 128 + signal.SIGHUP)
    with WriterLock(db):
        pass
    assert integrity(db) == "ok"


@pytest.mark.parametrize("after", [0.0, 0.05, 0.2, 0.5])
def test_closing_the_terminal_while_the_board_draws(after: float, term: Terminal, db: Path) -> None:
    term.wait_for(BOARD_READY)
    term.type(b"jjjl/a")  # keys in flight: redraws queued for a terminal about to go
    time.sleep(after)
    term.hang_up()
    assert ends(term) == 128 + signal.SIGHUP
    with WriterLock(db):
        pass


class GoneTerminal(io.StringIO):
    """A terminal that was closed: every write fails as a closed pty's does."""

    def write(self, text: str) -> int:
        raise OSError(errno.EIO, "Input/output error")


def test_the_output_thread_outlives_the_terminal() -> None:
    thread = OutputThread(GoneTerminal())
    thread.start()
    done = threading.Event()

    def draw_then_stop() -> None:
        for _ in range(100):  # far more than the queue holds
            thread.write("\x1b[H frame")
        thread.stop()
        done.set()

    threading.Thread(target=draw_then_stop, daemon=True).start()
    assert done.wait(5), "writes blocked on a terminal that is gone"
    assert thread.terminal_gone


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_ends_the_app_with_a_worker_stuck(signum: int, db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "nobody-writes"
    os.mkfifo(fifo)
    argv = [sys.executable, str(CHILDREN / "stuck_worker.py"), str(fifo), "--db", str(db), "--lang", "en"]
    term = Terminal(argv, child_env(tmp_path))
    try:
        term.wait_for(BOARD_READY)
        term.type(b"?")
        term.wait_for(b"worker started")
        term.signal(signum)
        assert ends(term) == 128 + signum
    finally:
        term.close()
    with WriterLock(db):
        pass
