"""The insider (内线): the relationship ladder and the six-point qualification."""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum


class Ladder(IntEnum):
    """认识 -> 约会 -> 认同 -> 信赖 -> 同盟, stored as 1-5."""

    ACQUAINTED = 1
    MEETING = 2
    ENDORSEMENT = 3
    TRUST = 4
    ALLIANCE = 5

    def up(self) -> Ladder | None:
        return Ladder(self + 1) if self < Ladder.ALLIANCE else None

    def down(self) -> Ladder | None:
        return Ladder(self - 1) if self > Ladder.ACQUAINTED else None


# The step from which an insider counts as established for the stage-2 gate.
ESTABLISHED_AT = Ladder.ENDORSEMENT

QUALIFICATION: tuple[str, ...] = (
    "close_contact",  # (a) close private contact is kept
    "endorses_us",  # (b) endorses our operating model and service
    "trusts_rep",  # (c) trusts our rep
    "knows_reward",  # (d) knows their effort will be rewarded
    "invested",  # (e) we have invested cost or feeling
    "next_plan",  # (f) there is a next-step plan for them
)

QUALIFICATION_NAMES: dict[str, tuple[str, str]] = {
    "close_contact": ("Close private contact is kept", "保持密切的私下交流"),
    "endorses_us": ("Endorses our operating model and service", "认同我司运营模式/服务"),
    "trusts_rep": ("Trusts our rep", "信赖我司业务人员"),
    "knows_reward": ("Knows their effort will be rewarded", "知道付出努力会有回报"),
    "invested": ("We have invested cost or feeling", "已作出费用/感情付出"),
    "next_plan": ("There is a next-step plan for them", "有下一步规划"),
}

CANDIDATE_CRITERIA: tuple[str, ...] = ("buyer_or_service", "well_disposed", "long_tenure")

CANDIDATE_NAMES: dict[str, tuple[str, str]] = {
    "buyer_or_service": ("Buyer or service staff", "采购员或服务员"),
    "well_disposed": ("Well disposed to us, good rapport", "对我方有好感，谈得来"),
    "long_tenure": ("Long tenure, knows the inside story", "工作时间长，了解内情"),
}


def qualification_met(checks: Mapping[str, bool]) -> tuple[str, ...]:
    """The qualification points that are met, in the method's order."""
    return tuple(q for q in QUALIFICATION if checks.get(q))


def is_qualified(checks: Mapping[str, bool]) -> bool:
    """A qualified insider meets all six points."""
    return len(qualification_met(checks)) == len(QUALIFICATION)


def lacks(checks: Mapping[str, bool]) -> tuple[str, ...]:
    """The qualification points not met, in the method's order."""
    return tuple(q for q in QUALIFICATION if not checks.get(q))
