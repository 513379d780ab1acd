"""Forces over time: each person's stance and influence as they changed, and the reviews of
the forces at an account as a whole (定期做出评估)."""

from __future__ import annotations

from datetime import date
from typing import Any, Self

from pydantic import field_validator, model_validator
from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from fieldcrm.domain.forces import Stance
from fieldcrm.store.models.common import account_ref, global_id, one_of, strip_blank, text


class PersonChange(SQLModel, table=True):
    """A person's stance and influence from ``on``: one row when the person is added and one
    each time either changes."""

    __tablename__ = "person_change"
    __table_args__ = (
        one_of("stance", [s.value for s in Stance], "person_change"),
        CheckConstraint("influence BETWEEN 1 AND 5", name="ck_person_change_influence"),
        Index("ix_person_change_account", "account_id", "on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = global_id()
    account_id: int = account_ref()
    person_id: int = Field(
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False)
    )
    on: date
    stance: str
    influence: int


class ForcesReviewCreate(SQLModel):
    """What the review form sends: the day and a note (the figures are read, not typed)."""

    account_id: int
    on: date
    note: str | None = text()

    @field_validator("note", mode="before")
    @classmethod
    def _strip(cls, v: Any) -> Any:
        return strip_blank(v)


class ForcesReview(SQLModel, table=True):
    """The forces at an account as the rep reviewed them on a day."""

    __tablename__ = "forces_review"
    __table_args__ = (
        CheckConstraint("net_support BETWEEN -100 AND 100", name="ck_forces_review_net"),
        CheckConstraint("penetration BETWEEN 0 AND 100", name="ck_forces_review_penetration"),
        Index("ix_forces_review_account", "account_id", "on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = global_id()
    account_id: int = account_ref()
    on: date
    net_support: int
    penetration: int
    note: str | None = None


class CounterPlan(SQLModel):
    """What we do to defuse an opponent, and the next step of it (which reaches the agenda)."""

    plan: str = Field(min_length=1, max_length=2000)
    step: str | None = Field(default=None, max_length=200)
    due_on: date | None = None

    @field_validator("plan", "step", "due_on", mode="before")
    @classmethod
    def _strip(cls, v: Any) -> Any:
        return strip_blank(v)

    @model_validator(mode="after")
    def _step_has_a_day(self) -> Self:
        if (self.step is None) != (self.due_on is None):
            raise ValueError("counter.step_and_day")
        return self


class CounterPlanCreate(CounterPlan):
    """A counter-plan for one person at the account."""

    account_id: int
    person_id: int
