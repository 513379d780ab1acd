"""Fixtures of the store tests."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from fieldcrm.store.accounts import create_account
from fieldcrm.store.models import AccountCreate


@pytest.fixture
def account_id(engine: Engine) -> int:
    """One account, "Acme", in Prospect."""
    account = create_account(engine, AccountCreate(name="Acme"))
    assert account.id is not None
    return account.id
