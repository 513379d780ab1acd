"""Sessions for writes: one transaction each."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine
from sqlmodel import Session, SQLModel

from fieldcrm.store.engine import writing


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work commits as one transaction, or not at all."""
    with Session(writing(engine), expire_on_commit=False) as session, session.begin():
        yield session


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
