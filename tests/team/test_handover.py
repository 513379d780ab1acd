"""Handing an account to another member: who may, what the new owner's laptop receives, what
the old owner's laptop drops, and what becomes of changes made there offline meanwhile."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import Engine, text

from fieldcrm.demo.generate import write_demo
from fieldcrm.store.account_info import update_account_info
from fieldcrm.store.models import AccountUpdate
from fieldcrm.store.team_view import team_of
from fieldcrm.team.admin import TeamError
from fieldcrm.team.conflicts import open_conflicts
from fieldcrm.team.handover import hand_over
from fieldcrm.team.join import join_team
from fieldcrm.team.sync import sync

from .conftest import NOW, member
from .pg_server import Server


def one(engine: Engine, sql: str, **params: object) -> tuple:
    with engine.connect() as conn:
        return tuple(conn.execute(text(sql), params).one())


def rows_of(engine: Engine, uid: str) -> tuple:
    """How many people and contacts the account holds here, and its owner."""
    return one(
        engine,
        "SELECT (SELECT count(*) FROM person p WHERE p.account_id = a.id),"
        " (SELECT count(*) FROM activity v WHERE v.account_id = a.id), a.owner"
        " FROM account a WHERE a.uid = :u",
        u=uid,
    )


@pytest.fixture
def rob_laptop(another_laptop: Engine) -> Engine:
    return another_laptop


def test_a_lead_hands_a_reps_account_to_another_rep(
    pg: Server, team: str, laptops: dict[str, Engine], rob_laptop: Engine
) -> None:
    rae_laptop, lou_laptop = laptops["rae1"], laptops["lou"]
    write_demo(rae_laptop, accounts=4, seed=7, lang="en", force=False)
    with member(pg, team, "rae") as rae, member(pg, team, "lou") as lou, member(pg, team, "rob") as rob:
        join_team(rae_laptop, rae, "service=team", NOW)
        join_team(lou_laptop, lou, "service=team", NOW)
        join_team(rob_laptop, rob, "service=team", NOW)
        assert one(rob_laptop, "SELECT count(*) FROM account") == (0,)
        lou_team = team_of(lou_laptop)
        assert lou_team is not None and lou_team.role == "lead" and lou_team.led == ("rae", "rob")
        account, uid = one(lou_laptop, "SELECT id, uid FROM account ORDER BY name LIMIT 1")
        people, contacts, owner = rows_of(rae_laptop, uid)
        assert owner is None  # rae's own, made on her laptop
        assert rows_of(lou_laptop, uid) == (people, contacts, "rae")

        hand_over(lou_laptop, lou, account, "rob", NOW)

        assert rows_of(lou_laptop, uid) == (people, contacts, "rob")  # lou still sees it
        sync(rob_laptop, rob, NOW)
        assert rows_of(rob_laptop, uid) == (people, contacts, "rob")  # the whole account arrived
        sync(rae_laptop, rae, NOW)
        assert one(rae_laptop, "SELECT count(*) FROM account WHERE uid = :u", u=uid) == (0,)
        assert one(rae_laptop, "SELECT count(*) FROM account") == (3,)  # her others stay
        assert one(rae_laptop, "SELECT count(*) FROM outbox") == (0,)  # not a deletion of hers
        sync(rae_laptop, rae, NOW)  # and a later sync leaves things as they are
        assert one(rae_laptop, "SELECT count(*) FROM account") == (3,)


def test_who_may_hand_an_account_over(pg: Server, team: str, laptops: dict[str, Engine]) -> None:
    ray_laptop, lou_laptop = laptops["ray"], laptops["lou"]
    write_demo(laptops["rae1"], accounts=1, seed=7, lang="en", force=False)
    write_demo(ray_laptop, accounts=1, seed=8, lang="en", force=False)
    with member(pg, team, "rae") as rae, member(pg, team, "ray") as ray, member(pg, team, "lou") as lou:
        join_team(laptops["rae1"], rae, "service=team", NOW)
        join_team(ray_laptop, ray, "service=team", NOW)
        join_team(lou_laptop, lou, "service=team", NOW)
        (raes,) = one(laptops["rae1"], "SELECT uid FROM account")
        (rays,) = one(ray_laptop, "SELECT uid FROM account")
        refusal = pytest.raises(psycopg.errors.InsufficientPrivilege, match="only a lead or a manager")
        with refusal, rae.transaction():
            rae.execute("SELECT fieldcrm.reassign(%s, 'rob')", (raes,))
        (lous,) = one(lou_laptop, "SELECT id FROM account WHERE uid = :u", u=raes)
        with pytest.raises(TeamError) as refused:
            hand_over(lou_laptop, lou, lous, "ray", NOW)  # ray is not in lou's team
        assert refused.value.key == "team.handover_refused"
        with pytest.raises(psycopg.errors.InvalidParameterValue), lou.transaction():  # nor ray's account
            lou.execute("SELECT fieldcrm.reassign(%s, 'rob')", (rays,))
        with member(pg, team, "mia") as mia, mia.transaction():  # a manager hands any account to anyone
            mia.execute("SELECT fieldcrm.reassign(%s, 'rae')", (rays,))
            owner = mia.execute("SELECT owner FROM fieldcrm.account WHERE id = %s", (rays,)).fetchone()
            handed = mia.execute("SELECT from_owner, to_owner, by FROM fieldcrm.handover").fetchall()
        assert owner == ("rae",)
        assert handed == [("ray", "rae", "mia")]


def test_changes_made_offline_to_an_account_handed_away_are_kept_for_its_new_owner(
    pg: Server, team: str, laptops: dict[str, Engine]
) -> None:
    rae_laptop, lou_laptop = laptops["rae1"], laptops["lou"]
    write_demo(rae_laptop, accounts=2, seed=7, lang="en", force=False)
    with member(pg, team, "rae") as rae, member(pg, team, "lou") as lou, member(pg, team, "rob") as rob:
        join_team(rae_laptop, rae, "service=team", NOW)
        join_team(lou_laptop, lou, "service=team", NOW)
        account, uid, name = one(lou_laptop, "SELECT id, uid, name FROM account ORDER BY name LIMIT 1")
        (mine,) = one(rae_laptop, "SELECT id FROM account WHERE uid = :u", u=uid)
        update_account_info(rae_laptop, mine, AccountUpdate(name=name, notes="Met their buyer"))  # offline
        hand_over(lou_laptop, lou, account, "rob", NOW)

        done = sync(rae_laptop, rae, NOW)  # no refusal: the rest of her changes go through

        assert done.sent == 1
        assert one(rae_laptop, "SELECT count(*) FROM account WHERE uid = :u", u=uid) == (0,)
        kept = [(c.account, c.field, c.value, c.author, c.winner) for c in open_conflicts(rob)]
        assert kept == [(name, "notes", "Met their buyer", "rae", "rob")]
        notes = rob.execute(
            "SELECT fields ->> 'notes' FROM fieldcrm.account WHERE id = %s", (uid,)
        ).fetchone()
        assert notes is not None and notes[0] != "Met their buyer"  # not written over the new owner's
