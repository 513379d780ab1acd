"""Editing an account's name and its stage-1/stage-2 company information."""

from __future__ import annotations

from sqlalchemy import Engine

from fieldcrm import clock
from fieldcrm.domain.names import name_key
from fieldcrm.store.changes import AccountGone
from fieldcrm.store.models import Account, AccountUpdate
from fieldcrm.store.session import edit, touch, transaction


def update_account_info(engine: Engine, account_id: int, data: AccountUpdate) -> Account:
    """Save the fields the form sent (fields it left out keep their values), in one transaction."""
    with transaction(engine) as s:
        account = edit(s, Account, account_id, data, AccountGone)
        account.name_key = name_key(account.name)
        account.updated_at = clock.now()
        s.add(account)
        touch(s, account_id)
    return account
