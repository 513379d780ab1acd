"""People at an account: role, stance, influence, the decision-maker profile, the insider ladder."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import field_validator
from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from fieldcrm.domain.forces import Role, Stance
from fieldcrm.domain.profile import Birthday
from fieldcrm.store.models.common import (
    NAME_MAX,
    account_ref,
    between,
    flag,
    global_id,
    one_of,
    strip_blank,
    text,
)


class PersonFields(SQLModel):
    """Everything a form can set on a person."""

    name: str = Field(min_length=1, max_length=NAME_MAX)
    title: str | None = text(NAME_MAX)
    phone: str | None = text(50)
    role: Role = Role.OTHER
    other_roles: str | None = Field(default=None, max_length=100)  # more roles, comma separated
    stance: Stance = Stance.NEUTRAL
    influence: int = Field(default=3, ge=1, le=5)
    # the decision-maker profile (关键决策人)
    hometown: str | None = text(NAME_MAX)
    age: int | None = Field(default=None, ge=14, le=120)
    birthday: str | None = text(10)
    interests: str | None = text()
    hobbies: str | None = text()
    tenure: str | None = text(NAME_MAX)
    authority: str | None = text(500)
    personality: str | None = text(500)
    working_style: str | None = text(500)
    family: str | None = text(500)
    approach_plan: str | None = text()
    executive_meet: bool = flag()
    # insider (内线): six-point qualification and candidate criteria
    q_close_contact: bool = flag()
    q_endorses_us: bool = flag()
    q_trusts_rep: bool = flag()
    q_knows_reward: bool = flag()
    q_invested: bool = flag()
    q_next_plan: bool = flag()
    c_buyer_or_service: bool = flag()
    c_well_disposed: bool = flag()
    c_long_tenure: bool = flag()
    notes: str | None = text()
    counter_plan: str | None = text()  # what we do to defuse an opponent

    @field_validator("*", mode="before")
    @classmethod
    def _strip(cls, v: Any) -> Any:
        return strip_blank(v)

    @field_validator("other_roles")
    @classmethod
    def _roles(cls, v: str | None) -> str | None:
        if v is None:
            return None
        roles = [r.strip() for r in v.split(",") if r.strip()]
        if any(r not in Role.__members__.values() for r in roles):
            raise ValueError("person.unknown_role")
        return ",".join(dict.fromkeys(roles)) or None

    @field_validator("birthday")
    @classmethod
    def _birthday(cls, v: str | None) -> str | None:
        return None if v is None else str(Birthday.parse(v))


class PersonCreate(PersonFields):
    account_id: int


class PersonUpdate(PersonFields):
    pass


_T = "person"


class Person(PersonFields, table=True):
    __tablename__ = _T
    __table_args__ = (
        one_of("role", [r.value for r in Role], _T),
        one_of("stance", [s.value for s in Stance], _T),
        CheckConstraint("influence BETWEEN 1 AND 5", name="ck_person_influence"),
        between("age", 14, 120, _T),
        between("ladder_step", 1, 5, _T),
        CheckConstraint("length(name) > 0", name="ck_person_name"),
        Index("ix_person_account", "account_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = global_id()
    account_id: int = account_ref()
    role: str = Field(default=Role.OTHER.value, max_length=20)  # type: ignore[assignment]  # stored as its value; the input model checks the enum
    stance: str = Field(default=Stance.NEUTRAL.value, max_length=10)  # type: ignore[assignment]  # stored as its value; the input model checks the enum
    ladder_step: int | None = None  # set for insiders, 1-5
    ladder_since: date | None = None


class LadderEvent(SQLModel, table=True):
    """A dated step on an insider's ladder, up or down."""

    __tablename__ = "ladder_event"
    __table_args__ = (
        CheckConstraint("step BETWEEN 1 AND 5", name="ck_ladder_event_step"),
        Index("ix_ladder_event_person", "person_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = global_id()
    person_id: int = Field(
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False)
    )
    step: int
    on: date
