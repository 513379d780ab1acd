"""Reading the people at an account."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, select

from fieldcrm.store.models import Person


def people_of(engine: Engine, account_id: int) -> list[Person]:
    """Everyone at the account, decision makers first, then by name."""
    with Session(engine) as s:
        rows = s.exec(select(Person).where(Person.account_id == account_id).order_by(Person.name))
        people = list(rows)
    order = {"decision_maker": 0, "insider": 1, "influencer": 2, "user": 3, "other": 4}
    return sorted(people, key=lambda p: order.get(p.role, 9))
