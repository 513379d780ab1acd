"""Board queries: counts per stage in one GROUP BY, and one page of cards at a time.

The board never loads every account: each column asks for the rows its viewport shows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, literal, literal_column, or_, select, tuple_
from sqlalchemy.sql.elements import ColumnElement

from fieldcrm.domain.closeness import Contact, closeness
from fieldcrm.domain.names import search_key, search_query
from fieldcrm.domain.stages import STAGE_NUMBERS, Status
from fieldcrm.store.sort_keys import GRADE_KEY, MISSING_SCORE, SCORE_KEY
from fieldcrm.store.tables import account, activity, assessment, plan_task
from fieldcrm.store.team_view import owned_by

CLOSENESS_WINDOW_DAYS = 365
A = account.c
SORTS = ("due", "days", "grade", "score", "name")  # how a column can be ordered; due first


@dataclass(frozen=True, slots=True)
class BoardFilter:
    """What the board shows: a status view plus optional narrowing."""

    statuses: tuple[str, ...] = (Status.ACTIVE.value,)
    grades: tuple[str, ...] = ()  # "" stands for ungraded
    overdue: bool = False
    stalled_days: int | None = None  # no contact for this many days (or never)
    search: str = ""
    industry: str = ""  # the account's industry, city, as typed (case and width ignored)
    city: str = ""
    owners: tuple[str, ...] | None = None  # whose accounts (team logins; "" the user's own); None: all

    @property
    def active(self) -> bool:
        """True when anything narrows the default view."""
        return self != BoardFilter()


@dataclass(frozen=True, slots=True)
class Card:
    id: int
    name: str
    stage: int
    status: str
    grade: str | None
    score: float | None
    next_step: str | None
    next_due: date | None
    last_contact: date | None
    stage_since: datetime
    plan_total: int = 0  # development-plan steps, and how many of them are done
    plan_done: int = 0
    status_reason: str | None = None  # why it was terminated or lost
    value: float | None = None  # the newest assessment's value and difficulty: why the grade
    difficulty: float | None = None
    owner: str | None = None  # the team member whose account it is (None: the user's own)
    closeness: int | None = None

    @property
    def closed(self) -> bool:
        """Won, lost or terminated: no longer worked, so no days in stage or overdue steps."""
        return Status(self.status).is_closed

    @property
    def needs_plan(self) -> bool:
        """Grade A means all-out with a development plan: an A account without one is flagged."""
        return self.grade == "A" and self.plan_total == 0

    def days_in_stage(self, today: date) -> int:
        return max(0, (today - self.stage_since.date()).days)


def _where(f: BoardFilter, today: date) -> ColumnElement[bool]:
    clauses: list[ColumnElement[bool]] = [A.status.in_(f.statuses)]
    if f.grades:
        named = [g for g in f.grades if g]
        grade_clauses = [A.grade.in_(named)] if named else []
        if "" in f.grades:
            grade_clauses.append(A.grade.is_(None))
        clauses.append(or_(*grade_clauses))
    if f.overdue:
        clauses.append(A.next_due < today)
    if f.stalled_days is not None:
        cutoff = today - timedelta(days=f.stalled_days)
        clauses.append(or_(A.last_contact.is_(None), A.last_contact < cutoff))
    if f.owners is not None:
        clauses.append(owned_by(A.owner, f.owners))
    for column, wanted in ((A.industry, f.industry), (A.city, f.city)):
        if wanted.strip():
            clauses.append(func.lower(column) == search_key(wanted.strip()))
    text = search_query(f.search)
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append(A.search_text.like(pattern, escape="\\"))
    return and_(*clauses)


def stage_counts(engine: Engine, f: BoardFilter, today: date) -> dict[int, int]:
    """Accounts per stage 1-5 under the filter, in one GROUP BY."""
    query = select(A.stage, func.count()).where(_where(f, today)).group_by(A.stage)
    with engine.connect() as conn:
        counts: dict[int, int] = {stage: n for stage, n in conn.execute(query).all()}
    return {stage: counts.get(stage, 0) for stage in STAGE_NUMBERS}


_PLAN = select(func.count()).where(plan_task.c.account_id == A.id)
_NEWEST = (
    select()
    .where(assessment.c.account_id == A.id)
    .order_by(assessment.c.created_at.desc(), assessment.c.id.desc())
    .limit(1)
)
_CARD_COLUMNS = (
    A.id,
    A.name,
    A.stage,
    A.status,
    A.grade,
    A.score,
    A.next_step,
    A.next_due,
    A.last_contact,
    A.stage_since,
    _PLAN.scalar_subquery().label("plan_total"),
    _PLAN.where(plan_task.c.done.is_(True)).scalar_subquery().label("plan_done"),
    A.status_reason,
    _NEWEST.add_columns(assessment.c.value).scalar_subquery().label("value"),
    _NEWEST.add_columns(assessment.c.difficulty).scalar_subquery().label("difficulty"),
    A.owner,
)


def card_order(card: Card, sort: str = "due") -> tuple[Any, ...]:
    """A card's place in its column, as ``cards`` orders them under ``sort`` (SQLite puts
    NULL first)."""
    if sort == "due":
        return (card.next_due is not None, card.next_due or date.min, card.name, card.id)
    return tuple(_python_keys(card, sort))


def _python_keys(card: Card, sort: str) -> list[Any]:
    score = MISSING_SCORE if card.score is None else -card.score
    keys: dict[str, list[Any]] = {
        "days": [card.stage_since],
        "grade": [card.grade or "Z", score],
        "score": [score],
        "name": [],
    }
    return [*keys[sort], card.name, card.id]


def _sort_keys(sort: str) -> list[ColumnElement[Any]]:
    """The SQL of :func:`card_order` for every order but due: ascending and never NULL, each
    as its index has it (store.models.account: SCORE_KEY, GRADE_KEY)."""
    score: ColumnElement[Any] = literal_column(SCORE_KEY)
    keys: dict[str, list[ColumnElement[Any]]] = {
        "days": [A.stage_since],
        "grade": [literal_column(GRADE_KEY), score],
        "score": [score],
        "name": [],
    }
    return [*keys[sort], A.name, A.id]


def cards(
    engine: Engine, stage: int, offset: int, limit: int, f: BoardFilter, today: date, sort: str = "due"
) -> list[Card]:
    """One page of a column in ``sort`` order: by default the most pressing next step first
    (no next step at all leads); else longest in stage, best grade, highest score or name."""
    order = [A.next_due, A.name, A.id] if sort == "due" else _sort_keys(sort)
    query = (
        select(*_CARD_COLUMNS)
        .where(A.stage == stage, _where(f, today))
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [Card(*row) for row in rows]


def closeness_by_account(engine: Engine, ids: list[int], today: date) -> dict[int, int]:
    """Closeness of each account from its contacts of the past year (domain.closeness)."""
    if not ids:
        return {}
    T = activity.c
    since = today - timedelta(days=CLOSENESS_WINDOW_DAYS)
    query = select(T.account_id, T.occurred_on, T.influence, T.persistence_days).where(
        T.account_id.in_(ids), T.occurred_on >= since
    )
    contacts: dict[int, list[Contact]] = defaultdict(list)
    with engine.connect() as conn:
        for account_id, on, influence, persistence in conn.execute(query):
            contacts[account_id].append(Contact(on, influence, persistence))
    return {i: closeness(contacts.get(i, ()), today) for i in ids}


def card(engine: Engine, account_id: int) -> Card | None:
    with engine.connect() as conn:
        return card_in(conn, account_id)


def card_in(conn: Connection, account_id: int) -> Card | None:
    """The account's card, read on ``conn`` (inside the transaction that changed it)."""
    row = conn.execute(select(*_CARD_COLUMNS).where(A.id == account_id)).first()
    return Card(*row) if row else None


def position_of(engine: Engine, card: Card, f: BoardFilter, today: date, sort: str = "due") -> int:
    """Index of ``card`` within its column under the filter and ``sort``."""
    due = A.next_due
    if sort != "due":
        before = tuple_(*_sort_keys(sort)) < tuple_(*(literal(v) for v in _python_keys(card, sort)))
    elif card.next_due is None:
        before = and_(due.is_(None), or_(A.name < card.name, and_(A.name == card.name, A.id < card.id)))
    else:
        before = or_(
            due.is_(None),
            due < card.next_due,
            and_(due == card.next_due, or_(A.name < card.name, and_(A.name == card.name, A.id < card.id))),
        )
    query = select(func.count()).where(A.stage == card.stage, _where(f, today), before)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def overdue_count(engine: Engine, today: date) -> int:
    """Active accounts whose next step is past due."""
    query = select(func.count()).where(A.status == Status.ACTIVE.value, A.next_due < today)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())
