"""The pipeline report's periods: the last 30, 90 or 365 days, today included, or all time.

One definition for the report screen, its CSV export and the ``--period`` flag.
"""

from __future__ import annotations

from datetime import date, timedelta

PERIODS: tuple[int | None, ...] = (30, 90, 365, None)  # days back from today; None: all time
DEFAULT_PERIOD = 90  # the period the report opens at, and the export's default


def period_key(days: int | None) -> str:
    """A period's name in keys, flags and messages: its days, or ``all``."""
    return "all" if days is None else str(days)


def period_days(key: str) -> int | None:
    """The period a key names (``period_key`` read back)."""
    return None if key == "all" else int(key)


def period_start(today: date, days: int | None) -> date | None:
    """The first of the ``days`` days that end with today (None: all time)."""
    return None if days is None else today - timedelta(days=days - 1)
