"""Relationship closeness (关系亲密度) from the method's three sources: time spent together,
frequency, and how well each side knows the other, decaying with time.

Each contact adds ``influence / 5``, times ``1 + min(minutes, 240) / 240`` for the time it
lasted (unknown: 1), halving every ``max(persistence, 7)`` days after it; the sum S of all
contacts (frequency) is mapped to 0-100 by ``100 * (1 - exp(-S / 2))`` and weighed by how well
we know the person: ``0.6 + 0.4 * depth / 100``, depth being their profile's completeness.
``docs/scoring.md`` works an example through.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

MIN_HALF_LIFE_DAYS = 7
SATURATION = 2.0
LONGEST_MINUTES = 240  # time together counts up to four hours, which doubles a contact
UNKNOWN_DEPTH_SHARE = 0.6  # what closeness keeps when we know nothing of the person
LEVELS = ((70, "close"), (40, "warm"), (15, "cool"), (0, "cold"))


@dataclass(frozen=True, slots=True)
class Contact:
    on: date
    influence: int  # 1-5
    persistence_days: int  # how long its effect lasts
    minutes: int | None = None  # how long it lasted (None: not recorded)


def contribution(c: Contact, today: date) -> float:
    age = max(0, (today - c.on).days)
    half_life = max(c.persistence_days, MIN_HALF_LIFE_DAYS)
    decay: float = 0.5 ** (age / half_life)
    together = 1 + min(c.minutes or 0, LONGEST_MINUTES) / LONGEST_MINUTES
    return (c.influence / 5) * together * decay


def closeness(contacts: Iterable[Contact], today: date, depth: int | None = None) -> int:
    """0 (no relationship) to 100 (close); contacts after ``today`` are ignored. ``depth`` is
    how well we know the person (their profile's completeness, 0-100); None for an account as
    a whole, which has no profile."""
    total = sum(contribution(c, today) for c in contacts if c.on <= today)
    known = 1.0 if depth is None else UNKNOWN_DEPTH_SHARE + (1 - UNKNOWN_DEPTH_SHARE) * depth / 100
    return round(100 * (1 - math.exp(-total / SATURATION)) * known)


def level(score: int) -> str:
    """A word for the score: close, warm, cool or cold."""
    return next(name for bound, name in LEVELS if score >= bound)
