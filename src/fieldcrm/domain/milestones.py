"""The dated records of stages 4 and 5: the proposal's six points of strength (方案的六个优势)
and the three steps that close a deal (高层会谈、考察、系统支持). Each is ticked by its own record
(a date and a note), never by a contact of a like kind."""

from __future__ import annotations

from collections.abc import Collection

# 专业、人才、运营模式、平台与品牌、未来的增值空间、现有客户
PROPOSAL_POINTS: tuple[str, ...] = (
    "professional",
    "talent",
    "operating_model",
    "platform_brand",
    "future_value",
    "customers",
)
# 高层会谈、考察、系统支持
CLOSE_STEPS: tuple[str, ...] = ("exec_talks", "inspection", "system_support")
MILESTONES: tuple[str, ...] = PROPOSAL_POINTS + CLOSE_STEPS


def done_of(items: Collection[str], recorded: Collection[str]) -> tuple[str, ...]:
    """Which of ``items`` have a record, in the method's order."""
    return tuple(i for i in items if i in recorded)
