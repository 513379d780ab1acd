"""Step 6 of the server's schema: the writer checks each row's account where it writes the row,
and the table of rows keeps no foreign key; nothing it refused before gets through."""

from __future__ import annotations

import json
import uuid

import pytest

from fieldcrm.domain.hlc import Stamp

from .conftest import member, psycopg
from .pg_server import Server
from .test_push import now_ms, push, push_account


def batch(*rows: tuple[str, uuid.UUID, uuid.UUID], wall: int) -> str:
    stamp = Stamp(wall, 0, "n1").encode()
    return json.dumps([{"k": k, "id": str(i), "a": str(a), "f": {}, "t": stamp} for k, i, a in rows])


def count(conn: psycopg.Connection) -> tuple[int, int]:
    found = conn.execute(
        "SELECT (SELECT count(*) FROM fieldcrm.account), (SELECT count(*) FROM fieldcrm.record)"
    ).fetchone()
    assert found is not None
    return int(found[0]), int(found[1])


def test_a_row_whose_account_never_reached_the_server_is_refused_with_its_whole_batch(
    pg: Server, team: str
) -> None:
    account, nowhere, t = uuid.uuid4(), uuid.uuid4(), now_ms()
    rows = [("account", account, account), ("person", uuid.uuid4(), account)]
    rows.append(("person", uuid.uuid4(), nowhere))
    with member(pg, team, "rae", autocommit=True) as rae:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="not an account you may change"):
            rae.execute("SELECT fieldcrm.push_batch(%s::jsonb, NULL)", (batch(*rows, wall=t),))
        assert count(rae) == (0, 0)  # not a row of it stays, and none points nowhere
        rae.execute("SELECT fieldcrm.push_batch(%s::jsonb, NULL)", (batch(*rows[:2], wall=t),))
        assert count(rae) == (1, 1)


def test_a_row_made_offline_on_an_account_deleted_meanwhile_goes_with_it(pg: Server, team: str) -> None:
    account, t = uuid.uuid4(), now_ms()
    with member(pg, team, "rae", autocommit=True) as rae:
        push_account(rae, account, {"name": "Acme"}, t)
        rae.execute("SELECT fieldcrm.push_delete('account', %s)", (account,))
        assert push(rae, "person", uuid.uuid4(), account, {"name": "Li"}, t + 1) == 0
        assert count(rae) == (1, 0)


def test_the_rows_table_has_no_foreign_key_and_the_writer_refuses_as_before(pg: Server, team: str) -> None:
    account, other, person, t = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), now_ms()
    with member(pg, team, "rae", autocommit=True) as rae:
        keys = rae.execute(
            "SELECT count(*) FROM pg_constraint"
            " WHERE conrelid = 'fieldcrm.record'::regclass AND contype = 'f'"
        ).fetchone()
        assert keys == (0,)
        push_account(rae, account, {"name": "A"}, t)
        push_account(rae, other, {"name": "B"}, t)
        push(rae, "person", person, account, {"name": "Li"}, t)
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="cannot move to another account"):
            push(rae, "person", person, other, {"name": "Li"}, t + 1)
    with member(pg, team, "ray", autocommit=True) as ray:  # another rep: neither the account nor its rows
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            push_account(ray, account, {"name": "Mine now"}, t + 2)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            push(ray, "person", person, account, {"name": "Wang"}, t + 2)
    with member(pg, team, "mia", autocommit=True) as mia:
        found = mia.execute("SELECT account_id, fields ->> 'name' FROM fieldcrm.record").fetchall()
        assert found == [(account, "Li")]
