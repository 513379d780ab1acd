"""The team's settings: personal fields kept off the server (and off every other laptop) when the
team says so, scoring settings that are the manager's, and deletions kept for the longest time
offline, after which a laptop away longer downloads the pipeline again."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from fieldcrm.demo.generate import write_demo
from fieldcrm.io.export import ExportOptions, export
from fieldcrm.store.activities import delete_contact
from fieldcrm.store.models import PersonUpdate
from fieldcrm.store.people import get_person, update_person
from fieldcrm.store.settings import ScoringSettings, load_scoring, save_scoring
from fieldcrm.team.admin import TeamError, set_team_setting
from fieldcrm.team.join import join_team
from fieldcrm.team.sync import download, sync

from .conftest import NOW, as_owner, member, psycopg
from .pg_server import Server

PRIVATE = {"family": "Two children, the elder at Zhejiang University", "hobbies": "Go, on Sundays"}


def person_with_a_profile(engine: Engine) -> tuple[int, str]:
    """The first person of the laptop, given personal fields: their local id and global id."""
    with engine.connect() as conn:
        person, uid = conn.execute(text("SELECT id, uid FROM person ORDER BY id LIMIT 1")).one()
    now = get_person(engine, person)
    assert now is not None
    update_person(
        engine, person, PersonUpdate(**{**now.model_dump(include=set(PersonUpdate.model_fields)), **PRIVATE})
    )
    return int(person), str(uid)


def personal(engine: Engine, uid: str) -> tuple[object, object]:
    with engine.connect() as conn:
        return tuple(
            conn.execute(text("SELECT family, hobbies FROM person WHERE uid = :u"), {"u": uid}).one()
        )


def exported_people(engine: Engine, out: Path) -> str:
    export(engine, ExportOptions("people", out, include_personal=True))
    return out.read_text(encoding="utf-8-sig")


def test_personal_fields_off_stay_on_the_laptops_of_who_wrote_them(
    pg: Server, team: str, laptops: dict[str, Engine], tmp_path: Path
) -> None:
    rae1, rae2, lou_laptop = laptops["rae1"], laptops["rae2"], laptops["lou"]
    write_demo(rae1, accounts=3, seed=7, lang="en", force=False)
    with (
        member(pg, team, "rae", autocommit=True) as rae,
        member(pg, team, "lou", autocommit=True) as lou,
        member(pg, team, "mia", autocommit=True) as mia,
    ):
        join_team(rae1, rae, "service=team", NOW)
        join_team(rae2, rae, "service=team", NOW)
        join_team(lou_laptop, lou, "service=team", NOW)
        _, uid = person_with_a_profile(rae1)
        sync(rae1, rae, NOW)
        sync(rae2, rae, NOW)
        sync(lou_laptop, lou, NOW)
        assert personal(lou_laptop, uid) == tuple(PRIVATE.values())  # on by default: the lead sees them
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            set_team_setting(lou, "team.personal_fields", False)  # the team's, a manager's to change
        set_team_setting(mia, "team.personal_fields", False)
        held = rae.execute("SELECT fields FROM fieldcrm.record WHERE id = %s", (uid,)).fetchone()
        assert held is not None and not set(PRIVATE) & set(held[0])
        for laptop, conn in ((rae1, rae), (rae2, rae), (lou_laptop, lou)):
            sync(laptop, conn, NOW)
        assert personal(lou_laptop, uid) == (None, None)  # cleared where others wrote them
        assert personal(rae2, uid) == personal(rae1, uid) == tuple(PRIVATE.values())  # the writer's keep them
        assert PRIVATE["family"] not in exported_people(lou_laptop, tmp_path / "lou.csv")
        assert PRIVATE["family"] in exported_people(rae1, tmp_path / "rae.csv")

        person, _ = person_with_a_profile(rae1)  # written again, with the setting off
        update_person(
            rae1,
            person,
            PersonUpdate(
                **{
                    **get_person(rae1, person).model_dump(include=set(PersonUpdate.model_fields)),
                    "hobbies": "Tea",
                }
            ),  # type: ignore[union-attr]
        )
        sync(rae1, rae, NOW)
        held = rae.execute("SELECT fields FROM fieldcrm.record WHERE id = %s", (uid,)).fetchone()
        assert held is not None and not set(PRIVATE) & set(held[0])  # never sent
        sync(lou_laptop, lou, NOW)
        assert personal(lou_laptop, uid) == (None, None)


def test_the_managers_scoring_settings_are_the_teams(
    pg: Server, team: str, laptops: dict[str, Engine]
) -> None:
    mine = ScoringSettings(weights={"A": 30, "B": 20, "C": 15, "D": 10, "E": 10, "F": 10, "G": 5})
    write_demo(laptops["rae1"], accounts=2, seed=7, lang="en", force=False)
    with member(pg, team, "rae", autocommit=True) as rae, member(pg, team, "mia", autocommit=True) as mia:
        join_team(laptops["rae1"], rae, "service=team", NOW)
        join_team(laptops["lou"], mia, "service=team", NOW)  # lou's laptop, used by mia here
        save_scoring(laptops["lou"], mine)
        assert sync(laptops["lou"], mia, NOW).settings_kept == 0
        sync(laptops["rae1"], rae, NOW)
        assert load_scoring(laptops["rae1"]).weights == mine.weights
        save_scoring(laptops["rae1"], ScoringSettings())  # a rep's change is not the team's
        assert sync(laptops["rae1"], rae, NOW).settings_kept == 2  # weights and thresholds
        assert load_scoring(laptops["rae1"]).weights == mine.weights  # the team's stand again


def test_a_laptop_away_longer_than_deletions_are_kept_downloads_again(
    pg: Server, team: str, team_db: str, laptops: dict[str, Engine]
) -> None:
    one, two = laptops["rae1"], laptops["rae2"]
    write_demo(one, accounts=3, seed=7, lang="en", force=False)
    with member(pg, team, "rae", autocommit=True) as rae, member(pg, team, "mia", autocommit=True) as mia:
        join_team(one, rae, "service=team", NOW)
        join_team(two, rae, "service=team", NOW)
        set_team_setting(mia, "team.offline_days", 30)
        with one.connect() as conn:
            contact, contact_uid = conn.execute(
                text("SELECT id, uid FROM activity ORDER BY id LIMIT 1")
            ).one()
        delete_contact(one, contact)
        sync(one, rae, NOW)
        with as_owner(pg, team_db) as owner, owner.transaction():  # the deletion is 31 days old now
            owner.execute("UPDATE fieldcrm.record SET changed_at = now() - interval '31 days' WHERE deleted")
        sync(one, rae, NOW)  # any member's sync purges it
        assert rae.execute("SELECT count(*) FROM fieldcrm.record WHERE deleted").fetchone() == (0,)
        with two.begin() as conn:  # the laptop away meanwhile has a change of its own
            conn.execute(text("UPDATE account SET city = 'Quzhou' WHERE id = (SELECT min(id) FROM account)"))
        with pytest.raises(TeamError) as told:
            sync(two, rae, NOW)
        assert (told.value.key, told.value.exit_code, told.value.params) == (
            "team.download_again",
            1,
            {"sent": 1},
        )
        assert rae.execute(
            "SELECT count(*) FROM fieldcrm.account WHERE fields ->> 'city' = 'Quzhou'"
        ).fetchone() == (1,)
        done = download(two, rae, NOW)
        assert done.removed >= 1
        sync(one, rae, NOW)
        sync(two, rae, NOW)  # in step again
    for laptop in (one, two):
        with laptop.connect() as conn:
            assert (
                conn.execute(
                    text("SELECT count(*) FROM activity WHERE uid = :u"), {"u": contact_uid}
                ).scalar_one()
                == 0
            )
            assert conn.execute(text("SELECT count(*) FROM account WHERE city = 'Quzhou'")).scalar_one() == 1
    with one.connect() as a, two.connect() as b:
        for table in ("account", "person", "activity", "stage_event"):
            assert sorted(a.execute(text(f"SELECT uid FROM {table}")).scalars()) == sorted(
                b.execute(text(f"SELECT uid FROM {table}")).scalars()
            )


def test_team_settings_are_checked_by_the_server(pg: Server, team: str) -> None:
    with member(pg, team, "mia", autocommit=True) as mia:
        for key, value, error in (
            ("team.offline_days", 7, "from 30 to 3650"),
            ("team.offline_days", 30.5, "from 30 to 3650"),
            ("team.personal_fields", 1, "on or off"),
            ("team.nothing", True, "no team setting"),
        ):
            with pytest.raises(psycopg.errors.InvalidParameterValue, match=error):
                set_team_setting(mia, key, value)  # type: ignore[arg-type]
