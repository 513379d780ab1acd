"""Decision simulation (决策模拟): why the customer would choose us, why the decision maker would help."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Self

from pydantic import field_validator, model_validator
from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from fieldcrm.store.models.common import account_ref, global_id, one_of, person_ref, strip_blank


class ReasonKind(StrEnum):
    CUSTOMER = "customer"  # why the customer would choose us
    DECISION_MAKER = "decision_maker"  # why the decision maker would help us


class SimReasonFields(SQLModel):
    kind: ReasonKind
    text: str = Field(min_length=1, max_length=1000)
    weight: int = Field(default=3, ge=1, le=5)
    person_id: int | None = None  # the decision maker a reason of theirs belongs to

    @field_validator("text", mode="before")
    @classmethod
    def _strip(cls, v: Any) -> Any:
        return strip_blank(v)

    @model_validator(mode="after")
    def _whose(self) -> Self:
        """Only a decision maker's reason belongs to a person."""
        if self.kind == ReasonKind.CUSTOMER and self.person_id is not None:
            raise ValueError("reason.customer_has_no_person")
        return self


class SimReasonCreate(SimReasonFields):
    account_id: int


class SimReason(SimReasonFields, table=True):
    __tablename__ = "sim_reason"
    __table_args__ = (
        one_of("kind", [k.value for k in ReasonKind], "sim_reason"),
        CheckConstraint("weight BETWEEN 1 AND 5", name="ck_sim_reason_weight"),
        Index("ix_sim_reason_account", "account_id", "kind", "position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = global_id()
    account_id: int = account_ref()
    kind: str = Field(max_length=20)  # type: ignore[assignment]  # stored as its value; the input model checks the enum
    person_id: int | None = person_ref()
    position: int = 0
