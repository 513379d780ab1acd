"""The agenda's sections on a hand-made pipeline: what each holds, in what order, with counts
and pages that agree; the limits kept in the setting table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, text

from fieldcrm.domain.stages import Status
from fieldcrm.store import accounts, agenda
from fieldcrm.store.activities import log_contact
from fieldcrm.store.models import AccountCreate, ActivityCreate, PersonCreate, PlanTaskCreate
from fieldcrm.store.people import create_person, step_ladder
from fieldcrm.store.plan import add_task, set_done
from fieldcrm.store.settings import (
    AGENDA_KEY,
    AgendaLimits,
    InvalidLimits,
    load_agenda_limits,
    save_agenda_limits,
)

TODAY = date(2026, 11, 27)
LIMITS = AgendaLimits()


@pytest.fixture(autouse=True)
def frozen(freeze_clock: Callable[[date], None]) -> None:
    freeze_clock(TODAY)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def account(engine: Engine, name: str, stage: int = 1) -> int:
    created = accounts.create_account(engine, AccountCreate(name=name, stage=stage))
    assert created.id is not None
    return created.id


def contact(
    engine: Engine, account_id: int, on: int, step: str, due: int, person_id: int | None = None
) -> None:
    data = ActivityCreate(
        account_id=account_id, occurred_on=days(on), summary="Visit", next_step=step, next_due=days(due),
        person_id=person_id,
    )  # fmt: skip
    log_contact(engine, data)


def person(engine: Engine, account_id: int, name: str, role: str, **fields: object) -> int:
    created = create_person(engine, PersonCreate(account_id=account_id, name=name, role=role, **fields))
    assert created.id is not None
    return created.id


def listed(engine: Engine, section: str, today: date = TODAY, limits: AgendaLimits = LIMITS) -> list[tuple]:
    return [(e.account, e.day, e.text, e.who) for e in agenda.page(engine, section, today, limits, 0, 100)]


def test_next_steps_fall_into_overdue_today_and_the_coming_week(engine: Engine) -> None:
    acme, blue, cobalt, delta = (account(engine, n) for n in ("Acme", "Blue", "Cobalt", "Delta"))
    buyer = person(engine, acme, "Li Na", "insider")
    contact(engine, acme, -10, "Send samples", -2, buyer)
    contact(engine, blue, -3, "Call back", 0)
    contact(engine, cobalt, -1, "Quote", 7)
    contact(engine, delta, -1, "Visit the plant", 8)  # beyond the week
    gone = account(engine, "Gone")
    contact(engine, gone, -9, "Never mind", -1)
    accounts.set_status(engine, gone, Status.LOST, "price")
    assert listed(engine, "overdue") == [("Acme", days(-2), "Send samples", "Li Na")]
    assert listed(engine, "today") == [("Blue", TODAY, "Call back", None)]
    assert listed(engine, "week") == [("Cobalt", days(7), "Quote", None)]
    (first,) = agenda.page(engine, "overdue", TODAY, LIMITS, 0, 10)
    assert (first.account_id, first.person_id) == (acme, buyer)
    contact(engine, acme, 0, "Bring the samples", 3)  # follows the overdue step up
    assert listed(engine, "overdue") == []
    assert [row[0] for row in listed(engine, "week")] == ["Acme", "Cobalt"]


def test_plan_steps_due_within_the_week_and_not_done(engine: Engine) -> None:
    acme = account(engine, "Acme", 3)
    ids = []
    for step, due in (("Trial order", -4), ("Site visit", 3), ("Contract", 9), ("Undated", None)):
        task = add_task(
            engine, PlanTaskCreate(account_id=acme, step=step, owner_role="BD", due_on=due and days(due))
        )
        ids.append(task.id)
    assert listed(engine, "plan") == [
        ("Acme", days(-4), "Trial order", "BD"),
        ("Acme", days(3), "Site visit", "BD"),
    ]
    assert agenda.page(engine, "plan", TODAY, LIMITS, 0, 1)[0].ref == ids[0]
    set_done(engine, ids[0], True)
    assert [row[2] for row in listed(engine, "plan")] == ["Site visit"]


def test_birthdays_of_decision_makers_in_the_next_fourteen_days(engine: Engine) -> None:
    acme = account(engine, "Acme")
    for name, birthday in (("Wang", "1975-12-11"), ("Zhao", "11-27"), ("Sun", "12-12"), ("Qian", "11-26")):
        person(engine, acme, name, "decision_maker", birthday=birthday)
    person(engine, acme, "Li", "insider", birthday="11-30")  # not a decision maker
    assert listed(engine, "birthdays") == [
        ("Acme", TODAY, None, "Zhao"),
        ("Acme", date(2026, 12, 11), None, "Wang"),
    ]


def test_birthdays_across_new_year_and_on_29_february(engine: Engine) -> None:
    acme = account(engine, "Acme")
    for name, birthday in (("Jan", "01-05"), ("Dec", "12-30"), ("Leap", "02-29"), ("Mar", "03-01")):
        person(engine, acme, name, "decision_maker", birthday=birthday)
    assert [row[3] for row in listed(engine, "birthdays", date(2026, 12, 25))] == ["Dec", "Jan"]
    late_feb = listed(engine, "birthdays", date(2027, 2, 20))  # 2027 has no 29 February
    assert [(row[3], row[1]) for row in late_feb] == [("Leap", date(2027, 2, 28)), ("Mar", date(2027, 3, 1))]


def set_last_contact(engine: Engine, account_id: int, on: date | None) -> None:
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE account SET last_contact = :d WHERE id = :i"),
            {"d": on and on.isoformat(), "i": account_id},
        )


def test_stalled_accounts_by_their_stage_limit_longest_silent_first(engine: Engine) -> None:
    never = account(engine, "Never", 1)
    quiet = account(engine, "Quiet", 1)
    fresh = account(engine, "Fresh", 1)
    closing = account(engine, "Closing", 5)
    set_last_contact(engine, quiet, days(-22))  # Prospect allows 21 days
    set_last_contact(engine, fresh, days(-21))
    set_last_contact(engine, closing, days(-8))  # Close allows 7
    assert [row[:2] for row in listed(engine, "stalled")] == [
        ("Never", None),
        ("Quiet", days(-22)),
        ("Closing", days(-8)),
    ]
    strict = AgendaLimits({**LIMITS.stalled_days, 1: 5, 5: 30}, LIMITS.insider_days)
    assert [row[0] for row in listed(engine, "stalled", limits=strict)] == ["Never", "Quiet", "Fresh"]
    accounts.set_status(engine, never, Status.PAUSED)
    assert "Never" not in [row[0] for row in listed(engine, "stalled")]


def test_insiders_stuck_on_one_step_below_alliance(
    engine: Engine, freeze_clock: Callable[[date], None]
) -> None:
    acme = account(engine, "Acme", 2)
    freeze_clock(days(-40))
    stuck = person(engine, acme, "Stuck", "insider")
    moving = person(engine, acme, "Moving", "insider")
    top = person(engine, acme, "Top", "insider")
    for _ in range(4):
        step_ladder(engine, top, up=True)
    freeze_clock(days(-5))
    step_ladder(engine, moving, up=True)
    freeze_clock(TODAY)
    (entry,) = agenda.page(engine, "insiders", TODAY, LIMITS, 0, 10)
    assert (entry.who, entry.day, entry.ref, entry.person_id) == ("Stuck", days(-40), 1, stuck)
    assert listed(engine, "insiders", limits=AgendaLimits(insider_days=50)) == []


def test_counts_agree_with_the_pages_and_pages_follow_on(engine: Engine) -> None:
    for n in range(7):
        contact(engine, account(engine, f"Account {n}"), -10, f"Step {n}", -1 - n)
    counted = agenda.counts(engine, TODAY, LIMITS)
    assert counted == {section: len(listed(engine, section)) for section in agenda.SECTIONS}
    assert counted["overdue"] == 7 and counted["stalled"] == 0
    first = agenda.page(engine, "overdue", TODAY, LIMITS, 0, 4)
    rest = agenda.page(engine, "overdue", TODAY, LIMITS, 4, 4)
    assert [e.text for e in first + rest] == [f"Step {n}" for n in range(6, -1, -1)]


def test_limits_default_round_trip_and_refuse_nonsense(engine: Engine) -> None:
    assert load_agenda_limits(engine) == AgendaLimits()
    mine = AgendaLimits({1: 30, 2: 20, 3: 20, 4: 10, 5: 5}, 45)
    save_agenda_limits(engine, mine)
    assert load_agenda_limits(engine) == mine
    for bad in ({**mine.stalled_days, 3: 0}, {1: 5}, {**mine.stalled_days, 2: 4000}):
        with pytest.raises(InvalidLimits):
            AgendaLimits(bad, 30)
    with pytest.raises(InvalidLimits):
        AgendaLimits(insider_days=0)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE setting SET value = '{\"stalled_days\": 3}' WHERE key = :k"), {"k": AGENDA_KEY}
        )
    assert load_agenda_limits(engine) == AgendaLimits()


def test_the_review_interval_is_kept_and_older_limits_read_with_the_default(engine: Engine) -> None:
    mine = AgendaLimits({1: 30, 2: 20, 3: 20, 4: 10, 5: 5}, 45, 14)
    save_agenda_limits(engine, mine)
    assert load_agenda_limits(engine).review_days == 14
    with pytest.raises(InvalidLimits):
        AgendaLimits(review_days=0)
    older = '{"insider_days": 45, "stalled_days": {"1": 30, "2": 20, "3": 20, "4": 10, "5": 5}}'
    with engine.begin() as conn:  # as a version without the review interval stored it
        conn.execute(text("UPDATE setting SET value = :v WHERE key = :k"), {"v": older, "k": AGENDA_KEY})
    assert load_agenda_limits(engine) == AgendaLimits({1: 30, 2: 20, 3: 20, 4: 10, 5: 5}, 45, 30)
