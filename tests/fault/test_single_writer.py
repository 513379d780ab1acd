"""One writer per database: a second fieldcrm is told who has the file and may look read-only,
where nothing can write; read-only commands keep working meanwhile."""

from __future__ import annotations

import os
import signal
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_support import BOARD_READY, Terminal, child_env, demo_db, digest, fieldcrm, rows
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from fieldcrm import cli, cli_io
from fieldcrm.runtime.lock import InUse, WriterLock
from fieldcrm.store import accounts
from fieldcrm.store.db import open_db
from fieldcrm.store.models import AccountCreate
from fieldcrm.store.sqlite_file import StoreError
from fieldcrm.tui.app import READ_ONLY_ACTIONS, FieldCRM
from fieldcrm.tui.screens.board import BoardScreen
from fieldcrm.tui.screens.files import ExportDialog

TABLES = ("account", "stage_event", "person", "activity")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "data" / "crm.db")


@pytest.fixture
def held(db: Path) -> Iterator[WriterLock]:
    with WriterLock(db) as lock:
        yield lock


def test_the_lock_names_its_holder_and_is_let_go(db: Path) -> None:
    with WriterLock(db) as lock:
        assert not lock.unclean
        assert stat.S_IMODE(lock.path.stat().st_mode) == 0o600
        with pytest.raises(InUse) as refused:
            WriterLock(db).acquire()
        assert refused.value.params == {"path": str(db), "pid": str(os.getpid())}
    assert lock.path.read_text() == ""  # let go cleanly
    with WriterLock(db) as again:
        assert not again.unclean


def test_a_second_writer_is_told_and_read_only_commands_still_work(db, held, tmp_path, capsys):
    before = digest(db)
    assert cli.main(["--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert f"{db} is open in another fieldcrm (process {os.getpid()})" in err
    assert "fieldcrm --read-only" in err and "Traceback" not in err
    csv = tmp_path / "prospects.csv"
    csv.write_text("company\nNew Co\n", encoding="utf-8")
    for command in (["demo", "--force"], ["import", str(csv)], ["restore", str(csv)]):
        assert cli.main(["--db", str(db), *command]) == 2, command
    assert digest(db) == before
    assert cli.main(["--db", str(db), "--lang", "zh"]) == 2
    assert "已在另一个 fieldcrm 中打开" in capsys.readouterr().err
    assert cli.main(["--db", str(db), "check"]) == 0
    assert cli.main(["--db", str(db), "export", "--out", str(tmp_path / "out.csv")]) == 0
    assert cli.main(["--db", str(db), "backup", "--out", str(tmp_path / "copy.db")]) == 0


def test_an_export_never_holds_up_the_writer(db: Path) -> None:
    """A reading command reads inside a plain transaction: the app's saves go on meanwhile
    (an IMMEDIATE one would hold them for as long as the export runs)."""
    writer = open_db(db)
    reader = cli_io.reading(db)
    try:
        with reader.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM account")).scalar() == 30  # reading
            started = time.monotonic()
            accounts.create_account(writer, AccountCreate(name="Saved meanwhile"))
            assert time.monotonic() - started < 1
    finally:
        reader.dispose()
        writer.dispose()


def test_a_read_only_engine_cannot_write(db: Path) -> None:
    before = digest(db)
    engine = open_db(db, read_only=True)
    try:
        with pytest.raises(DBAPIError, match="readonly"):
            accounts.create_account(engine, AccountCreate(name="Never saved"))
        with pytest.raises(DBAPIError), engine.begin() as conn:
            conn.execute(text("DELETE FROM account"))
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM account")).scalar() == 30
    finally:
        engine.dispose()
    assert digest(db) == before


def test_read_only_needs_an_existing_current_database(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    with pytest.raises(StoreError) as refused:
        open_db(missing, read_only=True)
    assert refused.value.key == "store.read_only_unusable"
    assert not missing.exists()


class Watched(FieldCRM):
    """The app, noting what it tells the user."""

    said: list[str]

    def notify(self, message: str, **kwargs) -> None:  # type: ignore[no-untyped-def, override]
        self.said = [*getattr(self, "said", []), message]
        super().notify(message, **kwargs)


async def test_read_only_switches_off_every_key_that_would_change_data(db: Path) -> None:
    engine = open_db(db, read_only=True)
    before = {t: rows(engine, t) for t in TABLES}
    writing = [
        s
        for s in BoardScreen.KEYS
        if s.action.split("(")[0] not in READ_ONLY_ACTIONS and not s.action.startswith("app.")
    ]
    assert {s.id for s in writing} >= {"board.new", "board.next_stage", "board.undo", "board.import"}
    app = Watched(engine, db, "en", offer_demo=False, read_only=True)
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            assert app.said[0].startswith("Read-only")
            await pilot.press("right")  # a column with cards
            for spec in writing:
                app.said = []
                await pilot.press(spec.keys.split(",")[0])
                await pilot.pause()
                assert isinstance(app.screen, BoardScreen), spec.id
                assert app.said == ["Read-only: this key would change data."], spec.id
            app.said = []
            await app.screen.run_action("new_account")  # as the command palette runs it
            assert app.said == ["Read-only: this key would change data."]
            await pilot.press("x")  # exporting only reads
            assert isinstance(app.screen, ExportDialog)
            await pilot.press("escape")
            app.said = []
            await pilot.press("r")  # nor does the report
            await pilot.pause()
            assert not isinstance(app.screen, BoardScreen) and app.said == []
    finally:
        engine.dispose()
    with WriterLock(db):  # a read-only app never took the lock
        pass
    reopened = open_db(db)
    assert {t: rows(reopened, t) for t in TABLES} == before
    reopened.dispose()


@pytest.mark.slow
def test_a_second_app_offers_read_only_in_the_terminal(db: Path, tmp_path: Path) -> None:
    first = Terminal(fieldcrm("--db", str(db), "--lang", "en"), child_env(tmp_path))
    second = None
    try:
        first.wait_for(BOARD_READY)
        second = Terminal(fieldcrm("--db", str(db), "--lang", "en"), child_env(tmp_path))
        second.wait_for(b"Open it read-only now? [y/N]")
        assert f"(process {first.proc.pid})".encode() in second.output
        second.type(b"y\r")
        second.wait_for(BOARD_READY)
        second.wait_for(b"Read-only")
        second.type(b"n")
        second.wait_for(b"this key")  # the refusal (toasts wrap their lines)
        for term in (second, first):
            term.signal(signal.SIGTERM)
            assert term.finish() == 128 + signal.SIGTERM
            assert term.modes_restored()
    finally:
        first.close()
        if second is not None:
            second.close()
