"""What the calendar export holds: the open next steps and plan steps of active accounts, and
(only when asked for) the birthdays of their people. One query each, streamed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, false, func, select

from fieldcrm.store.export_queries import ACCOUNT, PERSON, A, P, T, V, active, mine_to_do

STREAM_ROWS = 2000


@dataclass(frozen=True, slots=True)
class CalendarItem:
    """One event: ``kind`` is step, plan or birthday; ``ref`` the contact, plan step or person
    it comes from (the event's identity across exports)."""

    kind: str
    ref: int
    day: date | None  # the due day (None for a birthday: see ``birthday``)
    time: str | None  # HH:MM, for a next step set at a time of day
    account: str
    stage: int
    title: str  # the next step, the plan step, or the person
    person: str | None
    owner: str | None  # the colleague a step was handed to, or a plan step's owner role
    detail: str | None  # the contact that set the step, or the plan step's task
    birthday: str | None = None  # MM-DD or YYYY-MM-DD


def calendar_items(engine: Engine, include_personal: bool = False) -> Iterator[CalendarItem]:
    """Every event of the calendar export, next steps first, then plan steps and birthdays."""
    steps = (
        select(V.id, V.next_due, V.next_time, A.name, A.stage, V.next_step, P.name, V.next_owner, V.summary)
        .join(ACCOUNT, A.id == V.account_id)
        .outerjoin(PERSON, P.id == V.person_id)
        .where(active(), V.next_done == false())
        .order_by(V.next_due, V.id)
    )
    plans = (
        select(T.id, T.due_on, T.step, A.name, A.stage, func.coalesce(T.assignee, T.owner_role), T.task)
        .join(ACCOUNT, A.id == T.account_id)
        .where(active(), mine_to_do(), T.done == false(), T.due_on.is_not(None))
        .order_by(T.due_on, T.id)
    )
    people = (
        select(P.id, P.name, P.birthday, A.name, A.stage)
        .join(ACCOUNT, A.id == P.account_id)
        .where(active(), P.birthday.is_not(None))
        .order_by(P.id)
    )
    with engine.connect() as conn:
        options = {"yield_per": STREAM_ROWS}
        for ref, due, at, account, stage, step, person, owner, summary in conn.execution_options(
            **options
        ).execute(steps):
            yield CalendarItem("step", ref, due, at, account, stage, step, person, owner, summary)
        for ref, due, step, account, stage, role, task in conn.execution_options(**options).execute(plans):
            yield CalendarItem("plan", ref, due, None, account, stage, step, None, role, task)
        if include_personal:
            for ref, name, birthday, account, stage in conn.execute(people):
                yield CalendarItem(
                    "birthday", ref, None, None, account, stage, name, name, None, None, birthday
                )
