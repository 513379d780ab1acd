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


def stamps(fields: dict[str, object], wall: int, node: str = "n1") -> str:
    return json.dumps({k: Stamp(wall, 0, node).encode() for k in fields})


def push_account(conn: psycopg.Connection, account: uuid.UUID, fields: dict[str, object], wall: int) -> None:
    conn.execute(
        "SELECT fieldcrm.push_account(%s, %s, %s)", (account, json.dumps(fields), stamps(fields, wall))
    )


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
        lou.execute(
            "SELECT fieldcrm.push_record('person', %s, %s, '{\"name\": \"Li\"}', %s)",
            (uuid.uuid4(), account, stamps({"name": 1}, t + 3)),
        )
    with member(pg, team, "ray", autocommit=True) as ray, pytest.raises(psycopg.errors.InsufficientPrivilege):
        ray.execute(
            "SELECT fieldcrm.push_record('person', %s, %s, '{}', '{}')", (uuid.uuid4(), account)
        )  # nor a row of it
    with member(pg, team, "mia", autocommit=True) as mia:
        assert mia.execute("SELECT count(*) FROM fieldcrm.record").fetchone() == (1,)


def test_a_row_stays_with_its_account(pg: Server, team: str) -> None:
    first, second, person, t = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), now_ms()
    with member(pg, team, "rae", autocommit=True) as rae:
        push_account(rae, first, {"name": "A"}, t)
        push_account(rae, second, {"name": "B"}, t)
        rae.execute("SELECT fieldcrm.push_record('person', %s, %s, '{}', '{}')", (person, first))
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            rae.execute("SELECT fieldcrm.push_record('person', %s, %s, '{}', '{}')", (person, second))


def test_a_laptop_clock_too_far_ahead_is_refused_and_nothing_is_written(pg: Server, team: str) -> None:
    account = uuid.uuid4()
    with member(pg, team, "rae", autocommit=True) as rae:
        with pytest.raises(psycopg.Error, match="the clock of this laptop is wrong"):
            push_account(rae, account, {"name": "Acme"}, now_ms() + MAX_AHEAD_MS + 60_000)
        assert rae.execute("SELECT count(*) FROM fieldcrm.account").fetchone() == (0,)
        push_account(rae, account, {"name": "Acme"}, now_ms() + MAX_AHEAD_MS - 60_000)  # within the limit
