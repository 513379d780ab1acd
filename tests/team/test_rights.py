"""What each member's connection may read and change, checked with plain SQL (no fieldcrm code
between the connection and the server): row-level security and grants are the server's."""

from __future__ import annotations

import uuid

import pytest

from .conftest import as_owner, member, psycopg
from .pg_server import Server

OWNERS = {"mia": 1, "lou": 1, "rae": 2, "ray": 3}  # accounts each owns


@pytest.fixture
def rows(pg: Server, team: str) -> str:
    """Accounts and a record of each member, written by the database's owner as the server's
    functions would."""
    with as_owner(pg, team) as owner, owner.transaction():
        for login, count in OWNERS.items():
            for _ in range(count):
                account = uuid.uuid4()
                owner.execute(
                    'INSERT INTO fieldcrm.account (id, owner, fields) VALUES (%s, %s, \'{"name": "x"}\')',
                    (account, login),
                )
                owner.execute(
                    "INSERT INTO fieldcrm.record (kind, id, account_id, owner) VALUES ('person', %s, %s, %s)",
                    (uuid.uuid4(), account, login),
                )
    return team


def as_member(pg: Server, team: str, login: str) -> psycopg.Connection:
    return member(pg, team, login, autocommit=True)


@pytest.mark.parametrize(
    ("login", "owners"),
    [
        ("mia", {"mia", "lou", "rae", "ray"}),  # a manager: everything
        ("lou", {"lou", "rae"}),  # a lead: their own and their team's
        ("rae", {"rae"}),  # a rep: their own
        ("ray", {"ray"}),
    ],
)
def test_each_role_reads_only_its_rows(pg: Server, rows: str, login: str, owners: set[str]) -> None:
    with as_member(pg, rows, login) as conn:
        seen = conn.execute("SELECT owner, count(*) FROM fieldcrm.account GROUP BY owner").fetchall()
        records = conn.execute(
            "SELECT count(*) FROM fieldcrm.record r JOIN fieldcrm.account a ON a.id = r.account_id"
        ).fetchone()
        every_record = conn.execute("SELECT count(*) FROM fieldcrm.record").fetchone()
    assert dict(seen) == {o: OWNERS[o] for o in owners}
    assert records == every_record == (sum(OWNERS[o] for o in owners),)


@pytest.mark.parametrize("login", ["mia", "lou", "rae"])
@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO fieldcrm.account (id, owner) VALUES (gen_random_uuid(), session_user)",
        "UPDATE fieldcrm.account SET owner = session_user",
        "DELETE FROM fieldcrm.account",
        "DELETE FROM fieldcrm.record",
        "UPDATE fieldcrm.member SET role = 'manager'",
        "INSERT INTO fieldcrm.meta VALUES ('oldest_client', '0')",
        "CREATE TABLE fieldcrm.mine (x int)",
        "DELETE FROM fieldcrm.conflict",
        "UPDATE fieldcrm.setting SET value = 'false'",
        "INSERT INTO fieldcrm.wipe (person, account_id, kept_by) SELECT id, id, '{}' FROM fieldcrm.account",
        "TRUNCATE fieldcrm.record",
    ],
)
def test_no_member_writes_a_table_directly(pg: Server, rows: str, login: str, sql: str) -> None:
    with as_member(pg, rows, login) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(sql)


def test_only_a_manager_changes_the_members(pg: Server, team: str) -> None:
    for login in ("lou", "rae"):
        with as_member(pg, team, login) as conn:
            for call in (
                "SELECT fieldcrm.add_member('eve', 'x', 'manager', NULL)",
                "SELECT fieldcrm.remove_member('ray')",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(call)
    with as_member(pg, team, "ray") as ray:  # nor can anyone reach another member's role directly
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            ray.execute("ALTER ROLE rae PASSWORD 'mine'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            ray.execute("GRANT ray TO rae")
