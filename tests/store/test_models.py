"""Table models through the ORM: enums stored by value, flags default to false, dates round-trip."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine, text
from sqlmodel import Session, select

from fieldcrm.domain.forces import Role, Stance
from fieldcrm.store.models import (
    Account,
    Activity,
    ActivityCreate,
    Person,
    PersonCreate,
    SimReason,
    SimReasonCreate,
)
from fieldcrm.store.models.activity import ActivityKind
from fieldcrm.store.models.simulation import ReasonKind
from fieldcrm.store.session import transaction

NOW = datetime(2025, 3, 1, 9, 30)


def new_account(engine: Engine) -> int:
    with transaction(engine) as s:
        a = Account(name="Acme", name_key="acme", created_at=NOW, updated_at=NOW, stage_since=NOW)
        s.add(a)
        s.flush()
        assert a.id is not None
        return a.id


def raw(engine: Engine, sql: str) -> tuple:
    with engine.connect() as conn:
        return tuple(conn.execute(text(sql)).one())


def test_enums_are_stored_by_value(engine):
    account_id = new_account(engine)
    person_in = PersonCreate(
        account_id=account_id, name="Wang", role=Role.DECISION_MAKER, stance=Stance.SUPPORT
    )
    with transaction(engine) as s:
        person = Person.model_validate(person_in)
        s.add(person)
        s.flush()
        activity_in = ActivityCreate(
            account_id=account_id,
            person_id=person.id,
            occurred_on=date(2025, 3, 1),
            kind=ActivityKind.EXECUTIVE_MEETING,
            summary="Our CEO met theirs",
            next_step="Site visit",
            next_due=date(2025, 3, 15),
        )
        s.add(Activity.model_validate(activity_in))
        reason_in = SimReasonCreate(
            account_id=account_id, kind=ReasonKind.DECISION_MAKER, text="Faster delivery"
        )
        s.add(SimReason.model_validate(reason_in))
    assert raw(engine, "SELECT role, stance FROM person") == ("decision_maker", "support")
    assert raw(engine, "SELECT kind FROM activity") == ("executive_meeting",)
    assert raw(engine, "SELECT kind FROM sim_reason") == ("decision_maker",)


def test_flags_default_to_false_for_plain_sql_rows(engine):
    account_id = new_account(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO person (account_id, name, role, stance, influence)"
                " VALUES (:a, 'Li', 'insider', 'neutral', 2)"
            ),
            {"a": account_id},
        )
    with Session(engine) as s:
        p = s.exec(select(Person)).one()
    assert p.role == "insider"
    assert p.q_close_contact is False and p.executive_meet is False and p.c_long_tenure is False


def test_account_round_trip(engine):
    account_id = new_account(engine)
    with Session(engine) as s:
        a = s.get(Account, account_id)
    assert a is not None
    assert (a.name, a.stage, a.status, a.grade) == ("Acme", 1, "active", None)
    assert a.created_at == NOW and a.created_at.tzinfo is None
    assert a.proposal_provided is False
