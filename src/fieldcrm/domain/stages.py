"""The five stages of the method and the account statuses, by id (their names, and who is
responsible for each stage, are words: fieldcrm.i18n)."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Stage(IntEnum):
    """Stage numbers 1-5 are stable identifiers (stored, exported, typed on the CLI)."""

    PROSPECT = 1
    INFORMATION = 2
    ASSESSMENT = 3
    RELATIONSHIP = 4
    CLOSE = 5

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
