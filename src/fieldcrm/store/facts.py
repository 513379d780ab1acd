"""Assemble the facts the stage gates look at, from one account's rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from fieldcrm import clock
from fieldcrm.domain.closeness import Contact, closeness
from fieldcrm.domain.forces import Role, Stance, forces
from fieldcrm.domain.gates import COMPANY_FIELDS, AccountFacts, info_completeness
from fieldcrm.domain.profile import PROFILE_FIELDS, completeness
from fieldcrm.domain.scoring import Grade
from fieldcrm.domain.stages import Stage
from fieldcrm.store.models import Account, Activity, Person, PlanTask
from fieldcrm.store.models.activity import ActivityKind


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
    return facts_from(account, people, activities, plan_tasks_of(s, account.id), clock.today())


def plan_tasks_of(s: Session, account_id: int | None) -> int:
    """How many development-plan steps the account has."""
    query = select(func.count()).select_from(PlanTask).where(PlanTask.account_id == account_id)
    return int(s.exec(query).one())


def contacts_by_person(activities: Iterable[Activity]) -> dict[int | None, list[Contact]]:
    """The contact log as the closeness rule reads it, per person (None: with nobody named)."""
    out: dict[int | None, list[Contact]] = defaultdict(list)
    for a in activities:
        out[a.person_id].append(Contact(a.occurred_on, a.influence, a.persistence_days))
    return out


def facts_from(
    account: Account, people: Sequence[Person], activities: Sequence[Activity], plan_tasks: int, today: date
) -> AccountFacts:
    """The gate facts from rows already read."""
    contacts = contacts_by_person(activities)
    decision_makers = [p for p in people if p.role == Role.DECISION_MAKER]
    best_profile = max(
        (completeness({f: getattr(p, f) for f in PROFILE_FIELDS}) for p in decision_makers), default=None
    )
    company_filled = sum(1 for f in COMPANY_FIELDS if _filled(getattr(account, f)))
    supporting = [p for p in decision_makers if p.stance == Stance.SUPPORT]
    kinds = {a.kind for a in activities}
    insiders = [p.ladder_step for p in people if p.role == Role.INSIDER and p.ladder_step]
    return AccountFacts(
        stage=Stage(account.stage),
        need_known=_filled(account.need_reason) and account.urgency is not None,
        contacts=len(activities),
        opportunity=account.opportunity,
        proposal_provided=account.proposal_provided,
        best_insider_step=max(insiders, default=None),
        info_completeness=info_completeness(company_filled, best_profile),
        need_clear=_filled(account.supplier_problems) and account.need_strength is not None,
        grade=Grade(account.grade) if account.grade else None,
        obstacles_noted=_filled(account.obstacles),
        plan_tasks=plan_tasks,
        supporting_dm_closeness=max(
            (closeness(contacts.get(p.id, ()), today) for p in supporting), default=0
        ),
        net_support=forces((p.stance, p.influence) for p in people).net_support,
        exec_talks=ActivityKind.EXECUTIVE_MEETING in kinds,
        inspection=ActivityKind.INSPECTION in kinds,
        system_support=ActivityKind.SYSTEM_SUPPORT in kinds,
    )
