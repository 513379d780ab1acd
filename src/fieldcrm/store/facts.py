"""Assemble the facts the stage gates look at, from one account's rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from fieldcrm import clock
from fieldcrm.domain.closeness import Contact, closeness
from fieldcrm.domain.forces import Role, Stance, forces
from fieldcrm.domain.gates import COMPANY_FIELDS, AccountFacts, info_completeness
from fieldcrm.domain.insider import QUALIFICATION, lacks
from fieldcrm.domain.profile import PROFILE_FIELDS, completeness
from fieldcrm.domain.scoring import Grade
from fieldcrm.domain.stages import Stage
from fieldcrm.store.models import Account, Activity, Milestone, Person, PlanTask, SimReason
from fieldcrm.store.models.simulation import ReasonKind
from fieldcrm.store.people import has_role


def _filled(value: object) -> bool:
    return value is not None and value != ""


def account_facts(engine: Engine, account_id: int) -> AccountFacts:
    """Everything gates.exit_checklist needs for this account, as of today."""
    with Session(engine) as s:
        account = s.get(Account, account_id)
        if account is None:
            raise LookupError(account_id)
        return facts_of(s, account)


def facts_of(s: Session, account: Account) -> AccountFacts:
    """The same, read in the caller's session (inside the transaction that will write)."""
    people = list(s.exec(select(Person).where(Person.account_id == account.id)))
    activities = list(s.exec(select(Activity).where(Activity.account_id == account.id)))
    reasons = list(s.exec(select(SimReason).where(SimReason.account_id == account.id)))
    records = AccountRecords(plan_tasks_of(s, account.id), reasons, milestones_of(s, account.id))
    return facts_from(account, people, activities, records, clock.today())


@dataclass(frozen=True, slots=True)
class AccountRecords:
    """What else the gates read: plan steps, simulated reasons, milestones recorded."""

    plan_tasks: int
    reasons: Sequence[SimReason]
    milestones: frozenset[str]


def milestones_of(s: Session, account_id: int | None) -> frozenset[str]:
    """The stage-4 and stage-5 items the account has a record of."""
    return frozenset(s.exec(select(Milestone.item).where(Milestone.account_id == account_id)))


def depth_of(person: Person) -> int:
    """How well we know the person: their profile's completeness, 0-100."""
    return completeness({f: getattr(person, f) for f in PROFILE_FIELDS})


def insider_lacks(people: Sequence[Person]) -> tuple[str, ...]:
    """The qualification points the best insider lacks (all six when there is none)."""
    insiders = [p for p in people if has_role(p, Role.INSIDER)]
    gaps = [lacks({q: getattr(p, f"q_{q}") for q in QUALIFICATION}) for p in insiders]
    return min(gaps, key=len, default=QUALIFICATION)


def plan_tasks_of(s: Session, account_id: int | None) -> int:
    """How many development-plan steps the account has."""
    query = select(func.count()).select_from(PlanTask).where(PlanTask.account_id == account_id)
    return int(s.exec(query).one())


def contacts_by_person(activities: Iterable[Activity]) -> dict[int | None, list[Contact]]:
    """The contact log as the closeness rule reads it, per person (None: with nobody named)."""
    out: dict[int | None, list[Contact]] = defaultdict(list)
    for a in activities:
        out[a.person_id].append(Contact(a.occurred_on, a.influence, a.persistence_days, a.duration_minutes))
    return out


def facts_from(
    account: Account,
    people: Sequence[Person],
    activities: Sequence[Activity],
    records: AccountRecords,
    today: date,
) -> AccountFacts:
    """The gate facts from rows already read."""
    contacts = contacts_by_person(activities)
    decision_makers = [p for p in people if has_role(p, Role.DECISION_MAKER)]
    best_profile = max((depth_of(p) for p in decision_makers), default=None)
    company_filled = sum(1 for f in COMPANY_FIELDS if _filled(getattr(account, f)))
    supporting = [p for p in decision_makers if p.stance == Stance.SUPPORT]
    simulated = {r.person_id for r in records.reasons if r.kind == ReasonKind.DECISION_MAKER}
    return AccountFacts(
        stage=Stage(account.stage),
        need_known=_filled(account.need_reason) and account.urgency is not None,
        contacts=len(activities),
        opportunity=account.opportunity,
        proposal_provided=account.proposal_provided,
        insider_lacks=insider_lacks(people),
        info_completeness=info_completeness(company_filled, best_profile),
        need_clear=_filled(account.supplier_problems) and account.need_strength is not None,
        grade=Grade(account.grade) if account.grade else None,
        obstacles_noted=_filled(account.obstacles),
        plan_tasks=records.plan_tasks,
        supporting_dm_closeness=max(
            (closeness(contacts.get(p.id, ()), today, depth_of(p)) for p in supporting), default=0
        ),
        net_support=forces((p.stance, p.influence) for p in people).net_support,
        simulated=sum(1 for p in decision_makers if p.id in simulated),
        milestones=records.milestones,
    )
