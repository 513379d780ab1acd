"""Sessions for writes: one transaction each."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlmodel import Session

from fieldcrm.store.engine import writing


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work commits as one transaction, or not at all."""
    with Session(writing(engine), expire_on_commit=False) as session, session.begin():
        yield session
