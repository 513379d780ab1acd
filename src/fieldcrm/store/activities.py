"""Reading the contact log."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from fieldcrm.store.models import Activity


def activities_of(engine: Engine, account_id: int, limit: int | None = None) -> list[Activity]:
    """The account's contacts, newest first."""
    with Session(engine) as s:
        query = (select(Activity).where(Activity.account_id == account_id)
                 .order_by(col(Activity.occurred_on).desc(), col(Activity.id).desc()))
        if limit is not None:
            query = query.limit(limit)
        return list(s.exec(query))
