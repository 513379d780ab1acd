"""Opening a database: refuse a newer schema, set up the engine, migrate."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from fieldcrm.store.engine import make_engine, secure_files
from fieldcrm.store.migrations import check_version, migrate


def open_db(path: Path) -> Engine:
    """An engine on ``path`` at the latest schema (the file and folder made on first use)."""
    version = check_version(path)
    engine = make_engine(path)
    migrate(engine, path, version)
    secure_files(path)
    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work commits as one transaction, or not at all."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session
