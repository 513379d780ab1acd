"""The contact log: reading it, logging, correcting and deleting contacts, and the next steps
they set (下一步): finished, moved or handed over without a new contact. Each change is one
transaction and returns what undoes it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, update
from sqlmodel import Session, col, delete, select

from fieldcrm import clock
from fieldcrm.store.changes import AccountGone, ContactChange
from fieldcrm.store.models import (
    Account,
    Activity,
    ActivityCreate,
    ActivityUpdate,
    NextStepChange,
    StepHandover,
    StepReschedule,
)
from fieldcrm.store.models.activity import StepChange
from fieldcrm.store.session import edit, existing, touch, transaction
from fieldcrm.store.team_view import login_in


class ContactGone(LookupError):
    """The contact no longer exists (deleted elsewhere)."""


def activities_of(engine: Engine, account_id: int, limit: int | None = None) -> list[Activity]:
    """The account's contacts, newest first."""
    with Session(engine) as s:
        return activities_in(s, account_id, limit)


def activities_in(s: Session, account_id: int, limit: int | None = None) -> list[Activity]:
    """:func:`activities_of`, read in the caller's session."""
    query = (
        select(Activity)
        .where(Activity.account_id == account_id)
        .order_by(col(Activity.occurred_on).desc(), col(Activity.id).desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return list(s.exec(query))


def get_contact(engine: Engine, activity_id: int) -> Activity:
    """One contact; ContactGone when it no longer exists."""
    with Session(engine) as s:
        return _contact(s, activity_id)


def history_of(engine: Engine, activity_id: int) -> list[NextStepChange]:
    """What happened to a contact's next step after it was set, oldest first."""
    with Session(engine) as s:
        query = select(NextStepChange).where(NextStepChange.activity_id == activity_id)
        return list(s.exec(query.order_by(col(NextStepChange.at), col(NextStepChange.id))))


def open_step(engine: Engine, account_id: int) -> Activity | None:
    """The contact whose next step the account's card shows: the newest one still open."""
    with Session(engine) as s:
        query = (
            select(Activity)
            .where(Activity.account_id == account_id, col(Activity.next_done).is_(False))
            .order_by(col(Activity.occurred_on).desc(), col(Activity.id).desc())
        )
        return s.exec(query.limit(1)).first()


def log_contact(engine: Engine, data: ActivityCreate) -> Activity:
    """Record a contact; it follows up every earlier open next step, and the card shows its own.

    A contact logged after the fact, older than one already logged, is followed up already.
    """
    with transaction(engine) as s:
        account = existing(s, Account, data.account_id, AccountGone)
        mine = col(Activity.account_id) == data.account_id
        later = s.exec(
            select(func.count())
            .select_from(Activity)
            .where(mine, col(Activity.occurred_on) > data.occurred_on)
        ).one()
        activity = Activity(**data.model_dump(), next_done=later > 0, made_by=login_in(s.connection()))
        activity.kind = data.kind.value
        s.add(activity)
        s.flush()
        s.exec(
            update(Activity)
            .where(
                mine,
                col(Activity.next_done).is_(False),
                col(Activity.occurred_on) <= data.occurred_on,
                col(Activity.id) != activity.id,
            )
            .values(next_done=True, followed_by=activity.id)
        )
        account.updated_at = clock.now()
        s.add(account)
        touch(s, account.id)  # the card shows the newest open next step and last contact
    return activity


def _contact(s: Session, activity_id: int) -> Activity:
    return existing(s, Activity, activity_id, ContactGone)


def _as_was(row: Activity) -> dict[str, Any]:
    return row.model_dump()


def update_contact(engine: Engine, activity_id: int, data: ActivityUpdate) -> ContactChange:
    """Correct a logged contact (any field the log form shows)."""
    with transaction(engine) as s:
        before = _as_was(_contact(s, activity_id))
        row = edit(s, Activity, activity_id, data, ContactGone)
        row.kind = data.kind.value
        s.add(row)
        touch(s, row.account_id)
    return ContactChange(row.account_id, (before,))


def delete_contact(engine: Engine, activity_id: int) -> ContactChange:
    """Delete a contact logged by mistake; the next steps its logging followed up open again."""
    with transaction(engine) as s:
        row = _contact(s, activity_id)
        followed = list(s.exec(select(Activity).where(Activity.followed_by == activity_id)))
        before = (_as_was(row), *(_as_was(f) for f in followed))
        for f in followed:
            f.next_done, f.followed_by = False, None
            s.add(f)
        s.delete(row)
        touch(s, row.account_id)
    return ContactChange(row.account_id, before, deleted=activity_id)


def _step_change(engine: Engine, activity_id: int, kind: StepChange, **values: Any) -> ContactChange:
    """Change a contact's next step without a new contact, and keep the change in its history."""
    with transaction(engine) as s:
        row = _contact(s, activity_id)
        before = _as_was(row)
        for name, value in values.items():
            setattr(row, name, value)
        row.followed_by = None
        change = NextStepChange(
            activity_id=activity_id,
            at=clock.now(),
            kind=kind.value,
            due_before=before["next_due"],
            due_after=row.next_due,
            time_before=before["next_time"],
            time_after=row.next_time,
            owner_before=before["next_owner"],
            owner_after=row.next_owner,
        )
        s.add(row)
        s.add(change)
        s.flush()
        assert change.id is not None
        touch(s, row.account_id)
    return ContactChange(row.account_id, (before,), (change.id,))


def finish_step(engine: Engine, activity_id: int, done: bool = True) -> ContactChange:
    """Mark a next step done (or open again) without logging a contact."""
    kind = StepChange.DONE if done else StepChange.REOPENED
    return _step_change(engine, activity_id, kind, next_done=done)


def reschedule_step(engine: Engine, activity_id: int, data: StepReschedule) -> ContactChange:
    """Move a next step to another day and time; the old ones stay in its history. A step
    moved is open again."""
    return _step_change(
        engine,
        activity_id,
        StepChange.RESCHEDULED,
        next_due=data.next_due,
        next_time=data.next_time,
        next_done=False,
    )


def hand_step(engine: Engine, activity_id: int, data: StepHandover) -> ContactChange:
    """Give a next step to a colleague (by name), or back to the rep."""
    return _step_change(engine, activity_id, StepChange.HANDED, next_owner=data.next_owner)


def undo_contact_change(engine: Engine, change: ContactChange) -> None:
    """Put the contacts back as they were before ``change``: a deleted one returns with its id
    (or a new one, if that id was taken since), a changed one gets its fields back."""
    with transaction(engine) as s:
        existing(s, Account, change.account_id, AccountGone)
        if change.history:
            s.exec(delete(NextStepChange).where(col(NextStepChange.id).in_(change.history)))
        for was in change.before:
            row = s.get(Activity, was["id"])
            if was["id"] == change.deleted:  # SQLite may have given its id to a later contact
                s.add(Activity(**{**was, "id": None if row is not None else was["id"]}))
                continue
            if row is None:  # deleted since, with its account's history: nothing to restore
                continue
            for name, value in was.items():
                setattr(row, name, value)
            s.add(row)
        touch(s, change.account_id)
