"""The method in depth, in the store: forces over time, counter-plans, milestones, the gates
that read them, pauses with a review day, contact targets, going back to Information, gate
overrides in the report, and the account's record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, text

from fieldcrm.domain.forces import Role, Stance, forces_on
from fieldcrm.domain.insider import QUALIFICATION
from fieldcrm.domain.milestones import CLOSE_STEPS
from fieldcrm.domain.stages import Stage, Status
from fieldcrm.store import accounts, agenda
from fieldcrm.store.account_view import read_account
from fieldcrm.store.activities import log_contact
from fieldcrm.store.changes import Gated
from fieldcrm.store.facts import account_facts
from fieldcrm.store.forces import record_review, set_counter_plan
from fieldcrm.store.milestones import add_material, clear_milestone, record_milestone
from fieldcrm.store.models import (
    AccountCreate,
    ActivityCreate,
    CounterPlan,
    CounterPlanCreate,
    ForcesReviewCreate,
    MaterialCreate,
    MilestoneCreate,
    MilestoneFields,
    PersonCreate,
    PersonUpdate,
    SimReasonCreate,
)
from fieldcrm.store.people import create_person, get_person, update_person
from fieldcrm.store.plan import tasks_of
from fieldcrm.store.report import pipeline_report
from fieldcrm.store.settings import AgendaLimits
from fieldcrm.store.simulation import add_reason
from fieldcrm.store.timeline import timeline

TODAY = date(2026, 11, 27)
LIMITS = AgendaLimits()


@pytest.fixture
def day(freeze_clock: Callable[[date], None]) -> Callable[[int], date]:
    """Set the clock ``n`` days from TODAY (TODAY to start with)."""

    def at(n: int) -> date:
        freeze_clock(TODAY + timedelta(days=n))
        return TODAY + timedelta(days=n)

    at(0)
    return at


def account(engine: Engine, name: str = "Acme", stage: int = 1) -> int:
    created = accounts.create_account(engine, AccountCreate(name=name, stage=stage))
    assert created.id is not None
    return created.id


def person(engine: Engine, account_id: int, name: str, role: Role, **fields: object) -> int:
    created = create_person(engine, PersonCreate(account_id=account_id, name=name, role=role, **fields))
    assert created.id is not None
    return created.id


def edit(engine: Engine, person_id: int, **fields: object) -> None:
    now = get_person(engine, person_id)
    assert now is not None
    update_person(
        engine,
        person_id,
        PersonUpdate(**{**now.model_dump(include=set(PersonUpdate.model_fields)), **fields}),
    )


def listed(engine: Engine, section: str, today: date = TODAY) -> list[tuple]:
    return [(e.account, e.day, e.text) for e in agenda.page(engine, section, today, LIMITS, 0, 100)]


def test_each_change_of_stance_or_influence_is_dated_and_kept(engine: Engine, day) -> None:
    acme = account(engine)
    wang = person(engine, acme, "Wang", Role.DECISION_MAKER, stance=Stance.OPPOSE, influence=4)
    li = person(engine, acme, "Li", Role.INFLUENCER, stance=Stance.SUPPORT, influence=2)
    day(10)
    edit(engine, wang, stance=Stance.NEUTRAL)
    edit(engine, li, title="Buyer")  # neither stance nor influence: nothing kept
    day(20)
    edit(engine, wang, stance=Stance.SUPPORT, influence=5)
    view = read_account(engine, acme, TODAY + timedelta(days=20))
    assert view is not None
    assert [(s.person, s.on, s.stance, s.influence) for s in view.standings] == [
        (wang, TODAY, "oppose", 4),
        (li, TODAY, "support", 2),
        (wang, TODAY + timedelta(days=10), "neutral", 4),
        (wang, TODAY + timedelta(days=20), "support", 5),
    ]
    assert forces_on(TODAY, view.standings).net_support == round(100 * (2 - 4) / 6)
    assert forces_on(TODAY + timedelta(days=20), view.standings).net_support == 100
    record = [(h.kind, h.person, h.facts.get("stance")) for h in timeline(view) if h.kind == "stance"]
    assert record == [("stance", "Wang", "support"), ("stance", "Wang", "neutral")]


def test_a_forces_review_keeps_the_figures_of_its_day(engine: Engine, day) -> None:
    acme = account(engine, stage=4)
    person(engine, acme, "Wang", Role.DECISION_MAKER, stance=Stance.SUPPORT, influence=3)
    person(engine, acme, "Zhao", Role.USER, stance=Stance.OPPOSE, influence=1)
    review = record_review(engine, ForcesReviewCreate(account_id=acme, on=TODAY, note="Zhao still against"))
    assert (review.net_support, review.penetration, review.note) == (50, 75, "Zhao still against")


def test_the_forces_review_falls_due_every_n_days_in_stage_4(engine: Engine, day) -> None:
    acme, blue = account(engine, "Acme", 4), account(engine, "Blue", 3)
    assert listed(engine, "reviews") == []
    later = TODAY + timedelta(days=30)
    assert listed(engine, "reviews", later) == [("Acme", later, None)]
    assert listed(engine, "reviews", later - timedelta(days=1)) == []
    day(25)
    record_review(engine, ForcesReviewCreate(account_id=acme, on=TODAY + timedelta(days=25)))
    assert listed(engine, "reviews", later) == []
    due = TODAY + timedelta(days=55)
    assert listed(engine, "reviews", due) == [("Acme", due, None)]
    assert agenda.counts(engine, due, LIMITS, ["reviews"]) == {"reviews": 1}
    assert blue  # stage 3: never listed


def test_a_counter_plan_step_reaches_the_agenda(engine: Engine, day) -> None:
    acme = account(engine, stage=4)
    zhao = person(engine, acme, "Zhao", Role.USER, stance=Stance.OPPOSE)
    plan = CounterPlanCreate(
        account_id=acme,
        person_id=zhao,
        plan="Show him the savings",
        step="Lunch with Zhao",
        due_on=TODAY + timedelta(days=2),
    )
    set_counter_plan(engine, plan)
    assert listed(engine, "plan") == [("Acme", TODAY + timedelta(days=2), "Lunch with Zhao")]
    set_counter_plan(
        engine,
        CounterPlanCreate(account_id=acme, person_id=zhao, plan="Savings", step="Call Zhao", due_on=TODAY),
    )
    (task,) = tasks_of(engine, acme)  # the open step is updated, not doubled
    assert (task.step, task.person_id, task.due_on) == ("Call Zhao", zhao, TODAY)
    assert get_person(engine, zhao).counter_plan == "Savings"
    with pytest.raises(ValueError, match=r"counter\.step_and_day"):
        CounterPlan(plan="x", step="Call")


def test_the_stage_2_gate_asks_for_a_qualified_insider_and_records_what_was_missing(
    engine: Engine, day
) -> None:
    acme = account(engine, stage=2)
    points = {f"q_{q}": True for q in QUALIFICATION}
    li = person(engine, acme, "Li", Role.USER, other_roles="insider", **{**points, "q_invested": False})
    assert account_facts(engine, acme).insider_lacks == ("invested",)
    with pytest.raises(Gated) as gated:
        accounts.move_stage(engine, acme, Stage.ASSESSMENT)
    assert "insider" in gated.value.missing
    missing = list(gated.value.missing)
    change = accounts.move_stage(engine, acme, Stage.ASSESSMENT, overridden=missing)
    with engine.connect() as conn:
        record = conn.execute(
            text("SELECT missing FROM stage_event WHERE id = :i"), {"i": change.event_id}
        ).scalar()
    assert "insider:invested" in record.split(",")
    edit(engine, li, q_invested=True)
    assert account_facts(engine, acme).insider_lacks == ()
    assert get_person(engine, li).ladder_step == 1  # an insider by another role has a ladder


def test_stage_4_asks_for_a_decision_maker_simulated(engine: Engine, day) -> None:
    acme = account(engine, stage=4)
    wang = person(engine, acme, "Wang", Role.DECISION_MAKER)
    add_reason(engine, SimReasonCreate(account_id=acme, kind="customer", text="Price"))
    assert account_facts(engine, acme).simulated == 0
    add_reason(engine, SimReasonCreate(account_id=acme, kind="decision_maker", text="Bonus", person_id=wang))
    assert account_facts(engine, acme).simulated == 1


def test_stage_5_is_ticked_by_its_own_records_not_by_contacts(engine: Engine, day) -> None:
    acme = account(engine, stage=5)
    log_contact(
        engine,
        ActivityCreate(
            account_id=acme, occurred_on=TODAY, kind="inspection", summary="Plant tour",
            next_step="Follow up", next_due=TODAY,
        ),
    )  # fmt: skip
    assert account_facts(engine, acme).milestones == frozenset()
    with pytest.raises(Gated):
        accounts.set_status(engine, acme, Status.WON)
    for step in CLOSE_STEPS:
        record_milestone(engine, MilestoneCreate(account_id=acme, item=step, on=TODAY, note=f"{step} done"))
    record_milestone(
        engine, MilestoneCreate(account_id=acme, item="inspection", on=TODAY, note="Second visit")
    )
    view = read_account(engine, acme, TODAY)
    assert view.milestones["inspection"].note == "Second visit" and len(view.milestones) == 3
    assert accounts.set_status(engine, acme, Status.WON).card.status == "won"
    assert clear_milestone(engine, acme, "inspection") and not clear_milestone(engine, acme, "inspection")
    with pytest.raises(ValueError, match=r"milestone\.unknown"):
        MilestoneFields(item="lunch", on=TODAY)


def test_material_sent_is_kept_with_whom_and_when(engine: Engine, day) -> None:
    acme = account(engine, stage=4)
    wang = person(engine, acme, "Wang", Role.DECISION_MAKER)
    add_material(
        engine, MaterialCreate(account_id=acme, what="Case study: cold chain", on=TODAY, person_id=wang)
    )
    view = read_account(engine, acme, TODAY)
    assert [(m.what, m.person_id) for m in view.materials] == [("Case study: cold chain", wang)]
    assert ("material", "Wang") in [(h.kind, h.person) for h in timeline(view)]


def test_a_pause_returns_to_the_agenda_on_its_review_day(engine: Engine, day) -> None:
    acme = account(engine)
    review = TODAY + timedelta(days=14)
    accounts.set_status(engine, acme, Status.PAUSED, "Grade D: observe", review_on=review)
    assert listed(engine, "paused") == []
    assert listed(engine, "paused", review) == [("Acme", review, "Grade D: observe")]
    resumed = accounts.set_status(engine, acme, Status.ACTIVE)
    assert listed(engine, "paused", review) == []
    accounts.undo(engine, resumed)
    assert listed(engine, "paused", review) == [("Acme", review, "Grade D: observe")]


def test_a_lower_contact_target_is_what_the_stalled_rule_follows(engine: Engine, day) -> None:
    acme = account(engine, stage=5)  # stalled after 7 days by its stage
    log_contact(
        engine,
        ActivityCreate(account_id=acme, occurred_on=TODAY, summary="Visit", next_step="Call", next_due=TODAY),
    )
    later = TODAY + timedelta(days=20)
    assert [e.account for e in agenda.page(engine, "stalled", later, LIMITS, 0, 10)] == ["Acme"]
    accounts.set_contact_target(engine, acme, 30)
    assert agenda.page(engine, "stalled", later, LIMITS, 0, 10) == []
    assert [e.account for e in agenda.page(engine, "stalled", TODAY + timedelta(days=31), LIMITS, 0, 10)] == [
        "Acme"
    ]
    with pytest.raises(ValueError, match=r"contact_target\.unknown"):
        accounts.set_contact_target(engine, acme, 45)


def test_too_little_to_assess_goes_back_to_information_with_a_step_per_unknown(engine: Engine, day) -> None:
    acme = account(engine, stage=3)
    due = TODAY + timedelta(days=7)
    change = accounts.back_to_information(
        engine, acme, ["Find out: deal risk", "Find out: customer risk"], due
    )
    assert change.card.stage == 2
    assert [(t.step, t.due_on) for t in tasks_of(engine, acme)] == [
        ("Find out: deal risk", due),
        ("Find out: customer risk", due),
    ]
    from fieldcrm.store.changes import Refused

    with pytest.raises(Refused):
        accounts.back_to_information(engine, acme, [], due)  # now in stage 2


def test_the_report_counts_and_lists_gate_overrides_per_stage(engine: Engine, day) -> None:
    acme, blue = account(engine, "Acme"), account(engine, "Blue")
    for a in (acme, blue):
        accounts.move_stage(
            engine, a, Stage.INFORMATION, overridden=["need_known", "first_contact", "opportunity"]
        )
    undone = accounts.move_stage(
        engine, acme, Stage.ASSESSMENT, overridden=["proposal", "insider", "info_sufficient", "need_clear"]
    )
    accounts.undo(engine, undone)
    report = pipeline_report(engine, TODAY, None)
    assert report.overrides.by_stage == {1: 2, 2: 0, 3: 0, 4: 0, 5: 0}
    assert [(o.account, o.stage, [k for k, _ in o.items]) for o in report.overrides.latest] == [
        ("Blue", 1, ["need_known", "first_contact", "opportunity"]),
        ("Acme", 1, ["need_known", "first_contact", "opportunity"]),
    ]


def test_the_record_holds_every_kind_of_happening(engine: Engine, day) -> None:
    acme = account(engine, stage=1)
    li = person(engine, acme, "Li", Role.INSIDER)
    accounts.move_stage(
        engine, acme, Stage.INFORMATION, overridden=["need_known", "first_contact", "opportunity"]
    )
    record_review(engine, ForcesReviewCreate(account_id=acme, on=TODAY, note="Quiet"))
    record_milestone(engine, MilestoneCreate(account_id=acme, item="talent", on=TODAY))
    log_contact(
        engine,
        ActivityCreate(
            account_id=acme, person_id=li, occurred_on=TODAY, summary="Tea", next_step="Call", next_due=TODAY,
            duration_minutes=90,
        ),
    )  # fmt: skip
    view = read_account(engine, acme, TODAY)
    kinds = {h.kind for h in timeline(view)}
    assert kinds >= {"event.created", "event.moved", "ladder", "review", "milestone", "contact"}
    moved = next(h for h in timeline(view) if h.kind == "event.moved")
    assert [k for k, _ in moved.facts["overrides"]] == ["need_known", "first_contact", "opportunity"]
    contact = next(h for h in timeline(view) if h.kind == "contact")
    assert (contact.person, contact.facts["minutes"]) == ("Li", 90)
