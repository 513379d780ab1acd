"""Sessions for writes: one transaction each, ending with the derived columns refreshed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, select

from fieldcrm.store import derived
from fieldcrm.store.engine import writing
from fieldcrm.store.models import Account

_TOUCHED = "touched_accounts"


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work commits as one transaction, or not at all. Before it commits,
    the derived columns of the accounts it :func:`touch`-ed are recomputed (store.derived)."""
    with Session(writing(engine), expire_on_commit=False) as session, session.begin():
        yield session
        touched: set[int] = session.info.pop(_TOUCHED, set())
        if touched:
            session.flush()
            derived.refresh(session.connection(), touched)
            for row in list(session.identity_map.values()):
                if isinstance(row, Account) and row.id in touched:
                    session.refresh(row)  # the caller sees the columns just computed


def touch(session: Session, *account_ids: int | None) -> None:
    """Note that this transaction changed rows the accounts' derived columns come from."""
    session.info.setdefault(_TOUCHED, set()).update(i for i in account_ids if i is not None)


Row = TypeVar("Row", bound=SQLModel)


def existing(session: Session, table: type[Row], row_id: int, gone: Callable[[int], Exception]) -> Row:
    """The row ``row_id`` of ``table``; ``gone(row_id)`` is raised when it no longer exists."""
    row = session.get(table, row_id)
    if row is None:
        raise gone(row_id)
    return row


def edit(
    session: Session, table: type[Row], row_id: int, sent: SQLModel, gone: Callable[[int], Exception]
) -> Row:
    """The row with the fields a form sent set on it (fields it left out keep their values);
    ``gone(row_id)`` is raised when the row no longer exists."""
    row = existing(session, table, row_id, gone)
    for field, value in sent.model_dump(exclude_unset=True).items():
        setattr(row, field, value)
    return row


def dated_rows(session: Session, table: type[Row], account_id: int) -> list[Row]:
    """An account's rows of a dated record (a table with ``account_id``, ``on`` and ``id``),
    newest first."""
    columns = table.__table__.c  # type: ignore[attr-defined]
    query = select(table).where(columns.account_id == account_id)
    return list(session.exec(query.order_by(columns.on.desc(), columns.id.desc())))
