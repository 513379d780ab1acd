"""Test data for the io tests: a small hand-made pipeline with cells a spreadsheet would run."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Engine, text
from tests import given

from fieldcrm.domain.stages import Status
from fieldcrm.store import accounts
from fieldcrm.store.models import AccountCreate, Activity, Assessment, Person, PlanTask
from fieldcrm.store.session import touch, transaction

TODAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 9, 0)
FORMULA_NAME = '=HYPERLINK("http://evil.example","click")'


def add(
    engine: Engine,
    name: str,
    stage: int = 1,
    *,
    grade: str | None = None,
    days_in_stage: int = 0,
    **info: object,
) -> int:
    account = accounts.create_account(engine, AccountCreate(name=name, stage=stage, **info))
    assert account.id is not None
    if grade is not None:
        given.graded(engine, account.id, grade)
    since = NOW - timedelta(days=days_in_stage)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE account SET stage_since = :s WHERE id = :id"),
            {"s": since.isoformat(sep=" "), "id": account.id},
        )
    return account.id


def contact(engine: Engine, account_id: int, on: date, next_step: str, due: date, done: bool = False) -> None:
    """A contact with its next step, and the account card kept current as the app does."""
    with transaction(engine) as s:
        s.add(
            Activity(
                account_id=account_id,
                occurred_on=on,
                summary="Visited the buyer",
                next_step=next_step,
                next_due=due,
                next_done=done,
            )
        )
        touch(s, account_id)


def build_crm(engine: Engine) -> dict[str, int]:
    """Four accounts: one with people, plan and two assessments; one Chinese; one whose texts
    a spreadsheet would run; one paused. Returns name -> id."""
    ids = {
        "acme": add(engine, "Acme Packaging", 1, days_in_stage=10, phone="0512-6688 1234"),
        "huadong": add(engine, "华东精密机械有限公司", 3, grade="A", industry="机械"),
        "formula": add(engine, FORMULA_NAME, 2),
        "delta": add(engine, "Delta Fasteners", 2, grade="C"),
    }
    accounts.set_status(engine, ids["delta"], Status.PAUSED)
    acme, formula = ids["acme"], ids["formula"]
    with transaction(engine) as s:
        s.add(
            Person(
                account_id=acme, name="Li Na", role="insider", stance="support", influence=4, ladder_step=3
            )
        )
        s.add(Person(account_id=acme, name="Wang Wei", role="decision_maker", stance="oppose", influence=2))
        s.add(
            Person(
                account_id=formula,
                name="Zhao Lei",
                title="\t=1",
                phone="+86 138 0013 8000",
                role="decision_maker",
                stance="oppose",
                influence=3,
                birthday="1980-05-12",
                hometown="Wuxi",
                family="Married, one son",
            )
        )
        s.add(
            PlanTask(
                account_id=acme, step="Trial order", position=0, done=True, due_on=TODAY - timedelta(days=5)
            )
        )
        s.add(PlanTask(account_id=acme, step="Site visit", position=1, due_on=TODAY + timedelta(days=3)))
        s.add(
            PlanTask(
                account_id=acme, step="Framework contract", position=2, due_on=TODAY + timedelta(days=20)
            )
        )
        s.add(
            Assessment(
                account_id=acme,
                created_at=NOW - timedelta(days=30),
                value=40.0,
                difficulty=50.0,
                total=45.0,
                grade="C",
            )
        )
        s.add(
            Assessment(
                account_id=acme,
                created_at=NOW - timedelta(days=2),
                value=70.0,
                difficulty=30.0,
                total=72.5,
                grade="B",
            )
        )
        touch(s, acme)
    contact(engine, acme, TODAY - timedelta(days=4), "Send samples", TODAY - timedelta(days=1))
    contact(engine, formula, TODAY - timedelta(days=1), "@SUM(1+1)", TODAY + timedelta(days=7))
    contact(engine, ids["huadong"], TODAY - timedelta(days=2), "报价", TODAY + timedelta(days=8))
    return ids
