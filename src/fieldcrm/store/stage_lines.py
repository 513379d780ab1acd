"""The per-stage lines of the pipeline report: accounts by status and grade, days in stage,
and conversion from each stage to the next (from the stage events, undone changes left out).

Read by the pipeline report (store.report), on screen and in the CSV export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Select,
    and_,
    case,
    func,
    select,
    true,
    type_coerce,
)
from sqlalchemy.sql.elements import ColumnElement

from fieldcrm.domain.scoring import GRADES
from fieldcrm.domain.stages import Stage, Status
from fieldcrm.store.export_queries import A, E, Scope
from fieldcrm.store.models.events import EventKind


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
