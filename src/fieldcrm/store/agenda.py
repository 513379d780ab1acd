"""The agenda: what is due and what needs attention, section by section, all in SQL.

Each section is one query. The screen asks for the count of every section and one page of
the section it shows, so 20,000 overdue steps cost a COUNT and a LIMIT, never 20,000 rows.
Next steps and plan steps come from the queries the CSV export uses.
"""

from __future__ import annotations

from calendar import isleap
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, Select, and_, case, func, literal, or_, select

from fieldcrm.domain.forces import Role
from fieldcrm.domain.insider import Ladder
from fieldcrm.domain.profile import Birthday, InvalidBirthday
from fieldcrm.domain.stages import Stage, Status
from fieldcrm.store.export_queries import (
    ACCOUNT,
    AGENDA_DAYS,
    PERSON,
    A,
    Days,
    P,
    Scope,
    V,
    active,
    due_within,
    has_role,
    my_login,
    next_steps_query,
    open_steps,
    plan_steps_query,
)
from fieldcrm.store.models import Assessment, ForcesReview, TeamMember
from fieldcrm.store.models.account import CONTACT_TARGETS
from fieldcrm.store.requests import Q, on_my_agenda
from fieldcrm.store.settings import AgendaLimits

R = ForcesReview.__table__.c  # type: ignore[attr-defined]
S = Assessment.__table__.c  # type: ignore[attr-defined]
MEMBER = TeamMember.__table__.c  # type: ignore[attr-defined]
NONE_2 = (literal(None), literal(None))

SECTIONS = (
    "overdue", "today", "week", "plan", "birthdays", "stalled", "insiders", "reviews", "paused", "assess",
    "requests",
)  # fmt: skip
NEXT_STEPS = SECTIONS[:3]
LEADS_ONLY = ("assess",)  # sections of a laptop whose user leads members of a team
TEAM_ONLY = ("requests",)  # sections of a laptop in team mode


def sections_for(leads: bool, team: bool = False) -> tuple[str, ...]:
    """The agenda's sections for a user who leads members of a team, or not; in team mode,
    or not."""
    left_out = (() if leads else LEADS_ONLY) + (() if team else TEAM_ONLY)
    return tuple(s for s in SECTIONS if s not in left_out)


BIRTHDAY_DAYS = 14


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a section. ``day`` is the due date (next steps, plan steps), the coming
    birthday, the last contact (stalled; None: never) or the day the insider reached the
    current step. ``ref`` is the contact that set a next step, the plan step's id, or an
    insider's ladder step."""

    day: date | None
    account_id: int
    account: str
    stage: int
    grade: str | None
    text: str | None  # the next step, the plan step, the person's title
    who: str | None  # the person (or a plan step's owner role)
    person_id: int | None
    ref: int | None
    state: str | None = None  # a request's kind and answer ("meeting:open", store.requests)


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


def _people(day: Any, kind: str, ref: Any) -> Select[Any]:
    """People with their accounts, in the columns of the next-step queries (an Entry's, after
    the kind)."""
    columns = (day, literal(kind), A.id, A.name, A.stage, A.grade, P.title, P.name, P.id, ref)
    return select(*columns).join(ACCOUNT, A.id == P.account_id)


def _birthdays(today: date, scope: Scope) -> Select[Any]:
    """Decision makers of active accounts whose birthday (MM-DD or YYYY-MM-DD) comes within
    BIRTHDAY_DAYS, soonest first: the month and day are compared as text, across New Year."""
    md = case((func.length(P.birthday) == len("YYYY-MM-DD"), func.substr(P.birthday, 6, 5)), else_=P.birthday)
    later_this_year = case((md >= f"{today:%m-%d}", 0), else_=1)
    return (
        _people(P.birthday, "birthday", literal(None))
        .where(
            active(),
            scope.where(),
            has_role(Role.DECISION_MAKER),
            md.in_(birthday_days(today)),
        )
        .order_by(later_this_year, md, A.name, P.name, P.id)
    )


def _silent_for(today: date, days: int) -> Any:
    return or_(A.last_contact.is_(None), A.last_contact < today - timedelta(days=days))


def _stalled(today: date, limits: AgendaLimits, scope: Scope) -> Select[Any]:
    """Active accounts with no contact for more than their own contact target, or else their
    stage's limit, longest first; an entry's ``ref`` is the account's contact target."""
    silent = [
        and_(A.contact_days.is_(None), A.stage == stage, _silent_for(today, days))
        for stage, days in limits.stalled_days.items()
    ]
    silent += [and_(A.contact_days == days, _silent_for(today, days)) for days in CONTACT_TARGETS]
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
            A.contact_days,  # the ref: the account's own contact target, if it has one
        )
        .where(active(), scope.where(), or_(*silent))
        .order_by(A.last_contact.nulls_first(), A.name, A.id)
    )


def _insiders(today: date, limits: AgendaLimits, scope: Scope) -> Select[Any]:
    """Insiders of active accounts below the top of the ladder who have stayed on their step
    for more than the limit, longest first."""
    cutoff = today - timedelta(days=limits.insider_days)
    return (
        _people(P.ladder_since, "insider", P.ladder_step)
        .where(
            active(),
            scope.where(),
            has_role(Role.INSIDER),
            P.ladder_step < int(Ladder.ALLIANCE),
            or_(P.ladder_since.is_(None), P.ladder_since < cutoff),
        )
        .order_by(P.ladder_since.nulls_first(), A.name, P.name, P.id)
    )


def _reviews(today: date, limits: AgendaLimits, scope: Scope) -> Select[Any]:
    """Active accounts in Relationship whose forces are due for review: ``review_days`` after
    the last review, or after entering the stage; the longest overdue first. The day read is
    the one the count starts from (:func:`page` makes it the day the review fell due)."""
    last = select(func.max(R.on)).where(R.account_id == A.id).scalar_subquery()
    since = func.coalesce(last, func.date(A.stage_since))
    cutoff = (today - timedelta(days=limits.review_days)).isoformat()
    return (
        _account_row(since, "review", A.next_step)
        .where(active(), scope.where(), A.stage == int(Stage.RELATIONSHIP), since <= cutoff)
        .order_by(since, A.name, A.id)
    )


def _paused(today: date, scope: Scope) -> Select[Any]:
    """Paused accounts whose review day has come, the earliest first."""
    return (
        _account_row(A.review_on, "paused", A.status_reason)
        .where(A.status == Status.PAUSED.value, scope.where(), A.review_on <= today)
        .order_by(A.review_on, A.name, A.id)
    )


def _to_assess(scope: Scope) -> Select[Any]:
    """In team mode, on a lead's laptop: active accounts of the reps they lead that entered
    Assessment and have not been scored since, the longest waiting first (the method: the
    outreach team lead assesses). An entry's ``who`` is the account's owner."""
    me = my_login()
    led = select(MEMBER.login).where(MEMBER.lead == me)
    scored = select(S.id).where(S.account_id == A.id, S.created_at >= A.stage_since)
    entered = func.date(A.stage_since)
    return (
        select(entered, literal("assess"), A.id, A.name, A.stage, A.grade, A.next_step, A.owner, *NONE_2)
        .where(active(), scope.where(), A.stage == int(Stage.ASSESSMENT), A.owner.in_(led), ~scored.exists())
        .order_by(entered, A.name, A.id)
    )


def _requests(scope: Scope) -> Select[Any]:
    """Requests to the managers on this user's agenda (store.requests.on_my_agenda), the
    oldest first; an entry's ``who`` is the decision maker, its ``ref`` the request."""
    state = Q.kind + ":" + func.coalesce(Q.answer, "open")
    return (
        select(
            Q.asked_on,
            literal("request"),
            A.id,
            A.name,
            A.stage,
            A.grade,
            Q.reason,
            P.name,
            P.id,
            Q.id,
            state,
        )
        .join(ACCOUNT, A.id == Q.account_id)
        .outerjoin(PERSON, P.id == Q.person_id)
        .where(scope.where(), on_my_agenda())
        .order_by(Q.asked_on, A.name, Q.id)
    )


def _account_row(day: Any, kind: str, text: Any) -> Select[Any]:
    """Accounts in the columns of the next-step queries (an Entry's, after the kind)."""
    return select(day, literal(kind), A.id, A.name, A.stage, A.grade, text, *(literal(None),) * 3)


def _next_step_days(today: date) -> dict[str, Days]:
    """The due days of each next-step section."""
    return {
        "overdue": (None, today - timedelta(days=1)),
        "today": (today, today),
        "week": (today + timedelta(days=1), today + timedelta(days=AGENDA_DAYS)),
    }


def section_query(section: str, today: date, limits: AgendaLimits, scope: Scope | None = None) -> Select[Any]:
    """The rows of one section, in the order shown."""
    scope = scope or Scope()
    due = _next_step_days(today).get(section)
    if due is not None:
        return next_steps_query(scope, due)
    if section == "plan":
        return plan_steps_query(scope, (None, today + timedelta(days=AGENDA_DAYS)))
    if section == "birthdays":
        return _birthdays(today, scope)
    if section == "stalled":
        return _stalled(today, limits, scope)
    if section == "insiders":
        return _insiders(today, limits, scope)
    if section == "reviews":
        return _reviews(today, limits, scope)
    if section == "paused":
        return _paused(today, scope)
    if section == "assess":
        return _to_assess(scope)
    if section == "requests":
        return _requests(scope)
    raise ValueError(section)


def _count_statement(sections: Sequence[str], today: date, limits: AgendaLimits) -> Select[Any]:
    """One statement counting ``sections``, a column named after each: the next steps in one
    pass over the open steps due by the week's end, the other sections over their rows
    (selecting nothing else)."""
    counted: list[Any] = []
    for section in sections:
        if section not in NEXT_STEPS:
            rows = section_query(section, today, limits).order_by(None).with_only_columns(literal(1))
            counted.append(select(func.count()).select_from(rows.subquery()).scalar_subquery().label(section))
    steps = [s for s in sections if s in NEXT_STEPS]
    if not steps:
        return select(*counted)
    days = _next_step_days(today)
    buckets = [func.count(case((due_within(V.next_due, days[s]), 1))).label(s) for s in steps]
    upcoming = select(*buckets).where(open_steps(Scope(), (None, days["week"][1]))).subquery()
    return select(*upcoming.c, *counted).select_from(upcoming)


def counts(
    engine: Engine, today: date, limits: AgendaLimits, sections: Sequence[str] = SECTIONS
) -> dict[str, int]:
    """How many entries each of ``sections`` has, in one statement."""
    with engine.connect() as conn:
        row = conn.execute(_count_statement(sections, today, limits)).one()._mapping
    return {section: int(row[section]) for section in sections}


def read(
    engine: Engine,
    today: date,
    limits: AgendaLimits,
    section: str,
    start: int,
    limit: int,
    recount: bool,
    sections: Sequence[str] = SECTIONS,
) -> tuple[dict[str, int] | None, list[Entry]]:
    """A page of ``section`` and, when ``recount``, the counts of ``sections``: the counts in
    two halves (about equal work each) on their own connections while the page is read
    (SQLite reads in parallel)."""
    if not recount:
        return None, page(engine, section, today, limits, start, limit)
    groups = (sections[:4], sections[4:])
    with ThreadPoolExecutor(max_workers=len(groups)) as pool:
        parts = [pool.submit(counts, engine, today, limits, group) for group in groups]
        entries = page(engine, section, today, limits, start, limit)
        found = {section: n for part in parts for section, n in part.result().items()}
    return found, entries


def page(
    engine: Engine, section: str, today: date, limits: AgendaLimits, offset: int, limit: int
) -> list[Entry]:
    """Entries ``offset`` to ``offset + limit`` of a section."""
    query = section_query(section, today, limits).offset(offset).limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    if section == "birthdays":  # the stored text becomes the day it next falls on
        return [Entry(next_birthday(row[0], today), *row[2:]) for row in rows]
    if section == "assess":  # the day it entered Assessment, read as text
        return [Entry(date.fromisoformat(str(row[0])), *row[2:]) for row in rows]
    if section == "reviews":  # the day counted from becomes the day the review fell due
        due = timedelta(days=limits.review_days)
        return [Entry(date.fromisoformat(str(row[0])) + due, *row[2:]) for row in rows]
    return [Entry(row[0], *row[2:]) for row in rows]


def next_birthday(text: str, today: date) -> date | None:
    """When a stored birthday next comes, on or after today (None if the text is damaged)."""
    try:
        return Birthday.parse(text).next_after(today)
    except InvalidBirthday:
        return None
