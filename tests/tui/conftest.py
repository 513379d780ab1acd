"""Fixtures for screen tests: a frozen clock and a small, hand-made pipeline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, text

from fieldcrm.store import accounts
from fieldcrm.store.models import AccountCreate

TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def frozen_clock(frozen_today: date) -> date:
    return frozen_today


def add_account(
    engine: Engine,
    name: str,
    stage: int = 1,
    *,
    grade: str | None = None,
    next_due: date | None = None,
    **info: object,
) -> int:
    """An active account with an optional grade and open next step."""
    account = accounts.create_account(engine, AccountCreate(name=name, stage=stage, **info))
    assert account.id is not None
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE account SET grade = :g, next_step = :s, next_due = :d WHERE id = :id"),
            {
                "g": grade,
                "s": "Call the buyer" if next_due else None,
                "d": next_due.isoformat() if next_due else None,
                "id": account.id,
            },
        )
    return account.id


@pytest.fixture
def pipeline(engine: Engine) -> Engine:
    """Eight accounts over the five stages; two overdue, one due today."""
    add_account(engine, "Acme Packaging", 1, next_due=TODAY - timedelta(days=3))
    add_account(engine, "Blue River Components", 1, grade="B", next_due=TODAY)
    add_account(engine, "Cobalt Tools", 1)
    add_account(engine, "华东精密机械有限公司", 2, grade="A", next_due=TODAY + timedelta(days=5))
    add_account(engine, "Delta Fasteners", 2, next_due=TODAY - timedelta(days=10))
    add_account(engine, "Evergreen Plastics", 3, grade="C")
    add_account(engine, "Foxglove Metals", 4, grade="A")
    add_account(engine, "Granite Logistics", 5, grade="A")
    return engine
