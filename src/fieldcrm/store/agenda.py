"""The agenda: what is due and what needs attention, section by section, all in SQL.

Each section is one query. The screen asks for the count of every section (one statement)
and one page of the section it shows, so 20,000 overdue steps cost a COUNT and a LIMIT, never
20,000 rows. Next steps and plan steps come from the queries the CSV export uses.
"""

from __future__ import annotations

from calendar import isleap
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, Select, and_, case, func, literal, or_, select

from fieldcrm.domain.forces import Role
from fieldcrm.domain.insider import Ladder
from fieldcrm.domain.profile import Birthday, InvalidBirthday
from fieldcrm.store.reports import (
    ACCOUNT,
    AGENDA_DAYS,
    A,
    P,
    Scope,
    active,
    next_steps_query,
    plan_steps_query,
)
from fieldcrm.store.settings import AgendaLimits

SECTIONS = ("overdue", "today", "week", "plan", "birthdays", "stalled", "insiders")
BIRTHDAY_DAYS = 14


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a section. ``day`` is the due date (next steps, plan steps), the coming
    birthday, the last contact (stalled; None: never) or the day the insider reached the
    current step. ``ref`` is the plan step's id (plan) or the insider's ladder step."""

    day: date | None
    account_id: int
    account: str
    stage: int
    grade: str | None
    text: str | None  # the next step, the plan step, the person's title
    who: str | None  # the person (or a plan step's owner role)
    person_id: int | None
    ref: int | None


def birthday_days(today: date, days: int = BIRTHDAY_DAYS) -> list[str]:
    """The MM-DD of today and the ``days`` after it; 29 February in a year without one is
    celebrated on the 28th (as ``Birthday.next_after`` has it)."""
    out = []
    for n in range(days + 1):
        day = today + timedelta(days=n)
        out.append(f"{day:%m-%d}")
        if (day.month, day.day) == (2, 28) and not isleap(day.year):
            out.append("02-29")
    return out


def _birthdays(today: date, scope: Scope) -> Select[Any]:
    """Decision makers of active accounts whose birthday (MM-DD or YYYY-MM-DD) comes within
    BIRTHDAY_DAYS, soonest first: the month and day are compared as text, across New Year."""
    md = case((func.length(P.birthday) == len("YYYY-MM-DD"), func.substr(P.birthday, 6, 5)), else_=P.birthday)
    later_this_year = case((md >= f"{today:%m-%d}", 0), else_=1)
    return (
        select(
            P.birthday,
            literal("birthday"),
            A.id,
            A.name,
            A.stage,
            A.grade,
            P.title,
            P.name,
            P.id,
            literal(None),
        )
        .join(ACCOUNT, A.id == P.account_id)
        .where(
            active(),
            scope.where(),
            P.role == Role.DECISION_MAKER.value,
            md.in_(birthday_days(today)),
        )
        .order_by(later_this_year, md, A.name, P.name, P.id)
    )


def _stalled(today: date, limits: AgendaLimits, scope: Scope) -> Select[Any]:
    """Active accounts with no contact for more than their stage's limit, longest first."""
    silent = [
        and_(A.stage == stage, or_(A.last_contact.is_(None), A.last_contact < today - timedelta(days=days)))
        for stage, days in limits.stalled_days.items()
    ]
    return (
        select(
            A.last_contact,
            literal("stalled"),
            A.id,
            A.name,
            A.stage,
            A.grade,
            A.next_step,
            literal(None),
            literal(None),
            literal(None),
        )
        .where(active(), scope.where(), or_(*silent))
        .order_by(A.last_contact.nulls_first(), A.name, A.id)
    )


def _insiders(today: date, limits: AgendaLimits, scope: Scope) -> Select[Any]:
    """Insiders of active accounts below the top of the ladder who have stayed on their step
    for more than the limit, longest first."""
    cutoff = today - timedelta(days=limits.insider_days)
    return (
        select(
            P.ladder_since,
            literal("insider"),
            A.id,
            A.name,
            A.stage,
            A.grade,
            P.title,
            P.name,
            P.id,
            P.ladder_step,
        )
        .join(ACCOUNT, A.id == P.account_id)
        .where(
            active(),
            scope.where(),
            P.role == Role.INSIDER.value,
            P.ladder_step < int(Ladder.ALLIANCE),
            or_(P.ladder_since.is_(None), P.ladder_since < cutoff),
        )
        .order_by(P.ladder_since.nulls_first(), A.name, P.name, P.id)
    )


def section_query(section: str, today: date, limits: AgendaLimits, scope: Scope | None = None) -> Select[Any]:
    """The rows of one section, in the order shown."""
    scope = scope or Scope()
    week = today + timedelta(days=AGENDA_DAYS)
    if section == "overdue":
        return next_steps_query(scope, (None, today - timedelta(days=1)))
    if section == "today":
        return next_steps_query(scope, (today, today))
    if section == "week":
        return next_steps_query(scope, (today + timedelta(days=1), week))
    if section == "plan":
        return plan_steps_query(scope, (None, week))
    if section == "birthdays":
        return _birthdays(today, scope)
    if section == "stalled":
        return _stalled(today, limits, scope)
    if section == "insiders":
        return _insiders(today, limits, scope)
    raise ValueError(section)


def counts(engine: Engine, today: date, limits: AgendaLimits) -> dict[str, int]:
    """How many entries each section has, in one statement."""
    counted = [
        select(func.count())
        .select_from(section_query(s, today, limits).order_by(None).subquery())
        .scalar_subquery()
        for s in SECTIONS
    ]
    with engine.connect() as conn:
        row = conn.execute(select(*counted)).one()
    return dict(zip(SECTIONS, map(int, row), strict=True))


def page(
    engine: Engine, section: str, today: date, limits: AgendaLimits, offset: int, limit: int
) -> list[Entry]:
    """Entries ``offset`` to ``offset + limit`` of a section."""
    query = section_query(section, today, limits).offset(offset).limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    if section == "birthdays":  # the stored text becomes the day it next falls on
        return [Entry(next_birthday(row[0], today), *row[2:]) for row in rows]
    return [Entry(row[0], *row[2:]) for row in rows]


def next_birthday(text: str, today: date) -> date | None:
    """When a stored birthday next comes, on or after today (None if the text is damaged)."""
    try:
        return Birthday.parse(text).next_after(today)
    except InvalidBirthday:
        return None
