"""Rows queued for the bulk writer: numbered in order, defaults filled, owners recorded."""

from __future__ import annotations

from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

from fieldcrm.store.bulk import NAME, Rows
from fieldcrm.store.models import Account, Person


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
