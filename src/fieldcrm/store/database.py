"""The database the app works on: read at once through the standard library, written through
SQLAlchemy once it is loaded.

The board's first frame reads through ``Database.reader`` (store.reader), so the app opens and
draws before SQLAlchemy is imported; ``Database.engine`` is made on first use, which the board
makes happen in a thread right after that frame. A new file, or one at an older schema, is
opened the whole way first (store.db.open_db: created or migrated), before the app starts.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from fieldcrm.store.health import check_header
from fieldcrm.store.reader import Reader
from fieldcrm.store.schema_version import LATEST
from fieldcrm.store.sqlite_file import StoreError, has_tables, read_user_version, secure_files

if TYPE_CHECKING:
    from sqlalchemy import Engine


def check_version(path: Path) -> int:
    """The file's version; refuse a file newer than this code before anything writes to it."""
    version = read_user_version(path)
    if version > LATEST:
        raise StoreError("store.too_new", path=str(path), version=version, latest=LATEST)
    if version == 0 and has_tables(path):
        raise StoreError("store.unknown_schema", path=str(path))
    return version


def checked(path: Path, read_only: bool = False) -> int:
    """The version of the file at ``path``, once its header and version are found fit to
    open (a read-only session needs the file, at the latest schema); else StoreError."""
    check_header(path)
    version = check_version(path)
    if read_only and (not path.is_file() or version != LATEST):
        raise StoreError("store.read_only_unusable", path=str(path))
    return version


class Database:
    """The file at ``path``: its ``reader`` now, its ``engine`` when first asked for (or the
    one given, already open)."""

    def __init__(self, path: Path, read_only: bool = False, engine: Engine | None = None) -> None:
        self.path = path
        self.read_only = read_only
        self.reader = Reader(path, read_only)
        self._engine = engine
        self._making = threading.Lock()

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (imported and made on first use, from any thread)."""
        if self._engine is None:
            with self._making:
                if self._engine is None:
                    from fieldcrm.store.engine import make_engine

                    self._engine = make_engine(self.path, read_only=self.read_only)
        return self._engine

    def close(self) -> None:
        self.reader.close()
        if self._engine is not None:
            self._engine.dispose()


def open_database(path: Path, read_only: bool = False) -> Database:
    """The database at ``path``, checked as store.db.open_db checks it; a file at the latest
    schema is opened without SQLAlchemy (its engine comes later), any other is created or
    migrated now. ``read_only``: the file must exist at the latest schema already."""
    version = checked(path, read_only)
    if read_only:
        return Database(path, read_only=True)
    if not path.is_file() or version != LATEST:
        from fieldcrm.store.db import open_db

        return Database(path, engine=open_db(path))
    secure_files(path)
    return Database(path)
