"""Forces over time: each person's standing as it changed, the reviews of an account's forces,
and the counter-plans for opponents (whose next step is a plan step, so it reaches the agenda
and the calendar)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from fieldcrm.domain.forces import Standing, forces
from fieldcrm.store.changes import AccountGone
from fieldcrm.store.models import (
    Account,
    CounterPlanCreate,
    ForcesReview,
    ForcesReviewCreate,
    Person,
    PersonChange,
    PlanTask,
    PlanTaskCreate,
)
from fieldcrm.store.people import PersonGone, people_in
from fieldcrm.store.plan import append_task
from fieldcrm.store.session import existing, touch, transaction


def standings_in(s: Session, account_id: int, people: Sequence[Person]) -> list[Standing]:
    """Every dated standing of the account's people, oldest first; a person with none (added
    by an import or the demo) stands as they are now, from the start."""
    query = select(PersonChange).where(PersonChange.account_id == account_id)
    rows = s.exec(query.order_by(col(PersonChange.on), col(PersonChange.id)))
    out = [Standing(r.person_id, r.on, r.stance, r.influence) for r in rows]
    dated = {st.person for st in out}
    undated = [p for p in people if p.id is not None and p.id not in dated]
    out[:0] = [Standing(p.id, None, p.stance, p.influence) for p in undated if p.id is not None]
    return out


def record_review(engine: Engine, data: ForcesReviewCreate) -> ForcesReview:
    """Keep the forces at the account as they stand now, on the day given, with a note."""
    with transaction(engine) as s:
        existing(s, Account, data.account_id, AccountGone)
        now = forces((p.stance, p.influence) for p in people_in(s, data.account_id))
        review = ForcesReview(
            account_id=data.account_id,
            on=data.on,
            net_support=now.net_support,
            penetration=now.penetration,
            note=data.note,
        )
        s.add(review)
        touch(s, data.account_id)
    return review


def counter_steps_in(s: Session, account_id: int) -> dict[int, PlanTask]:
    """Each person's open plan step (a counter-plan's next step), by person."""
    query = select(PlanTask).where(
        PlanTask.account_id == account_id, col(PlanTask.person_id).is_not(None), col(PlanTask.done).is_(False)
    )
    return {t.person_id: t for t in s.exec(query.order_by(col(PlanTask.id))) if t.person_id is not None}


def set_counter_plan(engine: Engine, data: CounterPlanCreate) -> Person:
    """Keep what we do to defuse the person; its step becomes (or updates) their open plan
    step, which the agenda lists when it falls due."""
    person_id = data.person_id
    with transaction(engine) as s:
        person = existing(s, Person, person_id, PersonGone)
        if person.account_id != data.account_id:
            raise PersonGone(person_id)
        person.counter_plan = data.plan
        s.add(person)
        step = counter_steps_in(s, person.account_id).get(person_id)
        if data.step is not None:
            if step is None:
                task = PlanTaskCreate(
                    account_id=person.account_id,
                    step=data.step,
                    task=data.plan,
                    due_on=data.due_on,
                    person_id=person_id,
                )
                append_task(s, task)
            else:
                step.step, step.task, step.due_on = data.step, data.plan, data.due_on
                s.add(step)
        touch(s, person.account_id)
    return person
