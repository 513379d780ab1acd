"""Forces for and against us (支持与反对力量), weighted by each person's influence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
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


def roles_of(role: str, others: str | None) -> frozenset[Role]:
    """A person's roles: the main one and any more (stored comma separated)."""
    more = [r for r in (others or "").split(",") if r in Role.__members__.values()]
    return frozenset({Role(role), *map(Role, more)})


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


@dataclass(frozen=True, slots=True)
class Standing:
    """A person's stance and influence from ``on`` (None: from before anything was dated)."""

    person: int
    on: date | None
    stance: Stance | str
    influence: int


@dataclass(frozen=True, slots=True)
class Move:
    """A person whose stance or influence changed on a day, with what it was before."""

    person: int
    on: date
    before: Standing
    after: Standing


def forces_on(day: date, standings: Iterable[Standing]) -> Forces:
    """The forces as they stood at the end of ``day``: each person's latest standing on or
    before it; a person first dated after ``day`` was not yet known."""
    latest: dict[int, Standing] = {}
    for s in sorted(standings, key=_order):
        if s.on is None or s.on <= day:
            latest[s.person] = s
    return forces((s.stance, s.influence) for s in latest.values())


def moves(standings: Iterable[Standing]) -> list[Move]:
    """Every change of a person's standing after their first, oldest first."""
    last: dict[int, Standing] = {}
    out = []
    for s in sorted(standings, key=_order):
        before = last.get(s.person)
        changed = before is not None and (before.stance, before.influence) != (s.stance, s.influence)
        if before is not None and s.on is not None and changed:
            out.append(Move(s.person, s.on, before, s))
        last[s.person] = s
    return out


def _order(s: Standing) -> date:
    """Oldest first; a sort by it is stable, so a day's changes keep their order."""
    return s.on or date.min
