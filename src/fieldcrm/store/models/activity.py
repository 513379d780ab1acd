"""The contact log: every contact sets the next step and its due date (下一步).

A next step can be finished, moved to another day or time, or handed to a colleague without a
new contact; each such change is kept in its history (``NextStepChange``).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum
from typing import Any, Self

from pydantic import NaiveDatetime, field_validator, model_validator
from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from fieldcrm.store.models.common import (
    NAME_MAX,
    account_ref,
    between,
    flag,
    global_id,
    one_of,
    person_ref,
    strip_blank,
    text,
)

_TIME = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")


def time_of_day(v: Any) -> Any:
    """A time of day as HH:MM (9:30, 09.30 and a full-width colon are accepted); blank is none."""
    v = strip_blank(v)
    if v is None or not isinstance(v, str):
        return v
    match = _TIME.fullmatch(unicodedata.normalize("NFKC", v))
    if match is None:
        raise ValueError("error.time")
    return f"{int(match[1]):02d}:{match[2]}"


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


class NextDue(SQLModel):
    """When a contact was and when its next step is due: never before the contact."""

    occurred_on: date
    next_due: date
    next_time: str | None = Field(default=None, max_length=5)  # HH:MM, or any time that day

    @field_validator("next_time", mode="before")
    @classmethod
    def _time(cls, v: Any) -> Any:
        return time_of_day(v)

    @model_validator(mode="after")
    def _due_after_contact(self) -> Self:
        if self.next_due < self.occurred_on:
            raise ValueError("activity.due_before_contact")
        return self


class ActivityFields(NextDue):
    person_id: int | None = None
    kind: ActivityKind = ActivityKind.VISIT
    summary: str = Field(min_length=1, max_length=2000)
    influence: int = Field(default=3, ge=1, le=5)
    persistence_days: int = Field(default=14, ge=1, le=365)
    duration_minutes: int | None = Field(default=None, ge=1, le=1440)  # how long it lasted
    next_step: str = Field(min_length=1, max_length=500)

    @field_validator("summary", "next_step", "duration_minutes", mode="before")
    @classmethod
    def _strip(cls, v: Any) -> Any:
        return strip_blank(v)


class ActivityCreate(ActivityFields):
    account_id: int
    note: str | None = text()


class ActivityUpdate(ActivityFields):
    """An edit of a logged contact: every field the log form shows."""

    note: str | None = text()

    @field_validator("note", mode="before")
    @classmethod
    def _strip_note(cls, v: Any) -> Any:
        return strip_blank(v)


class StepReschedule(NextDue):
    """A next step moved to another day (and time); never before the contact that set it
    (``occurred_on``, the contact's day, is checked and never changed)."""


class StepHandover(SQLModel):
    """A next step given to a colleague (by name); none gives it back to the rep."""

    next_owner: str | None = Field(default=None, max_length=NAME_MAX)

    @field_validator("next_owner", mode="before")
    @classmethod
    def _strip(cls, v: Any) -> Any:
        return strip_blank(v)


_T = "activity"


class Activity(ActivityFields, table=True):
    __tablename__ = _T
    __table_args__ = (
        one_of("kind", [k.value for k in ActivityKind], _T),
        CheckConstraint("influence BETWEEN 1 AND 5", name="ck_activity_influence"),
        CheckConstraint("persistence_days BETWEEN 1 AND 365", name="ck_activity_persistence"),
        between("duration_minutes", 1, 1440, _T),
        CheckConstraint("next_due >= occurred_on", name="ck_activity_due"),
        Index("ix_activity_account", "account_id", "occurred_on"),
        Index("ix_activity_due", "next_done", "next_due"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = global_id()
    account_id: int = account_ref()
    person_id: int | None = person_ref()
    kind: str = Field(default=ActivityKind.VISIT.value, max_length=20)  # type: ignore[assignment]  # stored as its value; the input model checks the enum
    note: str | None = None
    next_done: bool = flag()
    next_owner: str | None = None  # a colleague the next step was handed to
    followed_by: int | None = None  # the contact whose logging followed this next step up
    made_by: str | None = Field(default=None, max_length=63)  # in team mode, who logged it


class StepChange(StrEnum):
    DONE = "done"
    REOPENED = "reopened"
    RESCHEDULED = "rescheduled"
    HANDED = "handed"


class NextStepChange(SQLModel, table=True):
    """One change of a next step made without a contact: done, reopened, moved or handed over,
    with what it was before and after."""

    __tablename__ = "next_step_change"
    __table_args__ = (
        one_of("kind", [k.value for k in StepChange], "next_step_change"),
        Index("ix_next_step_change_activity", "activity_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = global_id()
    activity_id: int = Field(
        sa_column=Column(Integer, ForeignKey("activity.id", ondelete="CASCADE"), nullable=False)
    )
    at: NaiveDatetime
    kind: str
    due_before: date | None = None
    due_after: date | None = None
    time_before: str | None = None
    time_after: str | None = None
    owner_before: str | None = None
    owner_after: str | None = None
