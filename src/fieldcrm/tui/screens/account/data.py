"""Everything the account screen shows, read in one go when it opens and after each change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from fieldcrm import clock
from fieldcrm.domain.closeness import Contact, closeness
from fieldcrm.domain.gates import AccountFacts
from fieldcrm.store.accounts import get_account
from fieldcrm.store.activities import activities_of
from fieldcrm.store.facts import account_facts
from fieldcrm.store.models import Account, Activity, LadderEvent, Person, SimReason
from fieldcrm.store.people import ladder_events_of, people_of
from fieldcrm.store.simulation import reasons_of


@dataclass(frozen=True, slots=True)
class AccountData:
    """One account with its people, contact log, reasons and gate facts, as of ``today``."""

    account: Account
    people: list[Person]
    activities: list[Activity]  # newest first
    reasons: list[SimReason]
    ladder: dict[int, list[LadderEvent]]
    facts: AccountFacts
    today: date

    def person(self, person_id: int | None) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def contacts_with(self, person_id: int | None) -> list[Activity]:
        return [a for a in self.activities if a.person_id == person_id]

    def closeness_of(self, person_id: int | None) -> int:
        contacts = [
            Contact(a.occurred_on, a.influence, a.persistence_days) for a in self.contacts_with(person_id)
        ]
        return closeness(contacts, self.today)

    def reasons_in(self, kind: str) -> list[SimReason]:
        return [r for r in self.reasons if r.kind == kind]


def load(engine: Engine, account_id: int) -> AccountData | None:
    """The account's data, or None when it no longer exists."""
    account = get_account(engine, account_id)
    if account is None:
        return None
    return AccountData(
        account=account,
        people=people_of(engine, account_id),
        activities=activities_of(engine, account_id),
        reasons=reasons_of(engine, account_id),
        ladder=ladder_events_of(engine, account_id),
        facts=account_facts(engine, account_id),
        today=clock.today(),
    )


class Pane:
    """What every pane of the account screen does (mixed into its container widget)."""

    data: AccountData | None = None  # what the pane shows, once it has been shown

    def show(self, data: AccountData) -> None:
        """Draw the account."""
        raise NotImplementedError

    def focus_main(self) -> None:
        """Focus the widget the keys of the pane work on."""
        raise NotImplementedError
