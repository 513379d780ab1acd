"""Opening a database: refuse a newer schema, set up the engine, migrate if needed.

Only SQLAlchemy Core is imported here; the SQLModel tables load when a migration or a
write needs them, so the board can draw before they are ready.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from fieldcrm.store.engine import (
    StoreError,
    has_tables,
    make_engine,
    read_user_version,
    secure_files,
)
from fieldcrm.store.schema_version import LATEST


def check_version(path: Path) -> int:
    """The file's version; refuse a file newer than this code before anything writes to it."""
    version = read_user_version(path)
    if version > LATEST:
        raise StoreError("store.too_new", path=str(path), version=version, latest=LATEST)
    if version == 0 and has_tables(path):
        raise StoreError("store.unknown_schema", path=str(path))
    return version


def open_db(path: Path) -> Engine:
    """An engine on ``path`` at the latest schema (the file and folder made on first use)."""
    version = check_version(path)
    engine = make_engine(path)
    if version != LATEST:
        from fieldcrm.store.migrations import migrate

        migrate(engine, path, version)
    secure_files(path)
    return engine
