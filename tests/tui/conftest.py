"""Fixtures for screen tests: a frozen clock and a small, hand-made pipeline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from tests import given

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
    if grade is not None:
        given.graded(engine, account.id, grade)
    if next_due is not None:
        given.next_step(engine, account.id, next_due, occurred_on=min(next_due, TODAY))
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
