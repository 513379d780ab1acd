"""Laptops that sync through the team's server: a second laptop receives a member's pipeline,
edits travel both ways, the later edit of a field wins whatever the order of syncs, deletes
travel, a lead works on a rep's account, and a sync run twice changes nothing."""

from __future__ import annotations

import time
from datetime import date

import pytest
from sqlalchemy import Engine, text

from fieldcrm.demo.generate import write_demo
from fieldcrm.store.account_info import update_account_info
from fieldcrm.store.activities import delete_contact, log_contact
from fieldcrm.store.apply import SUSPEND_ABOVE
from fieldcrm.store.models import AccountUpdate, ActivityCreate
from fieldcrm.team import receive
from fieldcrm.team.join import join_team
from fieldcrm.team.sync import sync

from .conftest import NOW, member
from .pg_server import Server


def content(engine: Engine) -> dict[str, object]:
    """What a rep sees of the pipeline, by global id (local keys differ between laptops)."""
    with engine.connect() as conn:
        return {
            "accounts": sorted(
                tuple(r)
                for r in conn.execute(
                    text(
                        "SELECT uid, name, city, stage, status, next_step, next_due, last_contact, grade"
                        " FROM account"
                    )
                )
            ),
            "people": sorted(
                tuple(r)
                for r in conn.execute(
                    text(
                        "SELECT p.uid, p.name, p.stance, a.uid FROM person p"
                        " JOIN account a ON a.id = p.account_id"
                    )
                )
            ),
            "contacts": sorted(
                tuple(r)
                for r in conn.execute(
                    text(
                        "SELECT v.uid, v.summary, v.next_done, p.uid FROM activity v"
                        " LEFT JOIN person p ON p.id = v.person_id"
                    )
                )
            ),
            "events": conn.execute(text("SELECT count(*) FROM stage_event")).scalar_one(),
            "factors": conn.execute(text("SELECT count(*) FROM assessment_factor")).scalar_one(),
        }


def account_id(engine: Engine, uid: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT id FROM account WHERE uid = :u"), {"u": uid}).scalar_one())


def first_account(engine: Engine) -> tuple[str, str]:
    with engine.connect() as conn:
        uid, name = conn.execute(text("SELECT uid, name FROM account ORDER BY id LIMIT 1")).one()
    return str(uid), str(name)


def test_a_second_laptop_receives_the_pipeline_and_edits_travel_both_ways(
    pg: Server, team: str, laptops: dict[str, Engine]
) -> None:
    one, two = laptops["rae1"], laptops["rae2"]
    write_demo(one, accounts=8, seed=7, lang="en", force=False)
    with member(pg, team, "rae") as rae:
        join_team(one, rae, "service=team", NOW)
        joined = join_team(two, rae, "service=team", NOW)
        assert joined.received > 8
        assert content(two) == content(one)  # everything, stages, derived columns and all

        uid, name = first_account(one)
        update_account_info(one, account_id(one, uid), AccountUpdate(name=name, city="Ningbo"))
        log_contact(
            one,
            ActivityCreate(
                account_id=account_id(one, uid), occurred_on=date(2026, 11, 27), summary="Tea",
                next_step="Send the quote", next_due=date(2026, 12, 1),
            ),
        )  # fmt: skip
        sent = sync(one, rae, NOW)
        assert sent.sent >= 2
        sync(two, rae, NOW)
        assert content(two) == content(one)

        with two.connect() as conn:
            contact = conn.execute(text("SELECT id FROM activity WHERE summary = 'Tea'")).scalar_one()
        delete_contact(two, contact)  # the other way, and a delete
        assert sync(two, rae, NOW).deleted == 1
        sync(one, rae, NOW)
        assert content(one) == content(two)

        again = sync(one, rae, NOW)  # nothing waits: nothing is sent, nothing changes
        assert again.sent == 0 and content(one) == content(two)


def indexes(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        found = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"))
        return [(str(name), str(sql)) for name, sql in found]


@pytest.mark.parametrize("chunk", [100, 100_000])  # each table read while the last is written; or all
def test_a_second_laptop_downloading_many_rows_ends_with_every_index_it_had(
    pg: Server, team: str, laptops: dict[str, Engine], chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(receive, "_CHUNK", chunk)
    one, two = laptops["rae1"], laptops["rae2"]
    write_demo(one, accounts=150, seed=7, lang="en", force=False)
    with member(pg, team, "rae") as rae:
        join_team(one, rae, "service=team", NOW)
        joined = join_team(two, rae, "service=team", NOW)
    assert joined.received > SUSPEND_ABOVE  # the tables were filled first, then indexed
    assert content(two) == content(one)
    assert indexes(two) == indexes(one)  # the first laptop's, global ids' included
    with two.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        plan = " ".join(
            str(r[-1])
            for r in conn.execute(text("EXPLAIN QUERY PLAN SELECT id FROM account WHERE uid = 'x'"))
        )
    assert "USING" in plan and "INDEX" in plan  # found by its index again


def test_the_later_edit_of_a_field_wins_whatever_the_order_of_syncs(
    pg: Server, team: str, laptops: dict[str, Engine]
) -> None:
    one, two = laptops["rae1"], laptops["rae2"]
    write_demo(one, accounts=3, seed=7, lang="en", force=False)
    with member(pg, team, "rae") as rae:
        join_team(one, rae, "service=team", NOW)
        join_team(two, rae, "service=team", NOW)
        uid, name = first_account(one)
        update_account_info(one, account_id(one, uid), AccountUpdate(name=name, city="Ningbo"))
        time.sleep(0.01)
        update_account_info(two, account_id(two, uid), AccountUpdate(name=name, city="Wuxi"))  # later
        sync(two, rae, NOW)  # the later edit reaches the server first
        sync(one, rae, NOW)  # the earlier one arrives after it, and loses
        sync(two, rae, NOW)
    for engine in (one, two):
        with engine.connect() as conn:
            assert (
                conn.execute(text("SELECT city FROM account WHERE uid = :u"), {"u": uid}).scalar_one()
                == "Wuxi"
            )


def test_a_lead_works_on_a_reps_account(pg: Server, team: str, laptops: dict[str, Engine]) -> None:
    rae_laptop, lou_laptop = laptops["rae1"], laptops["lou"]
    write_demo(rae_laptop, accounts=4, seed=7, lang="en", force=False)
    with member(pg, team, "rae") as rae, member(pg, team, "lou") as lou:
        join_team(rae_laptop, rae, "service=team", NOW)
        join_team(lou_laptop, lou, "service=team", NOW)  # lou has sent nothing; he receives on sync
        sync(lou_laptop, lou, NOW)
        assert content(lou_laptop) == content(rae_laptop)
        uid, name = first_account(lou_laptop)
        update_account_info(
            lou_laptop, account_id(lou_laptop, uid), AccountUpdate(name=name, notes="Checked by lou")
        )
        sync(lou_laptop, lou, NOW)
        sync(rae_laptop, rae, NOW)
    with rae_laptop.connect() as conn:
        assert (
            conn.execute(text("SELECT notes FROM account WHERE uid = :u"), {"u": uid}).scalar_one()
            == "Checked by lou"
        )


def test_erasing_a_person_empties_them_on_the_server_and_every_laptop(
    pg: Server, team: str, laptops: dict[str, Engine]
) -> None:
    from fieldcrm.store.erase import delete_person

    one, two = laptops["rae1"], laptops["rae2"]
    write_demo(one, accounts=3, seed=7, lang="en", force=False)
    with member(pg, team, "rae") as rae:
        join_team(one, rae, "service=team", NOW)
        join_team(two, rae, "service=team", NOW)
        with one.connect() as conn:
            person, uid, name = conn.execute(
                text("SELECT id, uid, name FROM person ORDER BY id LIMIT 1")
            ).one()
        delete_person(one, person)
        sync(one, rae, NOW)
        sync(two, rae, NOW)
        kept = rae.execute(
            "SELECT deleted, fields, stamps FROM fieldcrm.record WHERE kind = 'person' AND id = %s", (uid,)
        ).fetchone()
        mentions = rae.execute(
            "SELECT count(*) FROM fieldcrm.record WHERE fields::text LIKE %s", (f"%{name}%",)
        ).fetchone()
    assert kept == (True, {}, {})  # only the id's tombstone remains
    assert mentions == (0,)
    with two.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM person WHERE uid = :u"), {"u": uid}).scalar_one() == 0


def test_an_edit_made_without_seeing_the_other_is_kept_as_a_conflict_its_author_restores(
    pg: Server, team: str, laptops: dict[str, Engine]
) -> None:
    from fieldcrm.team.conflicts import open_conflicts, restore

    rae_laptop, lou_laptop = laptops["rae1"], laptops["lou"]
    write_demo(rae_laptop, accounts=3, seed=7, lang="en", force=False)
    with member(pg, team, "rae") as rae, member(pg, team, "lou") as lou:
        join_team(rae_laptop, rae, "service=team", NOW)
        join_team(lou_laptop, lou, "service=team", NOW)
        sync(lou_laptop, lou, NOW)
        uid, name = first_account(rae_laptop)
        update_account_info(rae_laptop, account_id(rae_laptop, uid), AccountUpdate(name=name, city="Ningbo"))
        time.sleep(0.01)
        update_account_info(lou_laptop, account_id(lou_laptop, uid), AccountUpdate(name=name, city="Wuxi"))
        assert sync(rae_laptop, rae, NOW).conflicts == 0
        assert sync(lou_laptop, lou, NOW).conflicts == 1  # lou had not seen Ningbo: it is kept
        assert sync(rae_laptop, rae, NOW).conflicts == 0  # rae now reads Wuxi; nothing more clashes
        kept = open_conflicts(rae)
        assert [(c.account, c.field, c.value, c.author, c.winner) for c in kept] == [
            (name, "city", "Ningbo", "rae", "lou")
        ]
        assert city(rae_laptop, uid) == "Wuxi"
        done = restore(rae_laptop, rae, kept[0].id, NOW)
        assert (done.sent, done.conflicts) == (1, 0)  # rae had read Wuxi: restoring is a plain edit
        sync(lou_laptop, lou, NOW)
        assert open_conflicts(lou) == []
    assert city(rae_laptop, uid) == city(lou_laptop, uid) == "Ningbo"


def city(engine: Engine, uid: str) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT city FROM account WHERE uid = :u"), {"u": uid}).scalar_one())
