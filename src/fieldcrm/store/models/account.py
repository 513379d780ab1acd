"""The account: a customer company, its stage, status, grade and what is known about it."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import NaiveDatetime, field_validator
from sqlalchemy import CheckConstraint, Index
from sqlalchemy import text as sql
from sqlmodel import Field, SQLModel

from fieldcrm import clock
from fieldcrm.domain.scoring import GRADES
from fieldcrm.domain.stages import Status
from fieldcrm.store.models.common import NAME_MAX, between, flag, global_id, one_of, rating, strip_blank, text
from fieldcrm.store.sort_keys import GRADE_KEY, SCORE_KEY


class AccountInfo(SQLModel):
    """Stage-1 and stage-2 company information (all optional, all editable)."""

    industry: str | None = text(NAME_MAX)
    phone: str | None = text(50)
    address: str | None = text(500)
    city: str | None = text(NAME_MAX)
    notes: str | None = text()
    # stage 1: need and business overview
    need_reason: str | None = text()
    urgency: int | None = rating()
    years_in_business: int | None = Field(default=None, ge=0, le=500)
    scale: str | None = text(500)
    current_state: str | None = text()
    business_plans: str | None = text()
    need_strength: int | None = rating()
    opportunity: bool | None = None
    # stage 2: proposal, suppliers, the customer's business, other sources
    proposal_provided: bool = flag()
    supplier_structure: str | None = text()
    supplier_problems: str | None = text()
    change_wish: str | None = text()
    change_strength: int | None = rating()
    supplier_tenure: str | None = text(500)
    supplier_how_won: str | None = text()
    customer_base: str | None = text()
    stability: str | None = text()
    after_sales: str | None = text()
    other_sources: str | None = text()
    # stage 3: cooperation possibility and obstacles
    cooperation: str | None = text()
    obstacles: str | None = text()
    deal_probability: int | None = Field(default=None, ge=0, le=100)  # percent
    deal_path: str | None = text()  # 成交路径

    @field_validator("*", mode="before")
    @classmethod
    def _strip(cls, v: Any) -> Any:
        return strip_blank(v)


# the contact targets an account may be lowered to (days between contacts): monthly, every two
# months, quarterly; the stage's own limit applies until one is chosen
CONTACT_TARGETS = (30, 60, 90)


class Pause(SQLModel):
    """Pausing an account (暂缓；观察): why, and the day it comes back to the agenda."""

    reason: str = Field(min_length=1, max_length=500)
    review_on: date

    @field_validator("reason", mode="before")
    @classmethod
    def _strip(cls, v: Any) -> Any:
        return strip_blank(v)

    @field_validator("review_on")
    @classmethod
    def _ahead(cls, v: date) -> date:
        if v < clock.today():
            raise ValueError("pause.review_past")
        return v


class AccountCreate(AccountInfo):
    """A new account: a name is required; it starts in stage 1 unless told otherwise."""

    name: str = Field(min_length=1, max_length=NAME_MAX)
    stage: int = Field(default=1, ge=1, le=5)


class AccountUpdate(AccountInfo):
    """An edit of the account's name and information."""

    name: str = Field(min_length=1, max_length=NAME_MAX)


_T = "account"


class Account(AccountInfo, table=True):
    """One row per customer company. Board columns read the denormalised fields at the end."""

    __tablename__ = _T
    __table_args__ = (
        CheckConstraint("stage BETWEEN 1 AND 5", name="ck_account_stage"),
        one_of("status", [s.value for s in Status], _T),
        one_of("grade", GRADES, _T, nullable=True),
        between("urgency", 1, 5, _T),
        between("need_strength", 1, 5, _T),
        between("change_strength", 1, 5, _T),
        between("years_in_business", 0, 500, _T),
        between("deal_probability", 0, 100, _T),
        between("contact_days", 1, 365, _T),
        CheckConstraint("length(name) > 0", name="ck_account_name"),
        # covering for the board: its order, the search text so a search scans only this, and
        # the owner so a team laptop's views of whose accounts (Mine, My team) scan only this
        Index("ix_account_board", "status", "stage", "next_due", "name", "id", "search_text", "owner"),
        Index("ix_account_name_key", "name_key"),
        Index("ix_account_due", "status", "next_due"),
        # a column's other orders (store.board.SORTS): each read a page at a time, never sorted
        Index("ix_account_sort_days", "status", "stage", "stage_since", "name", "id"),
        Index("ix_account_sort_name", "status", "stage", "name", "id"),
        Index("ix_account_sort_score", "status", "stage", sql(SCORE_KEY), "name", "id"),
        Index("ix_account_sort_grade", "status", "stage", sql(GRADE_KEY), sql(SCORE_KEY), "name", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = global_id()
    name: str = Field(max_length=NAME_MAX)
    name_key: str = Field(default="", max_length=NAME_MAX)  # normalised name, for duplicates
    # the name and the account's people's names, normalised, for the board search (store/derived.py)
    search_text: str = Field(default="", sa_column_kwargs={"server_default": ""})
    stage: int = 1
    status: str = Status.ACTIVE.value
    status_reason: str | None = None
    review_on: date | None = None  # a paused account returns to the agenda on this day
    contact_days: int | None = None  # the account's own contact target: at most this many days apart
    created_at: NaiveDatetime
    updated_at: NaiveDatetime
    stage_since: NaiveDatetime
    # the team member whose account it is, as the team's server says (store.apply); None: this
    # laptop's user's own (used alone, or made here and not yet sent)
    owner: str | None = Field(default=None, max_length=63)
    # derived for the board from the account's rows, by store.derived only
    grade: str | None = None
    score: float | None = None
    next_step: str | None = None
    next_due: date | None = None
    last_contact: date | None = None
