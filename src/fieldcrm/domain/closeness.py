"""Relationship closeness (关系亲密度) from the frequency, recency and influence of contacts.

The method: closeness depends on time spent together, frequency, and how well each side knows
the other; every contact has an influence (1-5) and lasts for a while. Each contact adds
``influence / 5`` that halves every ``max(persistence, 7)`` days after it; the sum S is mapped
to 0-100 by ``100 * (1 - exp(-S / 2))``. More, stronger, more recent contacts raise it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

MIN_HALF_LIFE_DAYS = 7
SATURATION = 2.0
LEVELS = ((70, "close"), (40, "warm"), (15, "cool"), (0, "cold"))


@dataclass(frozen=True, slots=True)
class Contact:
    on: date
    influence: int  # 1-5
    persistence_days: int  # how long its effect lasts


def contribution(c: Contact, today: date) -> float:
    age = max(0, (today - c.on).days)
    half_life = max(c.persistence_days, MIN_HALF_LIFE_DAYS)
    decay: float = 0.5 ** (age / half_life)
    return (c.influence / 5) * decay


def closeness(contacts: Iterable[Contact], today: date) -> int:
    """0 (no relationship) to 100 (close); contacts after ``today`` are ignored."""
    total = sum(contribution(c, today) for c in contacts if c.on <= today)
    return round(100 * (1 - math.exp(-total / SATURATION)))


def level(score: int) -> str:
    """A word for the score: close, warm, cool or cold."""
    return next(name for bound, name in LEVELS if score >= bound)
