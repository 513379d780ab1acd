"""Read-only aggregates for exports, the agenda and the pipeline report, all done in SQL.

Each query reads everything in one statement (joins and grouped subqueries, never a query
per row), so an export streams 100,000 accounts at the speed of a plain dump. Dates in the
exported rows stay ISO text as stored; the agenda and the report return typed values.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Engine,
    Select,
    String,
    and_,
    case,
    false,
    func,
    literal,
    select,
    true,
    type_coerce,
)
from sqlalchemy.sql.elements import ColumnElement

from fieldcrm.domain.stages import Stage, Status
from fieldcrm.store.models import Account, Activity, Assessment, Person, PlanTask, StageEvent
from fieldcrm.store.models.events import EventKind

AGENDA_DAYS = 7
GRADES = ("A", "B", "C", "D")
STREAM_ROWS = 2000

ACCOUNT, PERSON, PLAN, ACTIVITY = (m.__table__ for m in (Account, Person, PlanTask, Activity))  # type: ignore[attr-defined]
A, P, T, V = ACCOUNT.c, PERSON.c, PLAN.c, ACTIVITY.c
S = Assessment.__table__.c  # type: ignore[attr-defined]
E = StageEvent.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Scope:
    """Which accounts a report covers: optionally one stage and one grade. ``since`` starts
    the pipeline report's period (stage events on or after that day); the rows of the other
    exports ignore it."""

    stage: int | None = None
    grade: str | None = None
    since: date | None = None

    @property
    def narrows(self) -> bool:
        """Whether the scope leaves any account out."""
        return self.stage is not None or self.grade is not None

    def where(self) -> ColumnElement[bool]:
        clauses: list[ColumnElement[bool]] = []
        if self.stage is not None:
            clauses.append(A.stage == self.stage)
        if self.grade is not None:
            clauses.append(A.grade == self.grade)
        return and_(true(), *clauses)


def _iso(col: Any) -> Any:
    """A date column read as the stored ISO text (no per-row conversion)."""
    return type_coerce(col, String)


def pipeline_query(scope: Scope) -> Select[Any]:
    """One row per account: name, stage, status, grade, score, the latest assessment's value
    and difficulty, stage_since, last contact, next step and due, the best insider step,
    influence for/against/total, plan steps done/total."""
    people = (
        select(
            P.account_id,
            func.max(case((P.role == "insider", P.ladder_step))).label("ladder"),
            func.sum(case((P.stance == "support", P.influence), else_=0)).label("support"),
            func.sum(case((P.stance == "oppose", P.influence), else_=0)).label("oppose"),
            func.sum(P.influence).label("total"),
        )
        .group_by(P.account_id)
        .subquery()
    )
    plan = (
        select(T.account_id, func.count().label("steps"), func.sum(case((T.done, 1), else_=0)).label("done"))
        .group_by(T.account_id)
        .subquery()
    )
    ranked = select(
        S.account_id,
        S.value,
        S.difficulty,
        func.row_number()
        .over(partition_by=S.account_id, order_by=(S.created_at.desc(), S.id.desc()))
        .label("rank"),
    ).subquery()
    return (
        select(
            A.name,
            A.stage,
            A.status,
            A.grade,
            A.score,
            ranked.c.value,
            ranked.c.difficulty,
            _iso(A.stage_since),
            _iso(A.last_contact),
            A.next_step,
            _iso(A.next_due),
            people.c.ladder,
            people.c.support,
            people.c.oppose,
            people.c.total,
            plan.c.steps,
            plan.c.done,
        )
        .select_from(ACCOUNT)
        .outerjoin(people, people.c.account_id == A.id)
        .outerjoin(plan, plan.c.account_id == A.id)
        .outerjoin(ranked, and_(ranked.c.account_id == A.id, ranked.c.rank == 1))
        .where(scope.where())
        .order_by(A.stage, A.name, A.id)
    )


def people_query(scope: Scope, personal: Sequence[str] = ()) -> Select[Any]:
    """One row per person: account, stage, the person's role and standing, ``personal``
    profile fields at the end (only those asked for)."""
    qualified = sum(
        (
            case((P[q], 1), else_=0)
            for q in (
                "q_close_contact",
                "q_endorses_us",
                "q_trusts_rep",
                "q_knows_reward",
                "q_invested",
                "q_next_plan",
            )
        ),
        start=literal(0),
    )
    return (
        select(
            A.name,
            A.stage,
            P.name,
            P.title,
            P.phone,
            P.role,
            P.stance,
            P.influence,
            P.ladder_step,
            qualified,
            P.tenure,
            P.authority,
            P.notes,
            *(P[f] for f in personal),
        )
        .join(ACCOUNT, A.id == P.account_id)
        .where(scope.where())
        .order_by(A.stage, A.name, A.id, P.name, P.id)
    )


def activities_query(scope: Scope) -> Select[Any]:
    """The contact log, newest first within each account."""
    return (
        select(
            A.name,
            A.stage,
            _iso(V.occurred_on),
            V.kind,
            P.name,
            V.summary,
            V.influence,
            V.persistence_days,
            V.next_step,
            _iso(V.next_due),
            V.next_done,
        )
        .join(ACCOUNT, A.id == V.account_id)
        .outerjoin(PERSON, P.id == V.person_id)
        .where(scope.where())
        .order_by(A.stage, A.name, A.id, V.occurred_on.desc(), V.id.desc())
    )


def plan_query(scope: Scope) -> Select[Any]:
    """Development plan steps in plan order."""
    return (
        select(
            A.name,
            A.stage,
            A.grade,
            T.position,
            T.step,
            T.task,
            T.support,
            T.owner_role,
            _iso(T.due_on),
            T.done,
            _iso(T.done_on),
        )
        .join(ACCOUNT, A.id == T.account_id)
        .where(scope.where())
        .order_by(A.stage, A.name, A.id, T.position, T.id)
    )


def count(engine: Engine, query: Select[Any]) -> int:
    """How many rows ``query`` returns."""
    with engine.connect() as conn:
        counted = select(func.count()).select_from(query.order_by(None).subquery())
        return int(conn.execute(counted).scalar_one())


def count_accounts(engine: Engine, scope: Scope) -> int:
    """How many accounts ``scope`` covers (the rows of the pipeline query, counted cheaply)."""
    with engine.connect() as conn:
        query = select(func.count()).select_from(ACCOUNT).where(scope.where())
        return int(conn.execute(query).scalar_one())


def stream(engine: Engine, query: Select[Any]) -> Iterator[Sequence[Any]]:
    """The rows of ``query``, fetched a batch at a time (memory stays flat)."""
    with engine.connect() as conn:
        yield from conn.execution_options(yield_per=STREAM_ROWS).execute(query)


# -- agenda -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """An open next step (of a contact) or an open plan step, due by the horizon."""

    due: date
    kind: str  # "next_step" or "plan_step"
    account_id: int
    account: str
    stage: int
    grade: str | None
    text: str
    who: str | None  # the person contacted, or the plan step's owner role
    person_id: int | None = None  # the person the next step was set with
    ref: int | None = None  # the contact (next step) or the plan step the item comes from

    def bucket(self, today: date) -> str:
        """ "overdue", "today" or "week"."""
        if self.due < today:
            return "overdue"
        return "today" if self.due == today else "week"


Days = tuple[date | None, date | None]  # first and last due day, both included; None: open


def active() -> ColumnElement[bool]:
    """Active accounts. Three quarters of all accounts are active, so the status is compared
    as an expression (joined with ''), which keeps SQLite from the status index: scanning the
    table beats looking up most of its rows one by one (three to five times, at 100,000)."""
    return A.status.concat("") == Status.ACTIVE.value


def due_within(column: Any, days: Days) -> ColumnElement[bool]:
    """``column`` is a day within ``days``."""
    first, last = days
    return and_(
        column.is_not(None),
        true() if first is None else column >= first,
        true() if last is None else column <= last,
    )


def open_steps(scope: Scope, days: Days) -> ColumnElement[bool]:
    """Contacts whose next step is open and due within ``days``, at active accounts in
    ``scope``: a condition on the activity alone, so the steps can be counted without a join
    (the accounts' ids come from the covering status index)."""
    accounts = select(A.id).where(A.status == Status.ACTIVE.value, scope.where())
    return and_(V.account_id.in_(accounts), V.next_done == false(), due_within(V.next_due, days))


def next_steps_query(scope: Scope, days: Days) -> Select[Any]:
    """Open next steps of active accounts due within ``days``, earliest first; the columns
    of an AgendaItem."""
    return (
        select(
            V.next_due,
            literal("next_step"),
            A.id,
            A.name,
            A.stage,
            A.grade,
            V.next_step,
            P.name,
            V.person_id,
            V.id,
        )
        .join(ACCOUNT, A.id == V.account_id)
        .outerjoin(PERSON, P.id == V.person_id)
        .where(open_steps(scope, days))
        .order_by(V.next_due, A.name, A.id, V.id)
    )


def plan_steps_query(scope: Scope, days: Days) -> Select[Any]:
    """Open development-plan steps of active accounts due within ``days``, earliest first."""
    return (
        select(
            T.due_on,
            literal("plan_step"),
            A.id,
            A.name,
            A.stage,
            A.grade,
            T.step,
            T.owner_role,
            literal(None),
            T.id,
        )
        .join(ACCOUNT, A.id == T.account_id)
        .where(active(), scope.where(), T.done == false(), due_within(T.due_on, days))
        .order_by(T.due_on, A.name, A.id, T.position, T.id)
    )


def agenda(engine: Engine, today: date, scope: Scope = Scope(), days: int = AGENDA_DAYS) -> list[AgendaItem]:
    """Open next steps and plan steps of active accounts due up to ``days`` ahead, overdue
    included, earliest first."""
    horizon: Days = (None, today + timedelta(days=days))
    with engine.connect() as conn:
        rows = [
            *conn.execute(next_steps_query(scope, horizon)),
            *conn.execute(plan_steps_query(scope, horizon)),
        ]
    items = [AgendaItem(*row) for row in rows]
    return sorted(items, key=lambda i: (i.due, i.account, i.account_id, i.kind, i.text))


# -- the pipeline report ------------------------------------------------------------------


@dataclass(slots=True)
class StageLine:
    """One stage: accounts now in it by status and grade ("" for ungraded), its active accounts
    by the day they entered it; and conversion: how many accounts entered the stage in the
    period (``reached``) and how many of those later moved on to the next stage, or were won
    from Close (``advanced``)."""

    stage: int
    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # (status, grade): accounts
    entered_on: dict[date, int] = field(default_factory=dict)
    reached: int = 0
    advanced: int = 0

    def grades(self, *statuses: str) -> dict[str, int]:
        """Accounts by grade, A to D then ungraded, of the given statuses (none given: all)."""
        out = dict.fromkeys((*GRADES, ""), 0)
        for (status, grade), n in self.counts.items():
            if not statuses or status in statuses:
                out[grade] += n
        return out

    @property
    def by_status(self) -> dict[str, int]:
        out: dict[str, int] = dict.fromkeys(Status, 0)
        for (status, _grade), n in self.counts.items():
            out[Status(status)] += n
        return out

    @property
    def by_grade(self) -> dict[str, int]:
        return self.grades()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def conversion(self) -> float | None:
        """Percent of the accounts that entered this stage and went on; None if none entered."""
        return None if not self.reached else round(100 * self.advanced / self.reached, 1)

    def median_days(self, today: date) -> float | None:
        """Median whole days the active accounts have spent in the stage so far (the mean of
        the two middle ones for an even count); None when it has none."""
        days = sorted(((today - day).days, n) for day, n in self.entered_on.items())
        total = sum(n for _, n in days)

        def at(position: int) -> int:
            for value, n in days:
                if position < n:
                    return value
                position -= n
            raise IndexError(position)

        return None if not total else (at((total - 1) // 2) + at(total // 2)) / 2


def undone_events(conn: Connection) -> list[int]:
    """The stage events an undo took back: each undo takes back the latest change of its
    account not already taken back (the board undoes last change first). Undos are rare:
    only the events of accounts that have one are read."""
    undid = select(E.account_id).where(E.kind == EventKind.UNDO.value)
    events = (
        select(E.account_id, E.id, E.kind).where(E.account_id.in_(undid)).order_by(E.account_id, E.at, E.id)
    )
    undone: list[int] = []
    stack: list[int] = []
    account = None
    for account_id, event_id, kind in conn.execute(events):
        if account_id != account:
            stack, account = [], account_id
        if kind != EventKind.UNDO.value:
            stack.append(event_id)
        elif stack:
            undone.append(stack.pop())
    return undone


def kept_events(scope: Scope, undone: list[int]) -> ColumnElement[bool]:
    """Stage events of the accounts in ``scope`` that no undo took back."""
    clauses = [E.id.not_in(undone)] if undone else []
    if scope.narrows:
        clauses.append(E.account_id.in_(select(A.id).where(scope.where())))
    return and_(true(), *clauses)


def _conversion_query(scope: Scope, undone: list[int]) -> Select[Any]:
    """Per stage: the accounts that entered it in the period (a created or moved event), the
    accounts that moved into it from the stage before, and those won in it, having entered
    that stage in the period.

    An event's ``from_since`` is when the account entered the stage it leaves, so a move on
    pairs with its entry without a join: one pass over the events. The period is a condition
    inside the counts rather than a WHERE: most events fall in any period, and a scan beats a
    search through the index on ``at``.
    """
    start = datetime.combine(scope.since or date.min, time())
    entry = and_(E.kind.in_((EventKind.CREATED.value, EventKind.MOVED.value)), E.at >= start)
    moved_up = and_(E.kind == EventKind.MOVED.value, E.from_stage == E.to_stage - 1, E.from_since >= start)
    won = and_(E.kind == EventKind.STATUS.value, E.to_status == Status.WON.value, E.from_since >= start)
    counted = [func.count(case((c, E.account_id)).distinct()) for c in (entry, moved_up, won)]
    return select(E.to_stage, *counted).where(kept_events(scope, undone)).group_by(E.to_stage)


def stage_lines() -> dict[Stage, StageLine]:
    return {stage: StageLine(int(stage)) for stage in Stage}


def read_counts(conn: Connection, scope: Scope, lines: dict[Stage, StageLine]) -> None:
    """Fill in the accounts by status and grade, and the active ones by the day they entered
    their stage, in one GROUP BY over the accounts (the others' day is left out)."""
    day = case((A.status == Status.ACTIVE.value, func.date(A.stage_since)), else_=None)
    query = (
        select(A.stage, A.status, func.coalesce(A.grade, ""), type_coerce(day, Date), func.count())
        .where(scope.where())
        .group_by(A.grade, A.stage, A.status, day)
    )
    for stage, status, grade, on, n in conn.execute(query):
        line = lines[Stage(stage)]
        line.counts[status, grade] = line.counts.get((status, grade), 0) + n
        if on is not None:
            line.entered_on[on] = line.entered_on.get(on, 0) + n


def read_conversion(conn: Connection, scope: Scope, undone: list[int], lines: dict[Stage, StageLine]) -> None:
    """Fill in conversion over ``scope.since``'s period: one GROUP BY over the stage events."""
    for stage, entered, moved_up, won in conn.execute(_conversion_query(scope, undone)):
        lines[Stage(stage)].reached = entered
        if stage == Stage.CLOSE:
            lines[Stage.CLOSE].advanced = won
        if stage > Stage.PROSPECT:
            lines[Stage(stage - 1)].advanced = moved_up


def stage_report(engine: Engine, scope: Scope = Scope()) -> list[StageLine]:
    """Per stage: counts, the days its active accounts have spent in it, and conversion."""
    lines = stage_lines()
    with engine.connect() as conn:
        read_counts(conn, scope, lines)
        read_conversion(conn, scope, undone_events(conn), lines)
    return list(lines.values())
