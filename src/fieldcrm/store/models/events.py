"""Stage events: every change of stage or status, with when and whether a gate was overridden."""

from __future__ import annotations

from enum import StrEnum

from pydantic import NaiveDatetime
from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from fieldcrm.domain.stages import Status
from fieldcrm.store.models.common import account_ref, between, flag, global_id, one_of


class EventKind(StrEnum):
    CREATED = "created"
    MOVED = "moved"
    STATUS = "status"
    UNDO = "undo"


_STATUSES = [s.value for s in Status]


class StageEvent(SQLModel, table=True):
    __tablename__ = "stage_event"
    __table_args__ = (
        one_of("kind", [k.value for k in EventKind], "stage_event"),
        between("from_stage", 1, 5, "stage_event"),
        CheckConstraint("to_stage BETWEEN 1 AND 5", name="ck_stage_event_to_stage"),
        one_of("from_status", _STATUSES, "stage_event", nullable=True),
        one_of("to_status", _STATUSES, "stage_event"),
        Index("ix_stage_event_account", "account_id", "at"),
        Index("ix_stage_event_at", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = global_id()
    account_id: int = account_ref()
    at: NaiveDatetime
    kind: str
    from_stage: int | None = None
    to_stage: int
    from_status: str | None = None
    to_status: str
    reason: str | None = None
    overridden: bool = flag()
    missing: str | None = None  # the gate items that were missing, comma separated
    from_since: NaiveDatetime | None = None  # what undo restores
    from_reason: str | None = None
    made_by: str | None = Field(default=None, max_length=63)  # in team mode, who made the change
