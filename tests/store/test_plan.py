"""The development plan: steps kept in order, completed, edited, moved, deleted; board progress."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from sqlalchemy import Engine, text
from tests import given

from fieldcrm import clock
from fieldcrm.store import board, plan
from fieldcrm.store.accounts import create_account
from fieldcrm.store.changes import AccountGone
from fieldcrm.store.models import AccountCreate, PlanTaskCreate
from fieldcrm.store.models.plan import PlanTaskFields
from fieldcrm.store.reader import Reader

TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def frozen(freeze_clock: Callable[[date], None]) -> None:
    freeze_clock(TODAY)


@pytest.fixture
def account_id(engine: Engine) -> int:
    account = create_account(engine, AccountCreate(name="Acme", stage=3))
    assert account.id is not None
    return account.id


def add(engine: Engine, account_id: int, *steps: str) -> list[int]:
    ids = []
    for step in steps:
        task = plan.add_task(engine, PlanTaskCreate(account_id=account_id, step=step))
        assert task.id is not None
        ids.append(task.id)
    return ids


def steps(engine: Engine, account_id: int) -> list[str]:
    return [task.step for task in plan.tasks_of(engine, account_id)]


def test_steps_are_added_at_the_end(engine: Engine, account_id: int) -> None:
    add(engine, account_id, "Plant visit", "Trial order")
    task = plan.add_task(
        engine,
        PlanTaskCreate(
            account_id=account_id,
            step=" Framework contract ",
            task="Draft terms",
            support="Legal",
            owner_role="Business manager",
            due_on="2026-12-15",
        ),
    )
    assert steps(engine, account_id) == ["Plant visit", "Trial order", "Framework contract"]
    assert [t.position for t in plan.tasks_of(engine, account_id)] == [0, 1, 2]
    assert (task.task, task.support, task.owner_role, task.due_on, task.done) == (
        "Draft terms",
        "Legal",
        "Business manager",
        date(2026, 12, 15),
        False,
    )


def test_adding_to_a_missing_account_is_reported(engine: Engine) -> None:
    with pytest.raises(AccountGone):
        plan.add_task(engine, PlanTaskCreate(account_id=404, step="Visit"))


def test_completing_dates_the_step_and_reopening_clears_it(engine: Engine, account_id: int) -> None:
    _, second = add(engine, account_id, "Plant visit", "Trial order")
    assert plan.progress(engine, account_id) == plan.Progress(done=0, total=2)
    task = plan.set_done(engine, second, True)
    assert (task.done, task.done_on) == (True, TODAY)
    assert plan.progress(engine, account_id) == plan.Progress(done=1, total=2)
    task = plan.set_done(engine, second, False)
    assert (task.done, task.done_on) == (False, None)
    assert plan.progress(engine, account_id).done == 0


def test_editing_changes_the_fields(engine: Engine, account_id: int) -> None:
    (task_id,) = add(engine, account_id, "Plant visit")
    clock.freeze(datetime(2026, 11, 28, 10, 0))
    plan.update_task(
        engine,
        task_id,
        PlanTaskFields(step="Plant visit with the CEO", due_on="2026-12-02", owner_role="Executives"),
    )
    (task,) = plan.tasks_of(engine, account_id)
    assert (task.step, task.due_on, task.owner_role, task.task) == (
        "Plant visit with the CEO",
        date(2026, 12, 2),
        "Executives",
        None,
    )
    with engine.connect() as conn:
        touched = conn.execute(
            text("SELECT updated_at FROM account WHERE id = :i"), {"i": account_id}
        ).scalar_one()
    assert touched == "2026-11-28 10:00:00.000000"


def test_moving_reorders_and_stops_at_the_ends(engine: Engine, account_id: int) -> None:
    _, second, third = add(engine, account_id, "one", "two", "three")
    assert plan.move_task(engine, third, -1)
    assert steps(engine, account_id) == ["one", "three", "two"]
    assert plan.move_task(engine, third, -1)
    assert not plan.move_task(engine, third, -1)
    assert not plan.move_task(engine, second, 1)
    assert steps(engine, account_id) == ["three", "one", "two"]
    assert [t.position for t in plan.tasks_of(engine, account_id)] == [0, 1, 2]


def test_deleting_a_step(engine: Engine, account_id: int) -> None:
    first, _ = add(engine, account_id, "one", "two")
    plan.delete_task(engine, first)
    assert steps(engine, account_id) == ["two"]
    with pytest.raises(plan.TaskGone):
        plan.set_done(engine, first, True)


def test_board_cards_carry_plan_progress_and_the_missing_plan_flag(
    engine: Engine, account_id: int, reader: Reader
) -> None:
    given.graded(engine, account_id, "A")
    card = board.card(reader, account_id)
    assert card is not None and (card.plan_total, card.plan_done, card.needs_plan) == (0, 0, True)
    first, _ = add(engine, account_id, "one", "two")
    plan.set_done(engine, first, True)
    card = board.card(reader, account_id)
    assert card is not None and (card.plan_total, card.plan_done, card.needs_plan) == (2, 1, False)
    (page,) = [board.cards(reader, 3, 0, 10, board.BoardFilter(), TODAY)]
    assert [(c.plan_total, c.plan_done) for c in page] == [(2, 1)]
