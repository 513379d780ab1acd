"""Rows queued for the bulk writer: numbered in order, defaults filled, owners recorded,
batches numbered from 1 written in turn."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

from fieldcrm.store.bulk import NAME, Rows, write_in_turn
from fieldcrm.store.db import open_db
from fieldcrm.store.engine import writing
from fieldcrm.store.models import Account, Person
from fieldcrm.store.prospects import account_row

NOW = datetime(2026, 11, 27, 9, 0)


def rows() -> Rows:
    return Rows(SQLiteDialect_pysqlite(), {name: 10 for name in NAME.values()})


def test_rows_added_together_are_numbered_on_from_those_added_alone() -> None:
    queue = rows()
    assert queue.add(Account, name="First") == 10
    ids = queue.add_rows(Account, [{"name": "Second"}, {"name": "Third", "stage": 3}])
    assert list(ids) == [11, 12]
    assert queue.add(Account, name="Fourth") == 13
    taken = queue.take().rows["account"]
    assert [(r["id"], r["name"]) for r in taken] == [
        (10, "First"),
        (11, "Second"),
        (12, "Third"),
        (13, "Fourth"),
    ]
    # the writer's defaults fill what a row leaves out, and never what it sets
    assert [(r["stage"], r["status"]) for r in taken[1:3]] == [(1, "active"), (3, "active")]


def test_people_added_together_name_their_accounts_as_touched() -> None:
    queue = rows()
    queue.add_rows(
        Person, [{"account_id": 4, "name": "Li"}, {"account_id": 7, "name": "Wang", "influence": 5}]
    )
    queued = queue.take()
    assert queued.accounts == {4, 7}
    assert [(p["id"], p["influence"], p["role"]) for p in queued.rows["person"]] == [
        (10, 3, "other"),
        (11, 5, "other"),
    ]


def test_batches_numbered_from_one_are_written_after_the_rows_a_database_holds(tmp_path: Path) -> None:
    engine = open_db(tmp_path / "crm.db")
    with writing(engine).begin() as conn:
        before = Rows.on(conn)
        held = before.add_row(Account, account_row(NOW, name="Held"))
        before.add(Person, account_id=held, name="Ma")
        before.flush(conn)
    queue, batches = Rows.from_one(), []
    for name, person in (("First", "Li"), ("Second", "Wang")):
        account_id = queue.add_row(Account, account_row(NOW, name=name))
        queue.add(Person, account_id=account_id, name=person)
        batches.append(queue.batch())
    assert [b.numbered["account"] for b in batches] == [1, 1]  # each numbered from 1
    with writing(engine).begin() as conn:
        write_in_turn(conn, batches)
        found = conn.exec_driver_sql(
            "SELECT a.id, a.name, p.id, p.name, a.search_text FROM account a JOIN person p"
            " ON p.account_id = a.id ORDER BY a.id"
        ).all()
    engine.dispose()
    assert [tuple(r[:4]) for r in found] == [
        (1, "Held", 1, "Ma"),
        (2, "First", 2, "Li"),
        (3, "Second", 3, "Wang"),
    ]
    assert "wang" in found[2][4]  # its derived columns were made with its own people
