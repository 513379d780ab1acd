"""A rep's request to the team's managers, from Relationship on (the method's 高层会面 and
系统支持): an executive meeting or the company's system support, for a decision maker, with
the reason; a manager accepts or declines it, and the answer returns to the rep."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import field_validator
from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from fieldcrm.store.models.common import account_ref, global_id, one_of, person_ref, strip_blank


class RequestKind(StrEnum):
    MEETING = "meeting"  # 高层会面: an executive meets the decision maker
    SUPPORT = "support"  # 系统支持: the company's system support


class Answer(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"


class RequestCreate(SQLModel):
    """What the request form sends."""

    account_id: int
    person_id: int
    kind: RequestKind
    reason: str = Field(min_length=1, max_length=2000)

    @field_validator("reason", mode="before")
    @classmethod
    def _strip(cls, v: Any) -> Any:
        return strip_blank(v)


class SupportRequest(SQLModel, table=True):
    """One request and, once given, its answer."""

    __tablename__ = "support_request"
    __table_args__ = (
        one_of("kind", [k.value for k in RequestKind], "support_request"),
        one_of("answer", [a.value for a in Answer], "support_request", nullable=True),
        CheckConstraint("length(reason) > 0", name="ck_support_request_reason"),
        Index("ix_support_request_account", "account_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = global_id()
    account_id: int = account_ref()
    person_id: int | None = person_ref()  # the decision maker it is for
    kind: str = Field(max_length=10)
    reason: str = Field(max_length=2000)
    asked_on: date
    asked_by: str | None = Field(default=None, max_length=63)
    answer: str | None = Field(default=None, max_length=10)
    answered_on: date | None = None
    answered_by: str | None = Field(default=None, max_length=63)
