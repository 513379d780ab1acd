"""The records of stages 4 and 5: milestones (the proposal's points, the closing steps) and
the tailored material sent. Each change is one transaction."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, select

from fieldcrm.domain.milestones import MILESTONES
from fieldcrm.store.changes import AccountGone
from fieldcrm.store.models import (
    Account,
    Material,
    MaterialCreate,
    MaterialFields,
    Milestone,
    MilestoneCreate,
)
from fieldcrm.store.session import edit, existing, touch, transaction


class MaterialGone(LookupError):
    """The material record no longer exists."""


def milestones_in(s: Session, account_id: int) -> dict[str, Milestone]:
    """The account's milestones by item."""
    rows = s.exec(select(Milestone).where(Milestone.account_id == account_id))
    return {m.item: m for m in rows}


def record_milestone(engine: Engine, data: MilestoneCreate) -> Milestone:
    """Tick ``data.item`` on the day given, with its note (a second record replaces the first)."""
    account_id = data.account_id
    with transaction(engine) as s:
        existing(s, Account, account_id, AccountGone)
        row = milestones_in(s, account_id).get(data.item)
        row = row or Milestone(account_id=account_id, item=data.item, on=data.on)
        row.on, row.note = data.on, data.note
        s.add(row)
        touch(s, account_id)
    return row


def clear_milestone(engine: Engine, account_id: int, item: str) -> bool:
    """Untick ``item``; False when it had no record."""
    if item not in MILESTONES:
        raise ValueError("milestone.unknown")
    with transaction(engine) as s:
        row = milestones_in(s, account_id).get(item)
        if row is None:
            return False
        s.delete(row)
        touch(s, account_id)
    return True


def add_material(engine: Engine, data: MaterialCreate) -> Material:
    with transaction(engine) as s:
        existing(s, Account, data.account_id, AccountGone)
        row = Material(**data.model_dump())
        s.add(row)
        touch(s, data.account_id)
    return row


def update_material(engine: Engine, material_id: int, data: MaterialFields) -> Material:
    with transaction(engine) as s:
        row = edit(s, Material, material_id, data, MaterialGone)
        s.add(row)
        touch(s, row.account_id)
    return row


def delete_material(engine: Engine, material_id: int) -> None:
    with transaction(engine) as s:
        row = existing(s, Material, material_id, MaterialGone)
        s.delete(row)
        touch(s, row.account_id)
