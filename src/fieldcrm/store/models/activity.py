"""The contact log: every contact sets the next step and its due date (下一步)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import field_validator, model_validator
from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from fieldcrm.store.models.common import flag, one_of, strip_blank, text


class ActivityKind(StrEnum):
    VISIT = "visit"
    CALL = "call"
    MEAL = "meal"
    MESSAGE = "message"
    MATERIAL = "material"
    SAMPLE = "sample"
    EXECUTIVE_MEETING = "executive_meeting"
    INSPECTION = "inspection"
    SYSTEM_SUPPORT = "system_support"
    OTHER = "other"


class ActivityFields(SQLModel):
    occurred_on: date
    person_id: int | None = None
    kind: ActivityKind = ActivityKind.VISIT
    summary: str = Field(min_length=1, max_length=2000)
    influence: int = Field(default=3, ge=1, le=5)
    persistence_days: int = Field(default=14, ge=1, le=365)
    next_step: str = Field(min_length=1, max_length=500)
    next_due: date

    @field_validator("summary", "next_step", mode="before")
    @classmethod
    def _strip(cls, v: Any) -> Any:
        return strip_blank(v)

    @model_validator(mode="after")
    def _due_after_contact(self) -> ActivityFields:
        if self.next_due < self.occurred_on:
            raise ValueError("activity.due_before_contact")
        return self


class ActivityCreate(ActivityFields):
    account_id: int
    note: str | None = text()


_T = "activity"


class Activity(ActivityFields, table=True):
    __tablename__ = _T
    __table_args__ = (
        one_of("kind", [k.value for k in ActivityKind], _T),
        CheckConstraint("influence BETWEEN 1 AND 5", name="ck_activity_influence"),
        CheckConstraint("persistence_days BETWEEN 1 AND 365", name="ck_activity_persistence"),
        CheckConstraint("next_due >= occurred_on", name="ck_activity_due"),
        Index("ix_activity_account", "account_id", "occurred_on"),
        Index("ix_activity_due", "next_done", "next_due"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(
        sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False)
    )
    person_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="SET NULL"), nullable=True),
    )
    kind: str = Field(default=ActivityKind.VISIT.value, max_length=20)  # type: ignore[assignment]  # stored as its value; the input model checks the enum
    note: str | None = None
    next_done: bool = flag()
