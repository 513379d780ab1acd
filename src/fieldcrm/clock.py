"""The one source of "now" and "today", so tests, demo data and snapshots can freeze time."""

from __future__ import annotations

import os
from datetime import date, datetime

_frozen: datetime | None = None


def freeze(at: datetime | date | None) -> None:
    """Freeze the clock at ``at`` (a date freezes at 09:00 that day); None thaws it."""
    global _frozen
    if isinstance(at, date) and not isinstance(at, datetime):
        at = datetime(at.year, at.month, at.day, 9, 0)
    _frozen = at


def now() -> datetime:
    """Local wall-clock time without a zone, to the second."""
    if _frozen is not None:
        return _frozen
    env = os.environ.get("FIELDCRM_NOW")
    if env:
        return datetime.fromisoformat(env)
    return datetime.now().replace(microsecond=0)


def today() -> date:
    return now().date()
