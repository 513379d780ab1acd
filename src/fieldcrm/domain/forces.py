"""Forces for and against us (支持与反对力量), weighted by each person's influence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Stance(StrEnum):
    SUPPORT = "support"
    NEUTRAL = "neutral"
    OPPOSE = "oppose"


class Role(StrEnum):
    DECISION_MAKER = "decision_maker"
    INSIDER = "insider"
    INFLUENCER = "influencer"
    USER = "user"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Forces:
    """Influence-weighted totals; net support and penetration in percent."""

    support: int
    neutral: int
    oppose: int

    @property
    def total(self) -> int:
        return self.support + self.neutral + self.oppose

    @property
    def net_support(self) -> int:
        """-100 (all influence opposes) to 100 (all supports)."""
        return 0 if self.total == 0 else round(100 * (self.support - self.oppose) / self.total)

    @property
    def penetration(self) -> int:
        """Share of the influence at the account that supports us (渗透程度), 0-100."""
        return 0 if self.total == 0 else round(100 * self.support / self.total)


def forces(people: Iterable[tuple[Stance | str, int]]) -> Forces:
    """Sum influence (1-5) by stance."""
    sums = {s: 0 for s in Stance}
    for stance, influence in people:
        sums[Stance(stance)] += influence
    return Forces(sums[Stance.SUPPORT], sums[Stance.NEUTRAL], sums[Stance.OPPOSE])
