"""Shared field helpers for the models."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer, false
from sqlmodel import Field

from fieldcrm.untrusted import control_in

TEXT_MAX = 2000
NAME_MAX = 200


def text(max_length: int = TEXT_MAX, **kw: Any) -> Any:
    """An optional free-text field."""
    return Field(default=None, max_length=max_length, **kw)


def flag(**kw: Any) -> Any:
    """A yes/no field, false unless set (also for rows written with plain SQL)."""
    return Field(default=False, sa_column_kwargs={"server_default": false()}, **kw)


def rating(**kw: Any) -> Any:
    """An optional 1-5 rating."""
    return Field(default=None, ge=1, le=5, **kw)


def global_id() -> Any:
    """A synced row's global id (a UUIDv7, domain.ids), given when it first leaves the laptop."""
    return Field(default=None, max_length=36)  # indexed once the database joins a team


def account_ref() -> Any:
    """The account a row belongs to: deleting the account deletes the row."""
    return Field(sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), nullable=False))


def person_ref() -> Any:
    """The person a row concerns, if any: deleting the person leaves the row, with no one."""
    return Field(
        default=None, sa_column=Column(Integer, ForeignKey("person.id", ondelete="SET NULL"), nullable=True)
    )


def between(column: str, low: int, high: int, table: str) -> CheckConstraint:
    return CheckConstraint(
        f"{column} IS NULL OR {column} BETWEEN {low} AND {high}", name=f"ck_{table}_{column}"
    )


def one_of(column: str, values: Any, table: str, nullable: bool = False) -> CheckConstraint:
    # Written as ORs of equalities: SQLite checks those per row far faster than an IN list.
    rule = " OR ".join(f"{column} = '{v}'" for v in values)
    if nullable:
        rule = f"{column} IS NULL OR {rule}"
    return CheckConstraint(rule, name=f"ck_{table}_{column}")


def strip_blank(v: Any) -> Any:
    """Trim strings; an all-blank string means 'not given'. A control character other than tab
    and newline is refused (fieldcrm.untrusted): a NUL, because SQLite's text functions stop at
    it, and any other, because it could drive the terminal of whoever reads the text."""
    if isinstance(v, str):
        if control_in(v) is not None:
            raise ValueError("error.nul" if "\x00" in v else "error.control")
        return v.strip() or None
    return v
