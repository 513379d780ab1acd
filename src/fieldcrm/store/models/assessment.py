"""Value assessments: the seven factor scores with the weights used, and the result."""

from __future__ import annotations

from typing import Any

from pydantic import NaiveDatetime, field_validator
from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from fieldcrm.domain.scoring import FACTORS, GRADES, SCORE_MAX, SCORE_MIN
from fieldcrm.store.models.common import account_ref, global_id, one_of, strip_blank, text


class AssessmentCreate(SQLModel):
    """What the scoring form sends: a score 1-5 or None per factor, optional notes."""

    account_id: int
    scores: dict[str, int | None]
    notes: dict[str, str] = {}
    note: str | None = text()

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, v: Any) -> Any:
        return strip_blank(v)

    @field_validator("notes", mode="before")
    @classmethod
    def _notes(cls, v: Any) -> Any:
        """Each factor's note follows the rules of every text field (trimmed, no controls)."""
        if not isinstance(v, dict):
            return v
        trimmed = {f: strip_blank(n) for f, n in v.items()}
        return {f: n for f, n in trimmed.items() if n is not None}

    @field_validator("scores")
    @classmethod
    def _scores(cls, v: dict[str, int | None]) -> dict[str, int | None]:
        if set(v) - set(FACTORS):
            raise ValueError("assessment.unknown_factor")
        for s in v.values():
            if s is not None and not SCORE_MIN <= s <= SCORE_MAX:
                raise ValueError("assessment.score_range")
        return {f: v.get(f) for f in FACTORS}


class Assessment(SQLModel, table=True):
    """One scoring of an account; the newest is the account's current grade."""

    __tablename__ = "assessment"
    __table_args__ = (
        one_of("grade", GRADES, "assessment", nullable=True),
        CheckConstraint("value IS NULL OR value BETWEEN 0 AND 100", name="ck_assessment_value"),
        CheckConstraint(
            "difficulty IS NULL OR difficulty BETWEEN 0 AND 100", name="ck_assessment_difficulty"
        ),
        CheckConstraint("total IS NULL OR total BETWEEN 0 AND 100", name="ck_assessment_total"),
        Index("ix_assessment_account", "account_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = global_id()
    account_id: int = account_ref()
    created_at: NaiveDatetime
    value: float | None = None
    difficulty: float | None = None
    total: float | None = None
    grade: str | None = None  # None: information insufficient
    note: str | None = None
    assessed_by: str | None = Field(default=None, max_length=63)  # in team mode, who scored it


class AssessmentFactor(SQLModel, table=True):
    """One factor's score (None: unknown) and the weight it was given."""

    __tablename__ = "assessment_factor"
    __table_args__ = (
        one_of("factor", FACTORS, "assessment_factor"),
        CheckConstraint("score IS NULL OR score BETWEEN 1 AND 5", name="ck_assessment_factor_score"),
        CheckConstraint("weight BETWEEN 0 AND 100", name="ck_assessment_factor_weight"),
    )

    assessment_id: int = Field(
        sa_column=Column(Integer, ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    )
    uid: str | None = global_id()
    factor: str = Field(primary_key=True, max_length=1)
    score: int | None = None
    weight: int
    note: str | None = None
