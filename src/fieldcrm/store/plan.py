"""The development plan (开发程序): an account's ordered steps; each change is one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, func, update
from sqlmodel import Session, col, select

from fieldcrm import clock
from fieldcrm.store.changes import AccountGone
from fieldcrm.store.models import Account, PlanTask, PlanTaskCreate
from fieldcrm.store.models.plan import PlanTaskFields
from fieldcrm.store.session import existing, transaction

_ORDER = (col(PlanTask.position), col(PlanTask.id))


class TaskGone(LookupError):
    """The plan step no longer exists."""


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int


def tasks_of(engine: Engine, account_id: int) -> list[PlanTask]:
    """The account's plan in its order."""
    with Session(engine) as s:
        return list(s.exec(select(PlanTask).where(PlanTask.account_id == account_id).order_by(*_ORDER)))


def progress(engine: Engine, account_id: int) -> Progress:
    """Steps done out of all steps."""
    query = select(func.count(), func.coalesce(func.sum(PlanTask.done), 0)).where(
        PlanTask.account_id == account_id
    )
    with Session(engine) as s:
        total, done = s.exec(query).one()
    return Progress(int(done), int(total))


def _touch(s: Session, account_id: int) -> None:
    s.exec(update(Account).where(col(Account.id) == account_id).values(updated_at=clock.now()))


def _load(s: Session, task_id: int) -> PlanTask:
    return existing(s, PlanTask, task_id, TaskGone)


def add_task(engine: Engine, data: PlanTaskCreate) -> PlanTask:
    """A new step at the end of the plan."""
    with transaction(engine) as s:
        existing(s, Account, data.account_id, AccountGone)
        return append_task(s, data)


def append_task(s: Session, data: PlanTaskCreate) -> PlanTask:
    """:func:`add_task` inside the caller's transaction."""
    last = s.exec(select(func.max(PlanTask.position)).where(PlanTask.account_id == data.account_id)).one()
    task = PlanTask(**data.model_dump(), position=0 if last is None else last + 1)
    s.add(task)
    _touch(s, data.account_id)
    return task


@contextmanager
def _changing(engine: Engine, task_id: int) -> Iterator[tuple[Session, PlanTask]]:
    """One transaction on one step, which marks its account as changed."""
    with transaction(engine) as s:
        task = _load(s, task_id)
        yield s, task
        _touch(s, task.account_id)


def update_task(engine: Engine, task_id: int, data: PlanTaskFields) -> PlanTask:
    """Change a step's text, owner and due date."""
    with _changing(engine, task_id) as (_, task):
        for name, value in data.model_dump().items():
            setattr(task, name, value)
    return task


def set_done(engine: Engine, task_id: int, done: bool) -> PlanTask:
    """Complete a step (dated today) or reopen it."""
    with _changing(engine, task_id) as (_, task):
        task.done, task.done_on = done, clock.today() if done else None
    return task


def move_task(engine: Engine, task_id: int, delta: int) -> bool:
    """Move a step up (-1) or down (+1); False when it is already at that end."""
    with transaction(engine) as s:
        task = _load(s, task_id)
        plan = list(s.exec(select(PlanTask).where(PlanTask.account_id == task.account_id).order_by(*_ORDER)))
        here = plan.index(task)
        there = here + delta
        if not 0 <= there < len(plan):
            return False
        plan[here], plan[there] = plan[there], plan[here]
        for position, step in enumerate(plan):
            if step.position != position:
                step.position = position
                s.add(step)
        _touch(s, task.account_id)
    return True


def delete_task(engine: Engine, task_id: int) -> None:
    with _changing(engine, task_id) as (s, task):
        s.delete(task)
