"""People: created and edited through the input models; the insider ladder is dated."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine, text

from fieldcrm import clock
from fieldcrm.store.models import PersonCreate, PersonUpdate
from fieldcrm.store.people import (
    PersonGone,
    create_person,
    ladder_events_of,
    people_of,
    step_ladder,
    update_person,
)

DAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen(freeze_clock: Callable[[date], None]) -> None:
    freeze_clock(DAY)


def test_people_come_decision_makers_first_then_by_name(engine: Engine, account_id: int) -> None:
    for name, role in [
        ("Zed", "user"),
        ("Bo", "insider"),
        ("Al", "other"),
        ("Yu", "decision_maker"),
        ("Cy", "decision_maker"),
    ]:
        create_person(engine, PersonCreate(account_id=account_id, name=name, role=role))
    assert [p.name for p in people_of(engine, account_id)] == ["Cy", "Yu", "Bo", "Zed", "Al"]


def test_a_new_insider_starts_on_the_first_step_dated_today(engine: Engine, account_id: int) -> None:
    person = create_person(engine, PersonCreate(account_id=account_id, name="Li", role="insider"))
    assert (person.ladder_step, person.ladder_since) == (1, DAY)
    events = ladder_events_of(engine, account_id)[person.id]
    assert [(e.step, e.on) for e in events] == [(1, DAY)]


def test_other_roles_have_no_ladder(engine: Engine, account_id: int) -> None:
    person = create_person(engine, PersonCreate(account_id=account_id, name="Wu", role="user"))
    assert person.ladder_step is None
    assert ladder_events_of(engine, account_id) == {}
    with pytest.raises(ValueError, match=r"ladder\.not_insider"):
        step_ladder(engine, person.id, up=True)


def test_becoming_an_insider_starts_the_ladder_and_leaving_clears_it(engine: Engine, account_id: int) -> None:
    person = create_person(engine, PersonCreate(account_id=account_id, name="Wu"))
    updated = update_person(engine, person.id, PersonUpdate(name="Wu", role="insider"))
    assert (updated.ladder_step, updated.ladder_since) == (1, DAY)
    updated = update_person(engine, person.id, PersonUpdate(name="Wu", role="influencer"))
    assert (updated.ladder_step, updated.ladder_since) == (None, None)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT role, ladder_step FROM person")).one() == ("influencer", None)


def test_the_ladder_goes_up_and_down_with_a_dated_event_each(engine: Engine, account_id: int) -> None:
    person = create_person(engine, PersonCreate(account_id=account_id, name="Li", role="insider"))
    clock.freeze(date(2026, 3, 9))
    assert step_ladder(engine, person.id, up=True).ladder_step == 2
    clock.freeze(date(2026, 3, 20))
    assert step_ladder(engine, person.id, up=True).ladder_step == 3
    moved = step_ladder(engine, person.id, up=False)
    assert (moved.ladder_step, moved.ladder_since) == (2, date(2026, 3, 20))
    events = ladder_events_of(engine, account_id)[person.id]
    assert [(e.step, e.on.isoformat()) for e in events] == [
        (1, "2026-03-02"),
        (2, "2026-03-09"),
        (3, "2026-03-20"),
        (2, "2026-03-20"),
    ]


def test_the_ladder_stops_at_both_ends(engine: Engine, account_id: int) -> None:
    person = create_person(engine, PersonCreate(account_id=account_id, name="Li", role="insider"))
    assert step_ladder(engine, person.id, up=False) is None
    for _ in range(4):
        step_ladder(engine, person.id, up=True)
    assert step_ladder(engine, person.id, up=True) is None
    assert len(ladder_events_of(engine, account_id)[person.id]) == 5


def test_update_keeps_what_the_form_did_not_send(engine: Engine, account_id: int) -> None:
    person = create_person(
        engine, PersonCreate(account_id=account_id, name="Li", hometown="Wuxi", birthday="3-4")
    )
    assert person.birthday == "03-04"
    updated = update_person(engine, person.id, PersonUpdate.model_validate({"name": "Li Ming"}))
    assert (updated.name, updated.hometown) == ("Li Ming", "Wuxi")


def test_a_missing_person_is_reported(engine: Engine) -> None:
    with pytest.raises(PersonGone):
        update_person(engine, 99, PersonUpdate(name="x"))
    with pytest.raises(PersonGone):
        step_ladder(engine, 99, up=True)
