"""Read-only aggregates for exports, the agenda and the pipeline report, all done in SQL.

Each query reads everything in one statement (joins and grouped subqueries, never a query
per row), so an export streams 100,000 accounts at the speed of a plain dump. Dates in the
exported rows stay ISO text as stored; the agenda and the report return typed values.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
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

AGENDA_DAYS = 7
GRADES = ("A", "B", "C", "D")
STREAM_ROWS = 2000

ACCOUNT, PERSON, PLAN, ACTIVITY = (m.__table__ for m in (Account, Person, PlanTask, Activity))  # type: ignore[attr-defined]
A, P, T, V = ACCOUNT.c, PERSON.c, PLAN.c, ACTIVITY.c
S = Assessment.__table__.c  # type: ignore[attr-defined]
E = StageEvent.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Scope:
    """Which accounts a report covers: optionally one stage and one grade."""

    stage: int | None = None
    grade: str | None = None

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

    def bucket(self, today: date) -> str:
        """ "overdue", "today" or "week"."""
        if self.due < today:
            return "overdue"
        return "today" if self.due == today else "week"


def agenda(engine: Engine, today: date, scope: Scope = Scope(), days: int = AGENDA_DAYS) -> list[AgendaItem]:
    """Open next steps and plan steps of active accounts due up to ``days`` ahead, overdue
    included, earliest first."""
    horizon = today + timedelta(days=days)
    active = and_(A.status == Status.ACTIVE.value, scope.where())
    steps = (
        select(V.next_due, literal("next_step"), A.id, A.name, A.stage, A.grade, V.next_step, P.name)
        .join(ACCOUNT, A.id == V.account_id)
        .outerjoin(PERSON, P.id == V.person_id)
        .where(active, V.next_done == false(), V.next_due <= horizon)
    )
    plan = (
        select(T.due_on, literal("plan_step"), A.id, A.name, A.stage, A.grade, T.step, T.owner_role)
        .join(ACCOUNT, A.id == T.account_id)
        .where(active, T.done == false(), T.due_on.is_not(None), T.due_on <= horizon)
    )
    with engine.connect() as conn:
        rows = [*conn.execute(steps), *conn.execute(plan)]
    items = [AgendaItem(*row) for row in rows]
    return sorted(items, key=lambda i: (i.due, i.account, i.account_id, i.kind, i.text))


# -- the pipeline report ------------------------------------------------------------------


@dataclass(slots=True)
class StageLine:
    """One stage: accounts now in it by status and grade ("" for ungraded), and conversion:
    how many ever reached it and how many of those went on (to the next stage, or won)."""

    stage: int
    by_status: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Status, 0))
    by_grade: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*GRADES, ""), 0))
    reached: int = 0
    advanced: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def conversion(self) -> float | None:
        """Percent of the accounts that reached this stage and went on; None if none did."""
        return None if not self.reached else round(100 * self.advanced / self.reached, 1)


def stage_report(engine: Engine, scope: Scope = Scope()) -> list[StageLine]:
    """Per stage counts by status and grade (one GROUP BY) and conversion stage to stage from
    the stage history (one GROUP BY over each account's furthest stage)."""
    lines = {stage: StageLine(int(stage)) for stage in Stage}
    counts = (
        select(A.stage, A.status, func.coalesce(A.grade, ""), func.count())
        .where(scope.where())
        .group_by(A.stage, A.status, A.grade)
    )
    furthest = (
        select(
            func.max(E.to_stage).label("furthest"),
            func.max(case((E.to_status == Status.WON.value, 1), else_=0)).label("won"),
        )
        .join(ACCOUNT, A.id == E.account_id)
        .where(scope.where())
        .group_by(E.account_id)
        .subquery()
    )
    reach = select(furthest.c.furthest, furthest.c.won, func.count()).group_by(
        furthest.c.furthest, furthest.c.won
    )
    with engine.connect() as conn:
        for stage, status, grade, n in conn.execute(counts):
            line = lines[Stage(stage)]
            line.by_status[Status(status)] += n
            line.by_grade[grade] += n
        for stage_reached, won, n in conn.execute(reach):
            for stage in range(1, stage_reached + 1):
                lines[Stage(stage)].reached += n
            for stage in range(1, stage_reached):
                lines[Stage(stage)].advanced += n
            if won:
                lines[Stage.CLOSE].advanced += n
    return list(lines.values())
