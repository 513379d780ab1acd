"""The database file through the standard library's sqlite3: its permissions, the pragmas
every connection sets, read-only checks, backups, and the errors a user can act on.

Nothing here imports SQLAlchemy, so opening the app and drawing its first frame need none
(store.reader reads the board with these connections; store.engine builds on them).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

BUSY_TIMEOUT_MS = 5000
DIR_MODE = 0o700
FILE_MODE = 0o600
SIDE_FILES = ("-wal", "-shm", "-journal")


def sql_date(value: date) -> str:
    """A date as the store writes it (and compares it) in SQLite: SQLAlchemy's text form."""
    return value.isoformat()


def sql_datetime(value: datetime) -> str:
    """A moment as the store writes it: SQLAlchemy's form, always with microseconds."""
    return value.isoformat(" ", "microseconds")


def read_date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def read_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value)


class StoreError(Exception):
    """A problem with the database file that the user must be told about (a message key)."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def private_folder(folder: Path) -> None:
    """Make ``folder`` and any missing parent 0700, whatever the umask (mkdir's ``parents``
    would make the parents 0777 under umask 000). An existing folder is left as it is."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for level in reversed(missing):
        try:
            level.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue
        level.chmod(DIR_MODE)  # mkdir's mode is cut by the umask; this is not


def prepare_location(path: Path) -> None:
    """Create the folder (0700) on first use, and the file with 0600 before SQLite opens it;
    refuse a path that is not a regular file (a device, a folder, a FIFO)."""
    try:
        private_folder(path.parent)
    except OSError as exc:
        raise StoreError("store.cannot_create_folder", path=str(path.parent), error=exc.strerror) from exc
    try:
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, FILE_MODE)
        os.close(fd)
    except FileExistsError:
        if not path.is_file():
            raise StoreError("store.not_regular", path=str(path)) from None
    except OSError as exc:
        raise StoreError("store.cannot_create_file", path=str(path), error=exc.strerror) from exc
    secure_files(path)


def secure_files(path: Path) -> None:
    """Keep the database and the -wal, -shm and -journal files SQLite makes beside it private
    to the user: a regular file readable or writable by others loses those bits. Nothing else
    changes: no bit is ever added (a 0400 file stays read-only) and nothing but a regular
    file is touched (``--db /dev/...`` is refused before this)."""
    for p in (path, *(Path(f"{path}{s}") for s in SIDE_FILES)):
        try:
            mode = p.lstat().st_mode
            if stat.S_ISREG(mode) and mode & 0o077:
                p.chmod(stat.S_IMODE(mode) & 0o700)
        except OSError:
            pass


WRITER_PRAGMAS = (
    f"busy_timeout = {BUSY_TIMEOUT_MS}",
    "foreign_keys = ON",
    "journal_mode = WAL",
    "synchronous = FULL",
    "secure_delete = ON",
)
READER_PRAGMAS = (f"busy_timeout = {BUSY_TIMEOUT_MS}", "foreign_keys = ON", "query_only = ON")


def lenient_text(data: bytes) -> str:
    """TEXT as Python reads it: text that is not valid UTF-8 (written by another tool) comes
    with stand-ins (U+FFFD) instead of an error that would quote it (``check`` finds it)."""
    return data.decode("utf-8", "replace")


@contextmanager
def read_only_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection; any -shm SQLite makes for it is private too."""
    old_umask = os.umask(0o077)
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            yield con
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError("store.not_a_database", path=str(path)) from exc
    finally:
        os.umask(old_umask)


def _read_only(path: Path, sql: str) -> int:
    """One number from a read-only connection."""
    with read_only_connection(path) as con:
        return int(con.execute(sql).fetchone()[0])


def read_user_version(path: Path) -> int:
    """The schema version, read without writing to the database (0 for a new, empty file)."""
    if not path.exists() or path.stat().st_size == 0:
        return 0
    return _read_only(path, "PRAGMA user_version")


def has_tables(path: Path) -> bool:
    """Whether the file already holds tables (read-only)."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    return _read_only(path, "SELECT count(*) FROM sqlite_master WHERE type = 'table'") > 0


def backup_to(path: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API (never a file copy of a live database),
    as one self-contained file: rollback journal, so opening it makes no -wal/-shm."""
    old_umask = os.umask(0o077)
    try:
        src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
            src.close()
        target.chmod(FILE_MODE)
    finally:
        os.umask(old_umask)


def table_names(path: Path) -> set[str]:
    """The tables in the file (read-only)."""
    with read_only_connection(path) as con:
        return {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _quick_check(con: sqlite3.Connection) -> list[str]:
    return [str(msg) for (msg,) in con.execute("PRAGMA quick_check") if msg != "ok"]


def quick_problems(path: Path) -> list[str]:
    """What ``quick_check`` finds in the database as SQLite sees it (the file with its -wal),
    read-only; empty when sound. A file too damaged to finish reports SQLite's error."""
    with read_only_connection(path) as con:
        try:
            return _quick_check(con)
        except sqlite3.DatabaseError as exc:
            return [str(exc)]


def integrity_problems(path: Path) -> tuple[list[str], list[tuple[str, int, str]]]:
    """What ``quick_check`` reports (empty when sound) and the rows ``foreign_key_check``
    finds pointing nowhere, as (table, rowid, parent table); read-only. A file too damaged
    for the checks to finish reports SQLite's error as its quick_check problem."""
    with read_only_connection(path) as con:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()  # else: not a database
        try:
            quick = _quick_check(con)
            orphans = [
                (str(table), int(rowid), str(parent))
                for table, rowid, parent, _fk in con.execute("PRAGMA foreign_key_check")
            ]
        except sqlite3.DatabaseError as exc:
            return [str(exc)], []
    return quick, orphans


def invalid_text(path: Path) -> list[tuple[str, str, int]]:
    """Every stored text that is not valid UTF-8, as (table, column, rowid); read-only, one
    pass over each table's text columns, each row's texts checked as one string (column by
    column only for a row where that fails)."""
    found: list[tuple[str, str, int]] = []
    with read_only_connection(path) as con:
        con.create_function("utf8", 1, _utf8, deterministic=True)
        tables = [name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            columns = [
                name
                for _cid, name, kind, *_rest in con.execute(f'PRAGMA table_info("{table}")')
                if not kind or any(word in kind.upper() for word in ("CHAR", "TEXT", "CLOB"))
            ]
            if not columns:
                continue
            # a line break between two texts: no sequence can start in one and end in the next
            whole = "CAST(" + " || char(10) || ".join(f"coalesce(\"{c}\", '')" for c in columns) + " AS BLOB)"
            con.text_factory = bytes
            try:
                rows = con.execute(f'SELECT rowid FROM "{table}" WHERE NOT utf8({whole})')
                suspects = [int(rowid) for (rowid,) in rows]
                listed = ", ".join(f'"{c}"' for c in columns)
                for rowid in suspects:
                    values = con.execute(
                        f'SELECT {listed} FROM "{table}" WHERE rowid = ?', (rowid,)
                    ).fetchone()
                    found += [
                        (table, column, rowid)
                        for column, value in zip(columns, values, strict=True)
                        if isinstance(value, bytes) and not _utf8(value)
                    ]
            finally:
                con.text_factory = str
    return found


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def release_wal(path: Path) -> None:
    """Fold the WAL into the file and drop the -wal/-shm files, so the file can be replaced.

    Leaving WAL mode needs the only connection to the database: if another program has it
    open, StoreError("store.in_use") and nothing changes. The next open turns WAL back on.
    """
    old_umask = os.umask(0o077)
    con = sqlite3.connect(path, timeout=0.5, isolation_level=None)
    try:
        mode = con.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise StoreError("store.in_use", path=str(path)) from exc
    except sqlite3.DatabaseError as exc:
        raise StoreError("store.not_a_database", path=str(path)) from exc
    finally:
        con.close()
        os.umask(old_umask)
    if str(mode).lower() != "delete":
        raise StoreError("store.in_use", path=str(path))


# SQLite's primary result codes for the faults a user can act on, and the message for each
_FAULTS = {
    5: "store.busy",  # SQLITE_BUSY: another program held the database too long
    8: "store.read_only",  # SQLITE_READONLY
    10: "store.io_error",  # SQLITE_IOERR
    11: "store.damaged",  # SQLITE_CORRUPT
    13: "store.disk_full",  # SQLITE_FULL
    14: "store.cannot_open",  # SQLITE_CANTOPEN: the folder or file cannot be opened for writing
    26: "store.damaged",  # SQLITE_NOTADB
}


def storage_error(exc: BaseException, path: Path) -> StoreError | None:
    """The StoreError to show for a driver error the user can act on (disk full, read-only
    folder, damaged file...), or None for any other error."""
    orig = getattr(exc, "orig", exc)  # SQLAlchemy wraps the driver's exception
    code = getattr(orig, "sqlite_errorcode", None)
    if not isinstance(orig, sqlite3.Error) or code is None or (code & 0xFF) not in _FAULTS:
        return None
    return StoreError(_FAULTS[code & 0xFF], path=str(path), error=str(orig))
