"""The contact log: reading it, and logging a contact with its next step (下一步)."""

from __future__ import annotations

from sqlalchemy import Engine, func, update
from sqlmodel import Session, col, select

from fieldcrm import clock
from fieldcrm.store.changes import AccountGone
from fieldcrm.store.models import Account, Activity, ActivityCreate
from fieldcrm.store.session import existing, touch, transaction


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


def log_contact(engine: Engine, data: ActivityCreate) -> Activity:
    """Record a contact; it follows up every earlier open next step, and the card shows its own.

    A contact logged after the fact, older than one already logged, is followed up already.
    """
    with transaction(engine) as s:
        account = existing(s, Account, data.account_id, AccountGone)
        mine = col(Activity.account_id) == data.account_id
        s.exec(
            update(Activity)
            .where(mine, col(Activity.next_done).is_(False), col(Activity.occurred_on) <= data.occurred_on)
            .values(next_done=True)
        )
        later = s.exec(
            select(func.count())
            .select_from(Activity)
            .where(mine, col(Activity.occurred_on) > data.occurred_on)
        ).one()
        activity = Activity(**data.model_dump(), next_done=later > 0)
        activity.kind = data.kind.value
        s.add(activity)
        account.updated_at = clock.now()
        s.add(account)
        touch(s, account.id)  # the card shows the newest open next step and last contact
    return activity
