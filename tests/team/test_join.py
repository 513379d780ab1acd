"""``team join``: a laptop's pipeline reaches the server as its member's, every local key turned
into a global id, in one transaction on each side."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from fieldcrm import clock
from fieldcrm.demo.generate import write_demo
from fieldcrm.store.db import open_db
from fieldcrm.store.sync_tables import SYNCED
from fieldcrm.team.admin import TeamError
from fieldcrm.team.join import join_team

from .conftest import NOW, member, psycopg
from .pg_server import Server


@pytest.fixture
def laptop(tmp_path: Path):  # type: ignore[no-untyped-def]
    clock.freeze(date(2026, 11, 27))
    engine = open_db(tmp_path / "crm.db")
    write_demo(engine, accounts=12, seed=7, lang="en", force=False)
    yield engine
    engine.dispose()
    clock.freeze(None)


def local_count(engine, table: str) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_joining_sends_the_pipeline_as_the_members_own(pg: Server, team: str, laptop) -> None:  # type: ignore[no-untyped-def]
    with member(pg, team, "rae") as rae:
        joined = join_team(laptop, rae, "service=team", NOW)
        owners = rae.execute("SELECT owner, count(*) FROM fieldcrm.account GROUP BY owner").fetchall()
        kinds = dict(rae.execute("SELECT kind, count(*) FROM fieldcrm.record GROUP BY kind").fetchall())
        contact = rae.execute(
            "SELECT r.fields, a.fields ->> 'name' FROM fieldcrm.record r"
            " JOIN fieldcrm.account a ON a.id = r.account_id"
            " WHERE r.kind = 'activity' AND r.fields ->> 'person_id' IS NOT NULL LIMIT 1"
        ).fetchone()
        person_ids = {str(r[0]) for r in rae.execute("SELECT id FROM fieldcrm.record WHERE kind = 'person'")}
    assert (joined.login, joined.role, joined.accounts) == ("rae", "rep", 12)
    assert owners == [("rae", 12)]
    for table in SYNCED:
        if table not in ("account", "setting"):
            assert kinds.get(table, 0) == local_count(laptop, table), table
    assert joined.records == sum(kinds.values())
    fields, _account = contact
    assert fields["person_id"] in person_ids  # a local key sent as the person's global id
    assert "account_id" in fields and "id" not in fields and "uid" not in fields
    with laptop.connect() as conn:
        link = conn.execute(text("SELECT login, server, last_sync IS NOT NULL FROM team_link")).one()
        assert conn.execute(text("SELECT count(*) FROM account WHERE uid IS NULL")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM outbox")).scalar_one() == 0
    assert tuple(link) == ("rae", "service=team", True)


def test_a_database_joins_once_and_a_second_laptop_with_its_own_accounts_is_refused(
    pg: Server, team: str, laptop, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with member(pg, team, "rae") as rae:
        join_team(laptop, rae, "service=team", NOW)
        with pytest.raises(TeamError) as again:
            join_team(laptop, rae, "service=team", NOW)
        other = open_db(tmp_path / "second.db")
        write_demo(other, accounts=2, seed=8, lang="en", force=False)
        with pytest.raises(TeamError) as second:
            join_team(other, rae, "service=team", NOW)  # its accounts would be mixed with the server's
        with other.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM team_link")).scalar_one() == 0
        other.dispose()
    assert again.value.key == "team.already_joined"
    assert second.value.key == "team.second_laptop"


def test_a_refused_upload_leaves_the_laptop_as_it_was(pg: Server, team: str, laptop) -> None:  # type: ignore[no-untyped-def]
    with member(pg, team, "rae") as rae:
        with pytest.raises(psycopg.Error, match="clock of this laptop is wrong"):
            join_team(laptop, rae, "service=team", datetime(2027, 6, 1))  # a laptop months ahead
        assert rae.execute("SELECT count(*) FROM fieldcrm.account").fetchone() == (0,)
    with laptop.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM team_link")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM account WHERE uid IS NOT NULL")).scalar_one() == 0
