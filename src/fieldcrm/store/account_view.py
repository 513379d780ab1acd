"""The account as its screen shows it: one read, on one connection, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from fieldcrm.domain.closeness import closeness
from fieldcrm.domain.forces import Standing
from fieldcrm.domain.gates import AccountFacts
from fieldcrm.store.activities import activities_in
from fieldcrm.store.facts import AccountRecords, contacts_by_person, depth_of, facts_from, plan_tasks_of
from fieldcrm.store.forces import counter_steps_in, standings_in
from fieldcrm.store.milestones import milestones_in
from fieldcrm.store.models import (
    Account,
    Activity,
    Assessment,
    ForcesReview,
    LadderEvent,
    Material,
    Milestone,
    Person,
    PlanTask,
    SimReason,
    StageEvent,
)
from fieldcrm.store.people import ladder_in, people_in
from fieldcrm.store.session import dated_rows
from fieldcrm.store.simulation import reasons_in
from fieldcrm.store.team_view import stage_holder


@dataclass(frozen=True, slots=True)
class AccountView:
    """One account with its people, contact log, reasons, records and gate facts, as of
    ``today``."""

    account: Account
    people: list[Person]
    activities: list[Activity]  # newest first
    reasons: list[SimReason]
    ladder: dict[int, list[LadderEvent]]
    facts: AccountFacts
    today: date
    milestones: dict[str, Milestone]
    materials: list[Material]  # newest first
    standings: list[Standing]  # oldest first
    reviews: list[ForcesReview]  # newest first
    counter_steps: dict[int, PlanTask]  # each person's open plan step, by person
    events: list[StageEvent]  # oldest first
    assessments: list[Assessment]  # oldest first
    holder: str | None = None  # in team mode, who holds the stage's role (store.team_view)

    def person(self, person_id: int | None) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def contacts_with(self, person_id: int | None) -> list[Activity]:
        return [a for a in self.activities if a.person_id == person_id]

    def closeness_of(self, person: Person) -> int:
        """Closeness to ``person`` from their contacts and how well we know them."""
        contacts = contacts_by_person(self.activities).get(person.id, ())
        return closeness(contacts, self.today, depth_of(person))

    def reasons_in(self, kind: str, person_id: int | None = None) -> list[SimReason]:
        """The reasons of one list; decision makers' reasons of one person when given."""
        return [r for r in self.reasons if r.kind == kind and (person_id is None or r.person_id == person_id)]


def read_account(engine: Engine, account_id: int, today: date) -> AccountView | None:
    """Everything about the account, or None when it no longer exists."""
    with Session(engine) as s:  # the engine begins a transaction: every read sees one state
        account = s.get(Account, account_id)
        if account is None:
            return None
        people, activities = people_in(s, account_id), activities_in(s, account_id)
        reasons, milestones = reasons_in(s, account_id), milestones_in(s, account_id)
        records = AccountRecords(plan_tasks_of(s, account_id), reasons, frozenset(milestones))
        events = select(StageEvent).where(StageEvent.account_id == account_id)
        assessments = select(Assessment).where(Assessment.account_id == account_id)
        return AccountView(
            account=account,
            people=people,
            activities=activities,
            reasons=reasons,
            ladder=ladder_in(s, account_id),
            facts=facts_from(account, people, activities, records, today),
            today=today,
            milestones=milestones,
            materials=dated_rows(s, Material, account_id),
            standings=standings_in(s, account_id, people),
            reviews=dated_rows(s, ForcesReview, account_id),
            counter_steps=counter_steps_in(s, account_id),
            events=list(s.exec(events.order_by(col(StageEvent.at), col(StageEvent.id)))),
            assessments=list(s.exec(assessments.order_by(col(Assessment.created_at), col(Assessment.id)))),
            holder=stage_holder(s.connection(), account.stage, account.owner),
        )
