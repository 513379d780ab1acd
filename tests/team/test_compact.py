"""Step 5 of the server's schema: a row written whole keeps one stamp and one writer, a row
written field by field names each, and rows written before the step merge with rows after it."""

from __future__ import annotations

import json
import uuid

import pytest

from fieldcrm.domain.hlc import Stamp
from fieldcrm.team.schema import LATEST

from .conftest import as_owner, member, psycopg, set_up_team
from .pg_server import Server
from .test_push import conflicts, now_ms, push, snapshot


def stored(conn: psycopg.Connection, account: uuid.UUID) -> tuple[object, ...]:
    found = conn.execute(
        "SELECT fields, stamps, writes -> '' ->> 1, writes - '' FROM fieldcrm.account WHERE id = %s",
        (account,),
    ).fetchone()
    assert found is not None
    return tuple(found)


def test_a_row_written_whole_keeps_one_stamp_and_a_row_written_in_part_names_each_field(
    pg: Server, team: str
) -> None:
    account, t = uuid.uuid4(), now_ms() - 60_000
    first, later, last = (Stamp(w, 0, "a").encode() for w in (t, t + 10, t + 20))
    with member(pg, team, "rae", autocommit=True) as rae:
        push(rae, "account", account, account, {"name": "Acme", "city": "Ningbo"}, t, node="a")
        assert stored(rae, account) == ({"name": "Acme", "city": "Ningbo"}, {"": first}, "rae", {})
        push(rae, "account", account, account, {"city": "Wuxi"}, t + 10, node="a")
        fields, stamps, _, writes = stored(rae, account)
        assert (fields, stamps) == ({"name": "Acme", "city": "Wuxi"}, {"name": first, "city": later})
        assert {field: who for field, (_, who) in writes.items()} == {"name": "rae", "city": "rae"}  # type: ignore[attr-defined]
        push(rae, "account", account, account, {"name": "Acme Ltd", "city": "Suzhou"}, t + 20, node="a")
        assert stored(rae, account) == ({"name": "Acme Ltd", "city": "Suzhou"}, {"": last}, "rae", {})


def test_rows_written_before_step_5_merge_and_clash_with_rows_written_after(
    pg: Server, team_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldcrm.team import admin

    with monkeypatch.context() as m:  # a server an older fieldcrm set up: every field named
        m.setattr(admin, "LATEST", 4)
        team = set_up_team(pg, team_db)
    account, t = uuid.uuid4(), now_ms() - 60_000
    with member(pg, team, "rae", autocommit=True) as rae, member(pg, team, "lou", autocommit=True) as lou:
        met = snapshot(lou)  # lou read the server before rae's account came
        written = {"name": "Acme", "city": "Ningbo", "notes": "old"}
        push(rae, "account", account, account, written, t, node="a")
        assert set(stored(rae, account)[1]) == {"name", "city", "notes"}  # type: ignore[arg-type]
        with as_owner(pg, team_db) as owner:
            assert admin.upgrade_team(owner) == (4, LATEST)
        push(rae, "account", account, account, {"city": "Wuxi"}, t + 10, node="a")
        # lou had not seen rae's notes: a clash; his later value wins and hers is kept, as hers
        assert push(lou, "account", account, account, {"notes": "new"}, t + 20, "l", met) == 1
        fields, stamps, _, writes = stored(rae, account)
        kept = conflicts(rae)
    assert fields == {"name": "Acme", "city": "Wuxi", "notes": "new"}
    assert stamps == {
        "name": Stamp(t, 0, "a").encode(),
        "city": Stamp(t + 10, 0, "a").encode(),
        "notes": Stamp(t + 20, 0, "l").encode(),
    }
    writers = {field: who for field, (_, who) in writes.items()}  # type: ignore[attr-defined]
    assert writers == {"name": "rae", "city": "rae", "notes": "lou"}
    assert kept == [("notes", "old", "rae", "lou", False)]


def test_a_batch_of_a_member_who_never_handed_an_account_over_passes_as_it_came(
    pg: Server, team: str
) -> None:
    account = str(uuid.uuid4())
    batch = [{"k": "account", "id": account, "a": account, "f": {"name": "Acme"}, "t": "x"}]
    with member(pg, team, "rae", autocommit=True) as rae:
        found = rae.execute("SELECT fieldcrm.set_aside_handed(%s::jsonb)", (json.dumps(batch),)).fetchone()
        assert found is not None and found[0] == batch
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # step 4's part is the server's own
            rae.execute("SELECT fieldcrm.set_aside_handed_rows('[]')")
