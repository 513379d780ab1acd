"""Opening a database: refuse a newer schema, set up the engine, migrate if needed.

Only SQLAlchemy Core is imported here; the SQLModel tables load when a migration or a
write needs them. The app opens a file at the latest schema through store.database instead,
without SQLAlchemy, and comes here only for a new file or a migration.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fieldcrm.store.database import checked
from fieldcrm.store.engine import DRIVER_ERRORS, make_engine
from fieldcrm.store.schema_version import LATEST
from fieldcrm.store.sqlite_file import secure_files, storage_error

if TYPE_CHECKING:
    from sqlalchemy import Engine


def open_db(path: Path, read_only: bool = False) -> Engine:
    """An engine on ``path`` at the latest schema (the file and folder made on first use).

    The file's header is checked first (store.health), so a file that is not a whole database
    is refused untouched. ``read_only``: no connection can write; the file must exist at the
    latest schema already. A full disk or an unwritable folder is a StoreError, not a crash.
    """
    version = checked(path, read_only)
    if read_only:
        return make_engine(path, read_only=True)
    engine = make_engine(path)
    if version != LATEST:
        from fieldcrm.store.migrations import migrate

        try:
            migrate(engine, path, version)
        except DRIVER_ERRORS as exc:
            engine.dispose()
            fault = storage_error(exc, path)
            if fault is None:
                raise
            raise fault from exc
    secure_files(path)
    return engine
