"""The engine on a real SQLite file: folder and file modes, pragmas, transactions."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from fieldcrm.store.db import open_db
from fieldcrm.store.migrations import LATEST
from fieldcrm.store.models import Account
from fieldcrm.store.session import transaction
from fieldcrm.store.sqlite_file import BUSY_TIMEOUT_MS, StoreError


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """A permissive umask, so the modes checked come from the code and not the environment."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def add_account(engine: Engine, name: str = "Acme") -> int:
    now = datetime(2025, 1, 1, 9, 0)
    with transaction(engine) as s:
        a = Account(name=name, name_key=name.lower(), created_at=now, updated_at=now, stage_since=now)
        s.add(a)
        s.flush()
        assert a.id is not None
        return a.id


def test_open_db_creates_private_folder_and_files(tmp_path, loose_umask):
    path = tmp_path / "a" / "b" / "fieldcrm.db"
    engine = open_db(path)
    try:
        with engine.connect() as conn:  # hold a connection so -wal and -shm stay
            add_account(engine)
            assert conn.execute(text("SELECT count(*) FROM account")).scalar() == 1
            for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                assert p.exists(), p
                assert mode(p) == 0o600, (p, oct(mode(p)))
        assert mode(path.parent) == 0o700
        assert mode(path.parent.parent) == 0o700
    finally:
        engine.dispose()


def test_open_db_tightens_an_existing_loose_file(tmp_path, loose_umask):
    path = tmp_path / "fieldcrm.db"
    open_db(path).dispose()
    path.chmod(0o644)
    engine = open_db(path)
    engine.dispose()
    assert mode(path) == 0o600


def test_new_file_is_at_the_latest_schema(engine, db_path):
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA user_version")).scalar() == LATEST
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
    assert {
        "account",
        "person",
        "activity",
        "assessment",
        "assessment_factor",
        "plan_task",
        "sim_reason",
        "stage_event",
        "ladder_event",
        "setting",
    } <= tables


def test_reopening_keeps_data(db_path):
    engine = open_db(db_path)
    add_account(engine, "Kept")
    engine.dispose()
    engine = open_db(db_path)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM account")).scalars().all() == ["Kept"]
    finally:
        engine.dispose()


def test_pragmas_on_every_connection(engine):
    raws = [engine.raw_connection() for _ in range(3)]  # three distinct pooled connections
    try:
        assert len({id(r.driver_connection) for r in raws}) == 3
        for raw in raws:
            cur = raw.cursor()

            def pragma(name: str, cur=cur) -> object:
                return cur.execute(f"PRAGMA {name}").fetchone()[0]

            assert pragma("foreign_keys") == 1
            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == 2  # FULL
            assert pragma("busy_timeout") == BUSY_TIMEOUT_MS > 0
            cur.close()
    finally:
        for raw in raws:
            raw.close()


def test_transaction_commits_or_rolls_back_as_one(engine):
    add_account(engine, "One")
    with pytest.raises(RuntimeError), transaction(engine) as s:
        now = datetime(2025, 1, 1)
        s.add(Account(name="Two", name_key="two", created_at=now, updated_at=now, stage_since=now))
        s.flush()
        raise RuntimeError("abort")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM account")).scalars().all() == ["One"]


def test_folder_that_cannot_be_made_is_a_store_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError) as exc:
        open_db(blocker / "sub" / "fieldcrm.db")
    assert exc.value.key == "store.cannot_create_folder"
    assert exc.value.params["path"] == str(blocker / "sub")


def test_a_long_read_does_not_hold_up_a_save(engine):
    """Reads begin deferred, so a read in progress (an export, the board) never blocks a write."""
    from fieldcrm.store.accounts import create_account
    from fieldcrm.store.models import AccountCreate

    create_account(engine, AccountCreate(name="Acme"))
    with engine.connect() as reader:
        rows = reader.execute(text("SELECT name FROM account")).all()  # its transaction stays open
        started = time.monotonic()
        create_account(engine, AccountCreate(name="Harbor Steel"))
        assert time.monotonic() - started < 1.0
        assert [r.name for r in rows] == ["Acme"]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM account")).scalar() == 2
