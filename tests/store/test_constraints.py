"""CHECK constraints and foreign keys hold even for raw SQL that skips every model."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

NOW = "2025-01-01 09:00:00.000000"

ACCOUNT = {
    "name": "Acme",
    "name_key": "acme",
    "stage": 1,
    "status": "active",
    "grade": None,
    "created_at": NOW,
    "updated_at": NOW,
    "stage_since": NOW,
    "proposal_provided": 0,
}
PERSON = {
    "name": "Wang",
    "role": "decision_maker",
    "stance": "support",
    "influence": 3,
    "executive_meet": 0,
    "q_close_contact": 0,
    "q_endorses_us": 0,
    "q_trusts_rep": 0,
    "q_knows_reward": 0,
    "q_invested": 0,
    "q_next_plan": 0,
    "c_buyer_or_service": 0,
    "c_well_disposed": 0,
    "c_long_tenure": 0,
}
ACTIVITY = {
    "occurred_on": "2025-03-01",
    "kind": "visit",
    "summary": "Met the buyer",
    "influence": 3,
    "persistence_days": 14,
    "next_step": "Send samples",
    "next_due": "2025-03-08",
    "next_done": 0,
}
ASSESSMENT = {"created_at": NOW, "value": 50.0, "difficulty": 50.0, "total": 50.0, "grade": "B"}
FACTOR = {"factor": "A", "score": 3, "weight": 20}


def insert(engine: Engine, table: str, row: dict[str, Any]) -> int:
    cols = ", ".join(f'"{c}"' for c in row)
    params = ", ".join(f":{c}" for c in row)
    with engine.begin() as conn:
        result = conn.execute(text(f"INSERT INTO {table} ({cols}) VALUES ({params})"), row)
        return int(result.lastrowid)


def count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


@pytest.fixture
def account_id(engine: Engine) -> int:
    return insert(engine, "account", ACCOUNT)


@pytest.fixture
def person_id(engine: Engine, account_id: int) -> int:
    return insert(engine, "person", {**PERSON, "account_id": account_id})


@pytest.fixture
def assessment_id(engine: Engine, account_id: int) -> int:
    return insert(engine, "assessment", {**ASSESSMENT, "account_id": account_id})


def test_good_rows_are_accepted(engine, account_id, person_id, assessment_id):
    insert(engine, "activity", {**ACTIVITY, "account_id": account_id, "person_id": person_id})
    insert(engine, "assessment_factor", {**FACTOR, "assessment_id": assessment_id})
    assert [
        count(engine, t) for t in ("account", "person", "activity", "assessment", "assessment_factor")
    ] == [1, 1, 1, 1, 1]


@pytest.mark.parametrize(
    "change",
    [
        {"stage": 6},
        {"stage": 0},
        {"status": "bogus"},
        {"grade": "E"},
        {"name": ""},
        {"urgency": 0},
        {"need_strength": 6},
        {"years_in_business": -1},
    ],
)
def test_bad_account_refused(engine, change):
    with pytest.raises(IntegrityError, match="CHECK constraint failed"):
        insert(engine, "account", {**ACCOUNT, **change})
    assert count(engine, "account") == 0


@pytest.mark.parametrize(
    "change",
    [
        {"influence": 9},
        {"influence": 0},
        {"role": "boss"},
        {"stance": "hostile"},
        {"age": 5},
        {"ladder_step": 6},
    ],
)
def test_bad_person_refused(engine, account_id, change):
    with pytest.raises(IntegrityError, match="CHECK constraint failed"):
        insert(engine, "person", {**PERSON, "account_id": account_id, **change})
    assert count(engine, "person") == 0


@pytest.mark.parametrize(
    "change",
    [{"next_due": "2025-02-28"}, {"influence": 9}, {"persistence_days": 0}, {"kind": "bribe"}],
)
def test_bad_activity_refused(engine, account_id, change):
    with pytest.raises(IntegrityError, match="CHECK constraint failed"):
        insert(engine, "activity", {**ACTIVITY, "account_id": account_id, **change})
    assert count(engine, "activity") == 0


def test_activity_due_on_the_contact_day_is_fine(engine, account_id):
    insert(engine, "activity", {**ACTIVITY, "account_id": account_id, "next_due": "2025-03-01"})
    assert count(engine, "activity") == 1


@pytest.mark.parametrize(
    "change",
    [{"score": 0}, {"score": 6}, {"factor": "H"}, {"weight": 101}, {"weight": -1}],
)
def test_bad_factor_refused(engine, assessment_id, change):
    with pytest.raises(IntegrityError, match="CHECK constraint failed"):
        insert(engine, "assessment_factor", {**FACTOR, "assessment_id": assessment_id, **change})


@pytest.mark.parametrize("change", [{"grade": "E"}, {"value": 100.5}, {"difficulty": -0.1}, {"total": 101}])
def test_bad_assessment_refused(engine, account_id, change):
    with pytest.raises(IntegrityError, match="CHECK constraint failed"):
        insert(engine, "assessment", {**ASSESSMENT, "account_id": account_id, **change})


def test_unknown_factor_score_is_allowed(engine, assessment_id):
    insert(engine, "assessment_factor", {**FACTOR, "assessment_id": assessment_id, "score": None})
    assert count(engine, "assessment_factor") == 1


def test_person_with_unknown_account_refused(engine, account_id):
    with pytest.raises(IntegrityError, match="FOREIGN KEY constraint failed"):
        insert(engine, "person", {**PERSON, "account_id": account_id + 1})
    assert count(engine, "person") == 0


def test_activity_with_unknown_person_refused(engine, account_id):
    with pytest.raises(IntegrityError, match="FOREIGN KEY constraint failed"):
        insert(engine, "activity", {**ACTIVITY, "account_id": account_id, "person_id": 999})


def test_deleting_an_account_cascades(engine, account_id, person_id, assessment_id):
    other = insert(engine, "account", {**ACCOUNT, "name": "Other", "name_key": "other"})
    insert(engine, "person", {**PERSON, "account_id": other})
    insert(engine, "activity", {**ACTIVITY, "account_id": account_id, "person_id": person_id})
    insert(engine, "assessment_factor", {**FACTOR, "assessment_id": assessment_id})
    insert(engine, "ladder_event", {"person_id": person_id, "step": 2, "on": "2025-03-01"})
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM account WHERE id = :id"), {"id": account_id})
    assert count(engine, "person") == 1  # the other account's person stays
    for table in ("activity", "assessment", "assessment_factor", "ladder_event"):
        assert count(engine, table) == 0, table


def test_deleting_a_person_keeps_the_activity(engine, account_id, person_id):
    act = insert(engine, "activity", {**ACTIVITY, "account_id": account_id, "person_id": person_id})
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM person WHERE id = :id"), {"id": person_id})
        kept = conn.execute(text("SELECT person_id FROM activity WHERE id = :id"), {"id": act}).one()
    assert kept.person_id is None


def test_the_store_checks_the_method_inside_the_transaction(engine):
    from fieldcrm.domain.stages import Stage, Status
    from fieldcrm.store import accounts
    from fieldcrm.store.changes import Gated, Refused
    from fieldcrm.store.models import AccountCreate

    account = accounts.create_account(engine, AccountCreate(name="Gated Ltd"))
    assert account.id is not None
    with pytest.raises(Gated) as held:
        accounts.move_stage(engine, account.id, Stage.INFORMATION)
    assert "need_known" in held.value.missing
    with pytest.raises(Refused) as refused:
        accounts.move_stage(engine, account.id, Stage.ASSESSMENT)
    assert refused.value.refusal == "not_next"
    accounts.move_stage(engine, account.id, Stage.INFORMATION, overridden=list(held.value.missing))
    accounts.set_status(engine, account.id, Status.PAUSED)
    with pytest.raises(Refused) as refused:
        accounts.move_stage(engine, account.id, Stage.PROSPECT)
    assert refused.value.refusal == "only_active"
    with pytest.raises(Refused) as refused:
        accounts.set_status(engine, account.id, Status.WON)
    assert refused.value.refusal == "only_active"
    with engine.connect() as conn:
        events = conn.exec_driver_sql(
            "SELECT kind FROM stage_event WHERE account_id = ?", (account.id,)
        ).all()
    assert [e[0] for e in events] == ["created", "moved", "status"]  # nothing refused was written
