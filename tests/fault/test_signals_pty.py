"""The real app in a pseudo-terminal (160x48): SIGTERM and SIGHUP end it cleanly, with the
terminal's modes restored, the alternate screen and mouse reporting switched off, and the
database whole; an unexpected error does the same and leaves its traceback in a private log."""

from __future__ import annotations

import signal
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_support import (
    BOARD_READY,
    CHILDREN,
    Terminal,
    child_env,
    demo_db,
    fieldcrm,
    integrity,
    stages_match_events,
)

from fieldcrm.runtime.lock import WriterLock

pytestmark = pytest.mark.slow

LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"
MOUSE_OFF = b"\x1b[?1000l"
CURSOR_SHOWN = b"\x1b[?25h"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "data" / "crm.db")


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    """Terminals opened by a test, killed and closed whatever happens."""
    opened: list[Terminal] = []
    yield opened
    for term in opened:
        term.close()


def start(terminals: list[Terminal], argv: list[str], tmp_path: Path) -> Terminal:
    term = Terminal(argv, child_env(tmp_path))
    terminals.append(term)
    return term


def assert_terminal_restored(term: Terminal) -> None:
    assert term.modes_restored(), "termios modes differ from before the app started"
    tail = term.output[term.output.rindex(LEAVE_ALTERNATE_SCREEN) :]
    assert MOUSE_OFF in term.output and CURSOR_SHOWN in tail


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_ends_the_app_cleanly(signum: int, db: Path, tmp_path: Path, terminals) -> None:
    term = start(terminals, fieldcrm("--db", str(db), "--lang", "en"), tmp_path)
    term.wait_for(BOARD_READY)
    term.type(b"l[")  # move a card of the second column back: a save may be in flight
    term.signal(signum)
    assert term.finish() == 128 + signum
    assert_terminal_restored(term)
    assert b"Traceback" not in term.output
    assert integrity(db) == "ok"
    assert stages_match_events(db) == []  # the move is there with its event, or neither is
    with WriterLock(db) as lock:  # the lock was let go, and let go cleanly
        assert not lock.unclean


def test_closing_the_window_ends_the_app_cleanly(db: Path, tmp_path: Path, terminals) -> None:
    term = start(terminals, fieldcrm("--db", str(db), "--lang", "en"), tmp_path)
    term.wait_for(BOARD_READY)
    term.hang_up()  # nothing left to restore or write to: it must still end, and end well
    assert term.proc.wait(20) == 128 + signal.SIGHUP
    assert integrity(db) == "ok"
    with WriterLock(db) as lock:
        assert not lock.unclean
    assert not (tmp_path / "home" / "state").exists()  # no crash log


def test_an_unexpected_error_is_logged_privately(db: Path, tmp_path: Path, terminals) -> None:
    term = start(
        terminals, [sys.executable, str(CHILDREN / "crash_app.py"), "--db", str(db), "--lang", "en"], tmp_path
    )
    term.wait_for(BOARD_READY)
    term.type(b"?")
    assert term.finish() == 1
    assert_terminal_restored(term)
    logs = list((tmp_path / "home" / "state" / "fieldcrm" / "log").glob("fieldcrm-*.log"))
    assert len(logs) == 1
    log = logs[0]
    said = term.output.decode(errors="replace").replace("\r\n", "\n")
    assert f"The details are in {log}" in said
    assert b"injected fault" not in term.output  # no traceback, no locals on the screen
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: injected fault for the crash log" in text and "in broken" in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    assert integrity(db) == "ok"
    with WriterLock(db) as lock:  # the next start will check the whole file
        assert lock.unclean
