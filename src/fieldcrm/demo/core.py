"""What every demo builder shares: the seeded context (the rows go to store.bulk.Rows)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from random import Random
from typing import TypeVar

from fieldcrm.demo import text_en, text_zh

# Texts with a "{n}" in them, and the range the number is drawn from.
NUMBERS: dict[str, tuple[int, int]] = {"scale": (20, 1500), "supplier_tenure": (1, 15), "tenure": (1, 25)}
T = TypeVar("T")
_TEXTS = {"en": (text_en.TEXTS, text_en.PLAN), "zh": (text_zh.TEXTS, text_zh.PLAN)}


class FastRandom(Random):
    """A seeded ``Random`` whose ``choice`` and ``randint`` cost one float draw each."""

    def choice(self, seq: Sequence[T]) -> T:  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


@dataclass(slots=True)
class Ctx:
    """The seeded random source, "now", the language's texts and how much detail to write."""

    rng: Random
    lang: str
    today: date
    now: datetime
    rich: bool  # small datasets get full histories; large ones fewer rows per account
    texts: Mapping[str, tuple[str, ...]]
    plan: tuple[tuple[str, str, str, str], ...]

    @classmethod
    def make(cls, seed: int, lang: str, now: datetime, rich: bool) -> Ctx:
        texts, plan = _TEXTS["zh" if lang == "zh" else "en"]
        return cls(FastRandom(seed), lang, now.date(), now, rich, texts, plan)

    def pick(self, key: str) -> str:
        """A random text for ``key``, with its number (if any) filled in."""
        text = self.rng.choice(self.texts[key])
        return text.format(n=self.rng.randint(*NUMBERS[key])) if "{n}" in text else text

    def maybe(self, key: str, chance: float) -> str | None:
        return self.pick(key) if self.rng.random() < chance else None

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def at(self, day: date) -> datetime:
        """A moment in office hours on ``day``."""
        minute = self.rng.randint(8 * 60, 18 * 60 - 1)
        return datetime(day.year, day.month, day.day, minute // 60, minute % 60)

    def between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))
