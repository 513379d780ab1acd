"""Read-only aggregates for exports, the agenda and the pipeline report, all done in SQL.

Each query reads everything in one statement (joins and grouped subqueries, never a query
per row), so an export streams 100,000 accounts at the speed of a plain dump. Dates in the
exported rows stay ISO text as stored; the agenda and the report return typed values.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
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
    or_,
    select,
    true,
    type_coerce,
)
from sqlalchemy.sql.elements import ColumnElement

from fieldcrm.domain.forces import Role
from fieldcrm.domain.stages import Status
from fieldcrm.store.models import Account, Activity, Assessment, Person, PlanTask, StageEvent, TeamLink
from fieldcrm.store.team_view import owned_by

AGENDA_DAYS = 7
STREAM_ROWS = 2000

ACCOUNT, PERSON, PLAN, ACTIVITY = (m.__table__ for m in (Account, Person, PlanTask, Activity))  # type: ignore[union-attr]
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
    owners: tuple[str, ...] | None = None  # in team mode, whose accounts ("" the user's own)

    @property
    def narrows(self) -> bool:
        """Whether the scope leaves any account out."""
        return self.stage is not None or self.grade is not None or self.owners is not None

    def where(self) -> ColumnElement[bool]:
        clauses: list[ColumnElement[bool]] = []
        if self.stage is not None:
            clauses.append(A.stage == self.stage)
        if self.grade is not None:
            clauses.append(A.grade == self.grade)
        if self.owners is not None:
            clauses.append(owned_by(A.owner, self.owners))
        return and_(true(), *clauses)


def _iso(col: Any) -> Any:
    """A date column read as the stored ISO text (no per-row conversion)."""
    return type_coerce(col, String)


def has_role(role: Role) -> ColumnElement[bool]:
    """People whose main role is ``role``, or one of their others (no role's name is part of
    another's)."""
    return or_(P.role == role.value, P.other_roles.like(f"%{role.value}%"))


def pipeline_query(scope: Scope) -> Select[Any]:
    """One row per account: name, industry, city, stage, status, grade, score, the deal's
    probability and path, the latest assessment's value and difficulty, stage_since, last
    contact, next step and due, the best insider step, influence for/against/total, plan steps
    done/total."""
    people = (
        select(
            P.account_id,
            func.max(case((has_role(Role.INSIDER), P.ladder_step))).label("ladder"),
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
            A.industry,
            A.city,
            A.stage,
            A.status,
            A.grade,
            A.score,
            A.deal_probability,
            A.deal_path,
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
            V.duration_minutes,
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
    found: ColumnElement[bool] = A.status.concat("") == Status.ACTIVE.value
    return found


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


def my_login() -> Any:
    """This laptop's user in their team, as SQL (NULL when used alone): the one place the
    team's queries ask who "me" is."""
    return select(TeamLink.__table__.c.login).scalar_subquery()  # type: ignore[attr-defined]


def mine_to_do() -> ColumnElement[bool]:
    """In team mode, the plan steps this laptop's user is to do: those given to them, and
    those given to no one on their own accounts. Used alone, every step."""
    me = my_login()
    return or_(
        me.is_(None),
        T.assignee == me,
        and_(T.assignee.is_(None), or_(A.owner.is_(None), A.owner == me)),
    )


def plan_steps_query(scope: Scope, days: Days) -> Select[Any]:
    """Open development-plan steps of active accounts due within ``days``, earliest first; in
    team mode, those the user is to do (:func:`mine_to_do`). Its ``who`` is the member a step
    is given to, else the step's owner role."""
    return (
        select(
            T.due_on,
            literal("plan_step"),
            A.id,
            A.name,
            A.stage,
            A.grade,
            T.step,
            func.coalesce(T.assignee, T.owner_role),
            literal(None),
            T.id,
        )
        .join(ACCOUNT, A.id == T.account_id)
        .where(active(), scope.where(), mine_to_do(), T.done == false(), due_within(T.due_on, days))
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
