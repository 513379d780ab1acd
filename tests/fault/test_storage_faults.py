"""A read-only or full folder, and a disk that fills during a session: a clear message in either
language, never a traceback, and nothing half-written."""

from __future__ import annotations

import asyncio
import errno
import io
import json
import os
import select
import shutil
import sqlite3
import stat
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from fault_support import demo_db, integrity, rows
from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError

from fieldcrm import cli
from fieldcrm.i18n import catalogs, set_language, t
from fieldcrm.runtime.crash import CRASHED, STORAGE, failure_of
from fieldcrm.store import accounts
from fieldcrm.store.db import open_db
from fieldcrm.store.models import AccountCreate
from fieldcrm.store.sqlite_file import storage_error
from fieldcrm.tui.app import FieldCRM

NOBODY = 65534
CHILD_TIMEOUT = 60


def run_cli(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    with redirect_stderr(err):
        code = cli.main(list(argv))
    return code, err.getvalue()


def as_unprivileged(scenario: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """``scenario()`` as a user that file permissions apply to. Root ignores them, so as root
    it runs in a forked child that has become 'nobody' (with what this process has imported:
    nobody may not read the interpreter's files)."""
    if os.geteuid() != 0:
        return scenario()
    if not hasattr(os, "fork"):
        pytest.skip("cannot drop root here: no fork, so a read-only folder cannot be simulated")
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(reader)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            result: dict[str, Any] = {"result": scenario()}
        except BaseException:
            result = {"error": traceback.format_exc()}
        os.write(writer, json.dumps(result).encode())
        os._exit(0)
    os.close(writer)
    data, deadline = b"", time.monotonic() + CHILD_TIMEOUT
    while time.monotonic() < deadline:
        if select.select([reader], [], [], 0.1)[0]:
            chunk = os.read(reader, 65536)
            if not chunk:
                break
            data += chunk
    os.close(reader)
    while os.waitpid(pid, os.WNOHANG) == (0, 0):
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            pytest.fail("the unprivileged child did not finish in time")
        time.sleep(0.01)
    outcome = json.loads(data)
    assert "error" not in outcome, outcome.get("error")
    return outcome["result"]


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder anyone may write to (tmp_path's parents are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="fieldcrm-ro-"))
    folder.chmod(0o777)
    yield folder
    for path in (folder, *folder.rglob("*")):
        if path.is_dir():
            path.chmod(0o700)
    shutil.rmtree(folder)


def test_a_read_only_folder_is_explained(shared_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[bool] = []

    def tui(path: Path, lang: str, read_only: bool = False, daily: bool = False) -> int:
        with open_db(path, read_only=read_only).connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM account").scalar()
        opened.append(read_only)
        return 0

    monkeypatch.setattr(cli, "_tui", tui)
    warm = shared_folder / "warm" / "crm.db"  # everything the child runs, imported beforehand
    assert run_cli("--db", str(warm), "demo", "--accounts", "1")[0] == 0
    assert run_cli("--db", str(warm))[0] == 0
    catalogs()

    def scenario() -> dict[str, Any]:
        used = shared_folder / "used" / "crm.db"  # has a lock file from an earlier session
        assert run_cli("--db", str(used), "demo", "--accounts", "3")[0] == 0
        used.parent.chmod(0o500)
        fresh = shared_folder / "fresh"
        fresh.mkdir(mode=0o500)
        return {
            "demo": run_cli("--db", str(used), "demo", "--force"),
            "app": run_cli("--db", str(used)),
            "app_zh": run_cli("--db", str(used), "--lang", "zh"),
            "new_file": run_cli("--db", str(fresh / "crm.db")),
            "read_only": run_cli("--db", str(used), "--read-only"),
            "opened": opened,
        }

    found = as_unprivileged(scenario)
    for case in ("demo", "app", "new_file"):
        code, err = found[case]
        assert code == 2 and "is read-only" in err and "Traceback" not in err, (case, err)
    assert found["app_zh"][0] == 2 and "是只读的" in found["app_zh"][1]
    assert found["read_only"] == [0, ""]  # looking still works
    assert found["opened"] == [False, True]  # the warm-up, then only the read-only look


def test_a_full_disk_at_start_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = demo_db(tmp_path / "crm.db")
    before = integrity(db)

    def full(*_args: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "pwrite", full)  # the lock file is the first thing written
    for lang, words in (("en", "is full"), ("zh", "磁盘已满")):
        code, err = run_cli("--db", str(db), "--lang", lang, "demo", "--force")
        assert code == 2 and words in err and "Traceback" not in err
    assert integrity(db) == before == "ok"


def brim(engine: Engine) -> None:
    """Let the database grow no more, then fill the room left in its pages."""
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    engine.dispose()

    @event.listens_for(engine, "connect")
    def _cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    for notes in ("." * 400, None):  # large rows, then small ones into what room is left
        for i in count():
            try:
                accounts.create_account(
                    engine, AccountCreate(name=f"Filler {notes and 'L'}{i:05d}", notes=notes)
                )
            except OperationalError as exc:
                assert "full" in str(exc)
                break


async def test_a_disk_filling_during_a_session_ends_it_with_a_message(tmp_path: Path) -> None:
    db = demo_db(tmp_path / "crm.db")
    engine = open_db(db)
    brim(engine)
    before = rows(engine, "account")
    app = FieldCRM(engine, db, "en", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("n")
        await pilot.press(*"Brim Company")
        app.simulate_key("ctrl+s")  # the save fails and the app closes: nothing to wait for
        for _ in range(200):
            if app.failure is not None:
                break
            await asyncio.sleep(0.05)
    assert app.failure is not None and app.failure.code == STORAGE
    assert "is full" in app.failure.message and "was not written" in app.failure.message
    assert rows(engine, "account") == before
    engine.dispose()
    assert integrity(db) == "ok"


def sqlite_error(tmp_path: Path, make: Callable[[sqlite3.Connection], object]) -> sqlite3.Error:
    con = sqlite3.connect(tmp_path / "probe.db", isolation_level=None)
    con.execute("CREATE TABLE IF NOT EXISTS t (x TEXT UNIQUE)")
    try:
        make(con)
    except sqlite3.Error as exc:
        return exc
    finally:
        con.close()
    raise AssertionError("no error")


def test_storage_errors_map_to_messages_in_both_languages(tmp_path: Path) -> None:
    def full(con: sqlite3.Connection) -> None:
        con.execute("PRAGMA max_page_count = 2")
        con.execute("INSERT INTO t VALUES (?)", ("x" * 100_000,))

    def read_only(_con: sqlite3.Connection) -> None:
        ro = sqlite3.connect(f"file:{tmp_path / 'probe.db'}?mode=ro", uri=True)
        ro.execute("INSERT INTO t VALUES ('y')")

    def cannot_open(_con: sqlite3.Connection) -> None:
        sqlite3.connect(tmp_path / "missing" / "x.db").execute("SELECT 1")

    def not_a_database(_con: sqlite3.Connection) -> None:
        (tmp_path / "text.db").write_text("hello, not a database\n" * 10)
        sqlite3.connect(tmp_path / "text.db").execute("SELECT * FROM sqlite_master")

    def constraint(con: sqlite3.Connection) -> None:
        con.execute("INSERT INTO t VALUES ('same')")
        con.execute("INSERT INTO t VALUES ('same')")

    expected = {
        full: "store.disk_full",
        read_only: "store.read_only",
        cannot_open: "store.cannot_open",
        not_a_database: "store.damaged",
        constraint: None,
    }
    for make, key in expected.items():
        fault = storage_error(sqlite_error(tmp_path, make), tmp_path / "crm.db")
        assert (fault and fault.key) == key, make.__name__
        for lang in ("en", "zh"):
            set_language(lang)
            if fault is not None:
                assert str(tmp_path) in t(fault.key, **fault.params)
    assert storage_error(ValueError("not sqlite"), tmp_path) is None


def test_an_unexpected_error_goes_to_a_private_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        raise RuntimeError("surprise")
    except RuntimeError as exc:
        error = exc
    failure = failure_of(error, tmp_path / "crm.db")
    assert failure.code == CRASHED
    log = Path(failure.message.split("The details are in ")[1].split("; please")[0])
    assert "RuntimeError: surprise" in log.read_text(encoding="utf-8")
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert log.parent == tmp_path / "state" / "fieldcrm" / "log"
    again = failure_of(error, tmp_path / "crm.db")  # same second: a second file, not the same one
    assert again.message != failure.message
    (tmp_path / "blocked").write_text("a file where the log folder should be")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "blocked"))
    unlogged = failure_of(error, tmp_path / "crm.db")
    assert "could not be written" in unlogged.message and "RuntimeError: surprise" in unlogged.message


def test_a_crash_log_holds_no_customer_data(tmp_path: Path) -> None:
    engine = open_db(tmp_path / "crm.db")
    name = " ".join(["Secret", "Customer", "Ltd"])  # not on the line the traceback quotes
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO account (name) VALUES (?)", (name,))
    except Exception as exc:  # NOT NULL fails: SQLAlchemy's message would list the parameters
        error = exc
    engine.dispose()
    failure = failure_of(error, tmp_path / "crm.db")
    log = Path(failure.message.split("The details are in ")[1].split("; please")[0])
    text = log.read_text(encoding="utf-8")
    assert "IntegrityError" in text and "Secret Customer" not in text
