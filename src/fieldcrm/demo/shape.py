"""The shape of the dataset: how many accounts sit where, and each account's dated history.

Counts are apportioned, not drawn, so even a small dataset has every stage and status, and
the funnel narrows from stage 1 to stage 5.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from random import Random
from typing import TypeVar

from fieldcrm.demo.core import Ctx
from fieldcrm.domain.stages import Status

T = TypeVar("T")

# (stage, status, share in percent): a funnel, with the off-board statuses where they occur.
CELLS: tuple[tuple[int, Status, int], ...] = (
    (1, Status.ACTIVE, 27),
    (1, Status.TERMINATED, 6),
    (2, Status.ACTIVE, 21),
    (2, Status.TERMINATED, 3),
    (3, Status.ACTIVE, 12),
    (3, Status.PAUSED, 4),
    (3, Status.LOST, 2),
    (4, Status.ACTIVE, 10),
    (4, Status.PAUSED, 2),
    (4, Status.LOST, 2),
    (5, Status.ACTIVE, 5),
    (5, Status.WON, 4),
    (5, Status.LOST, 2),
)
# When the open next step of an active account is due.
OVERDUE, TODAY, UPCOMING, OFF_BOARD = "overdue", "today", "upcoming", "off_board"
DUES: tuple[tuple[str, int], ...] = ((OVERDUE, 25), (TODAY, 10), (UPCOMING, 65))


@dataclass(frozen=True, slots=True)
class Shape:
    stage: int
    status: Status
    due: str  # OVERDUE, TODAY or UPCOMING for active accounts, else OFF_BOARD


def apportion(n: int, weights: Sequence[int]) -> list[int]:
    """Split ``n`` in proportion to ``weights`` (largest remainder), each at least 1 if n allows."""
    floor = 1 if n >= len(weights) else 0
    exact = [(n - floor * len(weights)) * w / sum(weights) for w in weights]
    counts = [floor + int(e) for e in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: int(exact[i]) - exact[i])
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    return counts


def spread(rng: Random, n: int, options: Sequence[T], weights: Sequence[int]) -> list[T]:
    """``n`` options in apportioned numbers, shuffled."""
    out = [o for o, k in zip(options, apportion(n, weights), strict=True) for _ in range(k)]
    rng.shuffle(out)
    return out


def shapes(rng: Random, n: int) -> list[Shape]:
    """Stage, status and next-step timing for ``n`` accounts."""
    cells = spread(rng, n, [(s, st) for s, st, _ in CELLS], [w for _, _, w in CELLS])
    active = sum(1 for _, st in cells if st is Status.ACTIVE)
    dues = iter(spread(rng, active, [d for d, _ in DUES], [w for _, w in DUES]))
    return [Shape(s, st, next(dues) if st is Status.ACTIVE else OFF_BOARD) for s, st in cells]


@dataclass(frozen=True, slots=True)
class Timeline:
    """When the account entered each stage, left the board, was last contacted, and what is due."""

    starts: tuple[date, ...]  # the day stage 1, 2, ... was entered; starts[0] is creation
    moments: tuple[datetime, ...]  # the matching 'created'/'moved' event times
    status_at: datetime | None  # when it left the board (paused, terminated, lost, won)
    last_contact: date
    next_due: date

    @property
    def last_day(self) -> date:
        """The last whole day in the current stage before the last contact or leaving the board."""
        end = self.status_at.date() if self.status_at else self.last_contact
        return end - timedelta(1)

    def stage_on(self, day: date) -> int:
        return max(1, bisect_right(self.starts, day))

    def window(self, stage: int) -> tuple[date, date]:
        """First and last day spent in ``stage``."""
        last = self.starts[stage] - timedelta(1) if stage < len(self.starts) else self.last_day
        return self.starts[stage - 1], max(self.starts[stage - 1], last)


def timeline(ctx: Ctx, shape: Shape) -> Timeline:
    """Work backwards from today: the open next step, the last contact, then each stage entry."""
    rng, today = ctx.rng, ctx.today
    status_at = None
    if shape.due == OVERDUE:
        due = ctx.days_ago(1, 21)
        last = due - timedelta(rng.randint(1, 10))
    elif shape.due == TODAY:
        due, last = today, ctx.days_ago(1, 14)
    elif shape.due == UPCOMING:
        due, last = today + timedelta(rng.randint(1, 28)), ctx.days_ago(0, 12)
    else:
        left = ctx.days_ago(3, 150)
        status_at = ctx.at(left)
        last = left - timedelta(rng.randint(0, 7))
        due = last + timedelta(rng.randint(7, 60))
    starts = [last - timedelta(rng.randint(1, 45))]
    for _ in range(shape.stage - 1):
        starts.insert(0, starts[0] - timedelta(rng.randint(10, 45)))
    moments = tuple(ctx.at(d) for d in starts)
    return Timeline(tuple(starts), moments, status_at, last, due)
