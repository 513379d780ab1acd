"""The pipeline report: how each stage performs over a period, from SQL aggregation.

Per stage figures and conversion come from ``stage_lines``; this module adds the outcomes
(won, lost, terminated, with their reasons) and the effort spent on each grade, and runs the
parts on two connections at once (SQLite reads in parallel in WAL mode, and the driver lets go
of the GIL while a statement runs). The report screen and the ``report`` CSV export both read
``read_report``, so the file holds what the screen shows.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Connection, Engine, case, func, select

from fieldcrm.domain.gates import read_override
from fieldcrm.domain.periods import period_start
from fieldcrm.domain.scoring import GRADES
from fieldcrm.domain.stages import Stage, Status
from fieldcrm.store.export_queries import (
    ACCOUNT,
    A,
    E,
    Scope,
    V,
)
from fieldcrm.store.models.events import EventKind
from fieldcrm.store.stage_lines import (
    StageLine,
    kept_events,
    read_conversion,
    read_counts,
    stage_lines,
    undone_events,
)

TOP_REASONS = 5
OVERRIDES_LISTED = 20
OUTCOMES = (Status.WON, Status.LOST, Status.TERMINATED)
IN_PIPELINE = (Status.ACTIVE, Status.PAUSED)


@dataclass(slots=True)
class Outcome:
    """How many accounts ended won, lost or terminated in the period, in which stage, and
    the most given reasons (``other`` counts those with a reason beyond the ones listed)."""

    status: str
    count: int = 0
    by_stage: dict[int, int] = field(default_factory=lambda: dict.fromkeys(map(int, Stage), 0))
    reasons: list[tuple[str, int]] = field(default_factory=list)
    other: int = 0


@dataclass(frozen=True, slots=True)
class Effort:
    """Contacts in the period with the accounts of one grade ("" ungraded) that are active or
    paused now: the method wants the time on A, not on D."""

    grade: str
    accounts: int
    contacts: int

    @property
    def per_account(self) -> float | None:
        return None if not self.accounts else round(self.contacts / self.accounts, 1)


@dataclass(frozen=True, slots=True)
class Override:
    """A gate passed with items missing: when, which account, the stage it left, and what
    was missing (each gate item with what it lacked: domain.gates.read_override)."""

    at: datetime
    account_id: int
    account: str
    stage: int
    items: list[tuple[str, tuple[str, ...]]]


@dataclass(frozen=True, slots=True)
class Overrides:
    """How often each stage's gate was overridden in the period, and the latest overrides."""

    by_stage: dict[int, int]
    latest: list[Override]


@dataclass(frozen=True, slots=True)
class PipelineReport:
    """Everything the report screen shows, as of ``today`` for the period from ``since``."""

    today: date
    since: date | None
    stages: list[StageLine]
    outcomes: list[Outcome]
    effort: list[Effort]
    overrides: Overrides


def _in_period(column: Any, since: date | None) -> Any:
    """1 for a row in the period, else 0: counted, not searched (see stage_lines._conversion_query)."""
    start = datetime.combine(since or date.min, time())
    return case((column >= start, 1), else_=0)


def outcomes(conn: Connection, scope: Scope, undone: list[int]) -> list[Outcome]:
    """Status changes to won, lost or terminated in the period (none an undo took back), by
    stage, with the ``TOP_REASONS`` most given reasons of each: two GROUP BYs."""
    closing = (
        E.kind == EventKind.STATUS.value,
        E.to_status.in_([s.value for s in OUTCOMES]),
        kept_events(scope, undone),
    )
    n = func.sum(_in_period(E.at, scope.since))
    by_stage = select(E.to_status, E.to_stage, n).where(*closing).group_by(E.to_status, E.to_stage)
    ranked = (
        select(
            E.to_status,
            E.reason,
            n.label("n"),
            func.row_number().over(partition_by=E.to_status, order_by=(n.desc(), E.reason)).label("rank"),
            func.sum(n).over(partition_by=E.to_status).label("total"),
        )
        .where(*closing, E.reason.is_not(None))
        .group_by(E.to_status, E.reason)
        .having(n > 0)
        .subquery()
    )
    r = ranked.c
    reasons = (
        select(r.to_status, r.reason, r.n, r.total).where(r.rank <= TOP_REASONS).order_by(r.to_status, r.rank)
    )
    result = {status.value: Outcome(status.value) for status in OUTCOMES}
    for status, stage, count in conn.execute(by_stage):
        result[status].by_stage[stage] += count
        result[status].count += count
    for status, reason, count, total in conn.execute(reasons):
        outcome = result[status]
        outcome.reasons.append((reason, count))
        outcome.other = total - sum(k for _, k in outcome.reasons)
    return list(result.values())


def overrides(conn: Connection, scope: Scope, undone: list[int]) -> Overrides:
    """Gate overrides in the period (none an undo took back), counted by the stage whose gate
    was passed (the stage a move left; Close for a win), with the latest listed."""
    stage = case((E.kind == EventKind.MOVED.value, E.from_stage), else_=E.to_stage)
    passed = [E.overridden.is_(True), kept_events(scope, undone)]
    if scope.since is not None:
        passed.append(E.at >= datetime.combine(scope.since, time()))
    counts = dict.fromkeys(map(int, Stage), 0)
    for number, n in conn.execute(select(stage, func.count()).where(*passed).group_by(stage)):
        counts[int(number)] = int(n)
    latest = (
        select(E.at, E.account_id, A.name, stage, E.missing)
        .join(ACCOUNT, A.id == E.account_id)
        .where(*passed)
        .order_by(E.at.desc(), E.id.desc())
        .limit(OVERRIDES_LISTED)
    )
    listed = [
        Override(at, account_id, name, int(number), read_override(missing))
        for at, account_id, name, number, missing in conn.execute(latest)
    ]
    return Overrides(counts, listed)


def effort(conn: Connection, scope: Scope, lines: list[StageLine]) -> list[Effort]:
    """Per grade: accounts active or paused now (from the stage lines) and their contacts in
    the period (contacts counted per account on the covering index, then one lookup each)."""
    per_account = select(V.account_id, func.count().label("n")).group_by(V.account_id)
    if scope.since is not None:
        per_account = per_account.where(V.occurred_on >= scope.since)
    counted = per_account.subquery()
    query = (
        select(func.coalesce(A.grade, ""), func.sum(counted.c.n))
        .select_from(counted.join(ACCOUNT, A.id == counted.c.account_id))
        .where(A.status.in_([s.value for s in IN_PIPELINE]), scope.where())
        .group_by(A.grade)
    )
    contacts: dict[str, int] = {grade: n for grade, n in conn.execute(query)}
    accounts = dict.fromkeys((*GRADES, ""), 0)
    for line in lines:
        for grade, n in line.grades(*IN_PIPELINE).items():
            accounts[grade] += n
    return [Effort(grade, accounts[grade], int(contacts.get(grade) or 0)) for grade in accounts]


def _stages_and_effort(engine: Engine, scope: Scope) -> tuple[dict[Stage, StageLine], list[Effort]]:
    lines = stage_lines()
    with engine.connect() as conn:
        read_counts(conn, scope, lines)
        return lines, effort(conn, scope, list(lines.values()))


def _conversion_and_outcomes(
    engine: Engine, scope: Scope
) -> tuple[dict[Stage, StageLine], list[Outcome], Overrides]:
    lines = stage_lines()
    with engine.connect() as conn:
        undone = undone_events(conn)
        read_conversion(conn, scope, undone, lines)
        return lines, outcomes(conn, scope, undone), overrides(conn, scope, undone)


def pipeline_report(
    engine: Engine, today: date, days: int | None, scope: Scope | None = None
) -> PipelineReport:
    """The report for the ``days`` up to today (None: all time)."""
    scope = scope or Scope()
    return read_report(engine, today, replace(scope, since=period_start(today, days)))


def read_report(engine: Engine, today: date, scope: Scope) -> PipelineReport:
    """The report of ``scope``'s accounts for the period from ``scope.since`` (None: all time)
    to today. The accounts' figures and the events' figures are read side by side, then
    joined into one set of stage lines."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        events = pool.submit(_conversion_and_outcomes, engine, scope)
        lines, found_effort = _stages_and_effort(engine, scope)
        converted, found_outcomes, found_overrides = events.result()
    for stage, line in lines.items():
        line.reached, line.advanced = converted[stage].reached, converted[stage].advanced
    return PipelineReport(
        today, scope.since, list(lines.values()), found_outcomes, found_effort, found_overrides
    )
