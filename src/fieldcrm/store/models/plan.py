"""The development plan (开发程序): steps with task, support needed, owner, due date, done."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationInfo, field_validator
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from fieldcrm.store.models.common import NAME_MAX, account_ref, flag, global_id, person_ref, strip_blank, text


class PlanTaskFields(SQLModel):
    step: str = Field(min_length=1, max_length=NAME_MAX)
    task: str | None = text()
    support: str | None = text()
    owner_role: str | None = text(NAME_MAX)
    due_on: date | None = None
    assignee: str | None = Field(default=None, max_length=63)  # in team mode, the member it is given to

    @field_validator("*", mode="before")
    @classmethod
    def _strip(cls, v: Any) -> Any:
        return strip_blank(v)

    @field_validator("assignee")
    @classmethod
    def _a_member(cls, v: str | None, info: ValidationInfo) -> str | None:
        """With the team's members in the context (``members``), only one of them."""
        members = (info.context or {}).get("members")
        if v is not None and members is not None and v not in members:
            raise ValueError("error.not_a_member")
        return v


class PlanTaskCreate(PlanTaskFields):
    account_id: int
    person_id: int | None = None  # the person it concerns (a counter-plan's step)


class PlanTask(PlanTaskFields, table=True):
    __tablename__ = "plan_task"
    __table_args__ = (Index("ix_plan_task_account", "account_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = global_id()
    account_id: int = account_ref()
    person_id: int | None = person_ref()
    position: int = 0
    done: bool = flag()
    done_on: date | None = None
