"""The server's write functions: rows arrive only through them, each checking the caller may
write the account, merging field by field (the later stamp wins) and refusing a laptop whose
clock is too far ahead."""

from __future__ import annotations

import json
import time
import uuid

import pytest

from fieldcrm.domain.hlc import MAX_AHEAD_MS, Stamp

from .conftest import member, psycopg
from .pg_server import Server


def now_ms() -> int:
    return int(time.time() * 1000)


def push(
    conn: psycopg.Connection,
    kind: str,
    row: uuid.UUID,
    account: uuid.UUID,
    fields: dict[str, object],
    wall: int,
    node: str = "n1",
    seen: str | None = None,
) -> int:
    """One row through ``push_batch``, as a laptop sends it; the conflicts it recorded."""
    batch = [
        {
            "k": kind,
            "id": str(row),
            "a": str(account),
            "f": fields,
            "t": Stamp(wall, 0, node).encode(),
        }
    ]
    found = conn.execute("SELECT fieldcrm.push_batch(%s, %s)", (json.dumps(batch), seen)).fetchone()
    return int(found[0])


def push_account(conn: psycopg.Connection, account: uuid.UUID, fields: dict[str, object], wall: int) -> None:
    push(conn, "account", account, account, fields, wall)


def test_fields_merge_one_by_one_the_later_stamp_winning(pg: Server, team: str) -> None:
    account, t = uuid.uuid4(), now_ms() - 60_000
    with member(pg, team, "rae", autocommit=True) as rae:
        push_account(rae, account, {"name": "Acme", "city": "Ningbo", "notes": "old"}, t)
        push_account(rae, account, {"city": "Wuxi"}, t + 10)  # later: wins
        push_account(rae, account, {"notes": "stale"}, t - 10)  # earlier: loses
        row = rae.execute("SELECT owner, fields FROM fieldcrm.account WHERE id = %s", (account,)).fetchone()
    assert row == ("rae", {"name": "Acme", "city": "Wuxi", "notes": "old"})


def test_who_may_write_which_account(pg: Server, team: str) -> None:
    account, t = uuid.uuid4(), now_ms()
    with member(pg, team, "rae", autocommit=True) as rae:
        push_account(rae, account, {"name": "Acme"}, t)
    with member(pg, team, "ray", autocommit=True) as ray, pytest.raises(psycopg.errors.InsufficientPrivilege):
        push_account(ray, account, {"name": "Mine now"}, t + 1)  # another rep's account
    with member(pg, team, "lou", autocommit=True) as lou:  # the lead of rae's team may
        push_account(lou, account, {"stage_note": "checked"}, t + 2)
        push(lou, "person", uuid.uuid4(), account, {"name": "Li"}, t + 3)
    with member(pg, team, "ray", autocommit=True) as ray, pytest.raises(psycopg.errors.InsufficientPrivilege):
        push(ray, "person", uuid.uuid4(), account, {}, t + 4)  # nor a row of it
    with member(pg, team, "mia", autocommit=True) as mia:
        assert mia.execute("SELECT count(*) FROM fieldcrm.record").fetchone() == (1,)


def test_a_row_stays_with_its_account(pg: Server, team: str) -> None:
    first, second, person, t = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), now_ms()
    with member(pg, team, "rae", autocommit=True) as rae:
        push_account(rae, first, {"name": "A"}, t)
        push_account(rae, second, {"name": "B"}, t)
        push(rae, "person", person, first, {}, t)
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            push(rae, "person", person, second, {}, t)


def test_a_laptop_clock_too_far_ahead_is_refused_and_nothing_is_written(pg: Server, team: str) -> None:
    account = uuid.uuid4()
    with member(pg, team, "rae", autocommit=True) as rae:
        with pytest.raises(psycopg.Error, match="the clock of this laptop is wrong"):
            push_account(rae, account, {"name": "Acme"}, now_ms() + MAX_AHEAD_MS + 60_000)
        assert rae.execute("SELECT count(*) FROM fieldcrm.account").fetchone() == (0,)
        push_account(rae, account, {"name": "Acme"}, now_ms() + MAX_AHEAD_MS - 60_000)  # within the limit


def snapshot(conn: psycopg.Connection) -> str:
    """The snapshot a laptop reading the server now would keep."""
    return str(conn.execute("SELECT pg_current_snapshot()::text").fetchone()[0])


def conflicts(conn: psycopg.Connection) -> list[tuple[object, ...]]:
    return conn.execute(
        "SELECT field, value, author, winner, restored_at IS NOT NULL FROM fieldcrm.conflict ORDER BY id"
    ).fetchall()


def test_a_field_changed_on_both_sides_keeps_the_value_that_lost(pg: Server, team: str) -> None:
    account, t = uuid.uuid4(), now_ms() - 60_000
    with member(pg, team, "rae", autocommit=True) as rae, member(pg, team, "lou", autocommit=True) as lou:
        push(rae, "account", account, account, {"name": "Acme", "city": "Ningbo"}, t, node="a")
        met = snapshot(rae)  # both laptops read the account here
        assert (
            push(rae, "account", account, account, {"city": "Wuxi"}, t + 10, "a", met) == 0
        )  # seen: no clash
        # lou, who has not read Wuxi, changes the city too: his earlier edit loses, and is kept
        assert push(lou, "account", account, account, {"city": "Hangzhou"}, t + 5, "l", met) == 1
        # a later edit of his wins over Wuxi, which is kept in turn
        assert push(lou, "account", account, account, {"city": "Suzhou"}, t + 20, "l", met) == 1
        # his own earlier value, the same value again, and a field only one side changed: no clash
        assert push(lou, "account", account, account, {"city": "Suzhou2"}, t + 21, "l", met) == 0
        assert push(rae, "account", account, account, {"city": "Suzhou2"}, t + 22, "a", met) == 0
        assert push(rae, "account", account, account, {"notes": "x"}, t + 23, "a", snapshot(rae)) == 0
        kept = conflicts(rae)
        city = rae.execute("SELECT fields ->> 'city' FROM fieldcrm.account").fetchone()
    assert city == ("Suzhou2",)
    assert kept == [("city", "Hangzhou", "lou", "rae", False), ("city", "Wuxi", "rae", "lou", False)]


def test_a_conflict_is_restored_once_by_its_author_or_a_manager(pg: Server, team: str) -> None:
    account, t = uuid.uuid4(), now_ms() - 60_000
    with member(pg, team, "rae", autocommit=True) as rae, member(pg, team, "lou", autocommit=True) as lou:
        push(rae, "account", account, account, {"name": "Acme", "city": "Ningbo"}, t, node="a")
        met = snapshot(rae)
        push(rae, "account", account, account, {"city": "Wuxi"}, t + 10, "a", met)
        push(lou, "account", account, account, {"city": "Suzhou"}, t + 20, "l", met)
        push(lou, "account", account, account, {"notes": "lou's"}, t + 20, "l", met)
        push(rae, "account", account, account, {"notes": "rae's"}, t + 30, "a", met)
        wuxi, lous = (r[0] for r in rae.execute("SELECT id FROM fieldcrm.conflict ORDER BY id"))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only its author or a manager"):
            lou.execute("SELECT fieldcrm.restore_conflict(%s)", (wuxi,))
        restored = rae.execute("SELECT field, value FROM fieldcrm.restore_conflict(%s)", (wuxi,)).fetchone()
        assert restored == ("city", "Wuxi")
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="restored already"):
            rae.execute("SELECT fieldcrm.restore_conflict(%s)", (wuxi,))
    with member(pg, team, "ray", autocommit=True) as ray:  # not his account: as if there were none
        assert conflicts(ray) == []
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="there is no conflict"):
            ray.execute("SELECT fieldcrm.restore_conflict(%s)", (lous,))
    with member(pg, team, "mia", autocommit=True) as mia:
        mia.execute("SELECT fieldcrm.restore_conflict(%s)", (lous,))  # a manager may
        assert [r[-1] for r in conflicts(mia)] == [True, True]


def test_erasing_a_row_removes_its_conflicts_and_a_tombstone_takes_no_fields(pg: Server, team: str) -> None:
    account, person, t = uuid.uuid4(), uuid.uuid4(), now_ms() - 60_000
    with member(pg, team, "rae", autocommit=True) as rae, member(pg, team, "lou", autocommit=True) as lou:
        push(rae, "account", account, account, {"name": "Acme"}, t, node="a")
        push(rae, "person", person, account, {"name": "Li", "family": "two children"}, t, node="a")
        met = snapshot(rae)
        push(rae, "person", person, account, {"family": "three children"}, t + 10, "a", met)
        push(lou, "person", person, account, {"family": "married"}, t + 20, "l", met)
        assert len(conflicts(rae)) == 1
        rae.execute("SELECT fieldcrm.push_delete('person', %s)", (person,))
        push(lou, "person", person, account, {"family": "still here"}, t + 30, "l", met)  # an old laptop
        row = rae.execute(
            "SELECT deleted, fields, writes FROM fieldcrm.record WHERE id = %s", (person,)
        ).fetchone()
        assert conflicts(rae) == []
    assert row == (True, {}, {})
