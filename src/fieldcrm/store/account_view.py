"""The account as its screen shows it: one read, on one connection, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session

from fieldcrm.domain.closeness import closeness
from fieldcrm.domain.gates import AccountFacts
from fieldcrm.store.activities import activities_in
from fieldcrm.store.facts import contacts_by_person, facts_from, plan_tasks_of
from fieldcrm.store.models import Account, Activity, LadderEvent, Person, SimReason
from fieldcrm.store.people import ladder_in, people_in
from fieldcrm.store.simulation import reasons_in


@dataclass(frozen=True, slots=True)
class AccountView:
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
        return closeness(contacts_by_person(self.activities).get(person_id, ()), self.today)

    def reasons_in(self, kind: str) -> list[SimReason]:
        return [r for r in self.reasons if r.kind == kind]


def read_account(engine: Engine, account_id: int, today: date) -> AccountView | None:
    """Everything about the account, or None when it no longer exists."""
    with Session(engine) as s:  # the engine begins a transaction: every read sees one state
        account = s.get(Account, account_id)
        if account is None:
            return None
        people, activities = people_in(s, account_id), activities_in(s, account_id)
        return AccountView(
            account=account,
            people=people,
            activities=activities,
            reasons=reasons_in(s, account_id),
            ladder=ladder_in(s, account_id),
            facts=facts_from(account, people, activities, plan_tasks_of(s, account_id), today),
            today=today,
        )
