"""Decision simulation (决策模拟): the two ordered lists of reasons, each with its weight."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from fieldcrm.store.models import SimReason, SimReasonCreate
from fieldcrm.store.models.simulation import SimReasonFields
from fieldcrm.store.session import existing, transaction


class ReasonGone(LookupError):
    """The reason no longer exists."""


def reasons_of(engine: Engine, account_id: int) -> list[SimReason]:
    """The account's reasons, by list and then in the rep's order."""
    with Session(engine) as s:
        return reasons_in(s, account_id)


def reasons_in(s: Session, account_id: int) -> list[SimReason]:
    """:func:`reasons_of`, read in the caller's session."""
    query = select(SimReason).where(SimReason.account_id == account_id)
    return list(s.exec(query.order_by(col(SimReason.kind), col(SimReason.position), col(SimReason.id))))


def _siblings(s: Session, account_id: int, kind: str) -> list[SimReason]:
    query = (
        select(SimReason)
        .where(SimReason.account_id == account_id, SimReason.kind == kind)
        .order_by(col(SimReason.position), col(SimReason.id))
    )
    return list(s.exec(query))


def _others(s: Session, reason: SimReason) -> list[SimReason]:
    """The other reasons of the list ``reason`` is in (by its kind as it stands)."""
    return [r for r in _siblings(s, reason.account_id, reason.kind) if r.id != reason.id]


def _renumber(s: Session, reasons: list[SimReason]) -> None:
    for position, reason in enumerate(reasons):
        reason.position = position
        s.add(reason)


def _load(s: Session, reason_id: int) -> SimReason:
    return existing(s, SimReason, reason_id, ReasonGone)


def add_reason(engine: Engine, data: SimReasonCreate) -> SimReason:
    """Append a reason at the end of its list."""
    with transaction(engine) as s:
        reason = SimReason(**data.model_dump())
        reason.kind = data.kind.value
        _renumber(s, [*_siblings(s, data.account_id, reason.kind), reason])
        s.flush()
    return reason


def update_reason(engine: Engine, reason_id: int, data: SimReasonFields) -> SimReason:
    """Edit the text and weight; a reason moved to the other list goes to its end."""
    with transaction(engine) as s:
        reason = _load(s, reason_id)
        reason.text, reason.weight = data.text, data.weight
        if reason.kind != data.kind.value:
            old = _others(s, reason)
            reason.kind = data.kind.value
            _renumber(s, old)
            _renumber(s, [*_others(s, reason), reason])
        s.add(reason)
    return reason


def delete_reason(engine: Engine, reason_id: int) -> None:
    with transaction(engine) as s:
        reason = _load(s, reason_id)
        others = _others(s, reason)
        s.delete(reason)
        _renumber(s, others)


def move_reason(engine: Engine, reason_id: int, delta: int) -> bool:
    """Move a reason up (-1) or down (+1) its list; False when it is already at that end."""
    with transaction(engine) as s:
        reason = _load(s, reason_id)
        reasons = _siblings(s, reason.account_id, reason.kind)
        index = next(i for i, r in enumerate(reasons) if r.id == reason_id)
        target = index + delta
        if not 0 <= target < len(reasons):
            return False
        reasons.insert(target, reasons.pop(index))
        _renumber(s, reasons)
    return True
