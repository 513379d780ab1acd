"""The account screen's read model: everything about one account, on one connection."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, event
from tests import given

from fieldcrm.domain.forces import Role
from fieldcrm.store import accounts
from fieldcrm.store.account_view import read_account
from fieldcrm.store.facts import account_facts
from fieldcrm.store.models import AccountCreate, PersonCreate
from fieldcrm.store.people import create_person

TODAY = date(2026, 11, 27)


def test_one_read_on_one_connection_gives_the_whole_account(engine: Engine, frozen_today: date) -> None:
    account = accounts.create_account(engine, AccountCreate(name="Acme Packaging", stage=2))
    assert account.id is not None
    insider = create_person(engine, PersonCreate(account_id=account.id, name="Li Na", role=Role.INSIDER))
    given.next_step(engine, account.id, TODAY, person_id=insider.id)
    checkouts: list[object] = []
    event.listen(engine, "checkout", lambda *args: checkouts.append(args))
    view = read_account(engine, account.id, TODAY)
    assert len(checkouts) == 1
    assert view is not None
    assert [p.name for p in view.people] == ["Li Na"] and len(view.activities) == 1
    assert view.ladder and view.facts == account_facts(engine, account.id)
    assert view.closeness_of(insider) > 0 and view.account.next_step == "Call the buyer"


def test_an_account_that_is_gone_reads_as_none(engine: Engine) -> None:
    assert read_account(engine, 404, TODAY) is None
