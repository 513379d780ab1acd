"""Stage 4 and 5 records: a milestone (a proposal point or a closing step, dated, with a
note) and the tailored material sent to the customer (what, when, to whom)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import field_validator
from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from fieldcrm.domain.milestones import MILESTONES
from fieldcrm.store.models.common import account_ref, global_id, one_of, person_ref, strip_blank, text


class MilestoneFields(SQLModel):
    """What the milestone form sends."""

    item: str
    on: date
    note: str | None = text()

    @field_validator("item")
    @classmethod
    def _item(cls, v: str) -> str:
        if v not in MILESTONES:
            raise ValueError("milestone.unknown")
        return v

    @field_validator("note", mode="before")
    @classmethod
    def _strip(cls, v: Any) -> Any:
        return strip_blank(v)


class MilestoneCreate(MilestoneFields):
    account_id: int


class Milestone(MilestoneFields, table=True):
    """One ticked item of an account's stage-4 or stage-5 checklist."""

    __tablename__ = "milestone"
    __table_args__ = (
        one_of("item", MILESTONES, "milestone"),
        UniqueConstraint("account_id", "item", name="uq_milestone_item"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = global_id()
    account_id: int = account_ref()


class MaterialFields(SQLModel):
    """Tailored material sent (针对性资料): what it was, when, and to whom."""

    what: str = Field(min_length=1, max_length=500)
    on: date
    person_id: int | None = None

    @field_validator("what", mode="before")
    @classmethod
    def _strip(cls, v: Any) -> Any:
        return strip_blank(v)


class MaterialCreate(MaterialFields):
    account_id: int


class Material(MaterialFields, table=True):
    __tablename__ = "material_sent"
    __table_args__ = (Index("ix_material_sent_account", "account_id", "on"),)

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = global_id()
    account_id: int = account_ref()
    person_id: int | None = person_ref()
