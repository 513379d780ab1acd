"""The five stages of the method, account statuses and who is responsible for each stage."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


class Stage(IntEnum):
    """Stage numbers 1-5 are stable identifiers (stored, exported, typed on the CLI)."""

    PROSPECT = 1
    INFORMATION = 2
    ASSESSMENT = 3
    RELATIONSHIP = 4
    CLOSE = 5

    @property
    def info(self) -> StageInfo:
        return STAGES[self]

    @classmethod
    def clamped(cls, number: int) -> Stage:
        """The stage ``number`` names, or the nearest one (for moves off either end)."""
        return cls(min(max(int(cls.PROSPECT), number), int(cls.CLOSE)))

    def next(self) -> Stage | None:
        return Stage(self + 1) if self < Stage.CLOSE else None

    def previous(self) -> Stage | None:
        return Stage(self - 1) if self > Stage.PROSPECT else None


STAGE_NUMBERS = tuple(int(s) for s in Stage)  # 1..5, as stored, typed and exported


class Status(StrEnum):
    """Where an account stands: on the board (active) or off it."""

    ACTIVE = "active"
    PAUSED = "paused"
    TERMINATED = "terminated"
    WON = "won"
    LOST = "lost"

    @property
    def needs_reason(self) -> bool:
        return self in (Status.TERMINATED, Status.LOST)

    @property
    def is_closed(self) -> bool:
        return self in (Status.TERMINATED, Status.WON, Status.LOST)


@dataclass(frozen=True, slots=True)
class StageInfo:
    """Names as the method gives them, and the roles responsible (参与人员)."""

    stage: Stage
    name_en: str
    name_zh: str
    full_en: str
    full_zh: str
    roles_en: str
    roles_zh: str

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def roles(self, lang: str) -> str:
        return self.roles_zh if lang == "zh" else self.roles_en


STAGES: dict[Stage, StageInfo] = {
    s.stage: s
    for s in (
        StageInfo(
            Stage.PROSPECT,
            "Prospect",
            "确定开发对象",
            "Identify the prospect",
            "确定开发对象",
            "BD specialist",
            "商开专员",
        ),
        StageInfo(
            Stage.INFORMATION,
            "Information",
            "信息收集",
            "Samples and information",
            "样品提供/信息收集",
            "BD specialist",
            "商开专员",
        ),
        StageInfo(
            Stage.ASSESSMENT,
            "Assessment",
            "价值评估",
            "Value assessment and plan",
            "价值评估/开发程序",
            "Outreach team lead",
            "外拓组长",
        ),
        StageInfo(
            Stage.RELATIONSHIP,
            "Relationship",
            "关系建立",
            "Relationship building",
            "关系建立",
            "Business manager, department head, executives",
            "商务经理、部门负责人、公司高层",
        ),
        StageInfo(Stage.CLOSE, "Close", "促成合作", "Close", "促成合作", "Executives", "公司高层"),
    )
}
