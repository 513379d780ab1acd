"""Erased for good, backups included: restoring a backup taken before an erasure erases again
what was erased, and nothing that was created after it."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from fault_support import query
from sqlalchemy import Engine

from fieldcrm import clock
from fieldcrm.io.backup import backup
from fieldcrm.io.restore import restore
from fieldcrm.store.accounts import create_account
from fieldcrm.store.db import open_db
from fieldcrm.store.erase import delete_account, delete_person
from fieldcrm.store.erased import erasures, ledger_of
from fieldcrm.store.models import AccountCreate, PersonCreate
from fieldcrm.store.people import create_person


def people(db: Path) -> list[str]:
    return [r[0] for r in query(db, "SELECT name FROM person ORDER BY id")]


def test_restoring_an_older_backup_erases_again(tmp_path: Path) -> None:
    db = tmp_path / "data" / "crm.db"
    engine: Engine = open_db(db)
    account = create_account(engine, AccountCreate(name="Acme"))
    other = create_account(engine, AccountCreate(name="Other Co"))
    assert account.id is not None and other.id is not None
    kept = create_person(engine, PersonCreate(account_id=account.id, name="Kept Person"))
    gone = create_person(engine, PersonCreate(account_id=account.id, name="Erased Person"))
    assert gone.id is not None and kept.id is not None
    clock.freeze(datetime(2026, 11, 20, 9, 0))
    older = backup(db)  # holds Erased Person and Other Co
    clock.freeze(datetime(2026, 11, 21, 9, 0))
    delete_person(engine, gone.id)
    delete_account(engine, other.id)
    reused = create_person(engine, PersonCreate(account_id=account.id, name="New Person"))
    assert reused.id == gone.id  # SQLite gave the freed id to the next new row
    clock.freeze(datetime(2026, 11, 22, 9, 0))
    newer = backup(db)  # holds New Person under that id
    engine.dispose()

    assert [(e.kind, e.id) for e in erasures(db)] == [("person", gone.id), ("account", other.id)]
    assert ledger_of(db).stat().st_mode & 0o777 == 0o600
    assert "Erased" not in ledger_of(db).read_text()  # ids only

    restore(db, older)
    assert people(db) == ["Kept Person"]
    assert query(db, "SELECT name FROM account ORDER BY id") == [("Acme",)]
    restore(db, newer)
    assert people(db) == ["Kept Person", "New Person"]
    clock.freeze(date(2026, 11, 27))
