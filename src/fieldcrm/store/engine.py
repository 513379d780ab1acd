"""The engine: SQLAlchemy over the connections store.sqlite_file describes, with explicit
transactions.

This is the one module that speaks SQLite-specific SQL through SQLAlchemy (the file itself is
store.sqlite_file's); the rest of the store stays portable.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from fieldcrm.store.sqlite_file import READER_PRAGMAS, WRITER_PRAGMAS, lenient_text, prepare_location

BULK_CACHE_KIB = 65536  # 64 MiB: a 100,000-row import's pages fit without spilling


def _on_connect(pragmas: tuple[str, ...]) -> Callable[[sqlite3.Connection, Any], None]:
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Autocommit at the driver level; SQLAlchemy's "begin" event then issues BEGIN itself,
        # which makes DDL transactional too (migrations run all-or-nothing).
        dbapi_connection.isolation_level = None
        dbapi_connection.text_factory = lenient_text
        cur = dbapi_connection.cursor()
        for pragma in pragmas:
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    return on_connect


WRITE_OPTION = "fieldcrm_write"


def _on_begin(statement: str) -> Callable[[Any], None]:
    def on_begin(conn: Any) -> None:
        # A write transaction takes the write lock up front (no upgrade deadlock later); a
        # read is a plain deferred transaction, so a long export never holds up a save.
        immediate = statement == "BEGIN IMMEDIATE" and conn.get_execution_options().get(WRITE_OPTION)
        conn.exec_driver_sql(statement if immediate else "BEGIN")

    return on_begin


def writing(engine: Engine) -> Engine:
    """The same engine, for a transaction that will write (it begins IMMEDIATE)."""
    return engine.execution_options(**{WRITE_OPTION: True})


def make_engine(path: Path, read_only: bool = False) -> Engine:
    """An engine for ``path`` with the pragmas set on every connection.

    ``read_only``: every connection is opened ``mode=ro`` with ``query_only`` on, so no
    statement can write, and transactions are plain (deferred) ones.
    """
    if read_only:
        uri = f"file:{quote(str(path.resolve()))}?mode=ro"
        engine = create_engine(
            f"sqlite:///{path}",  # the URL names the file; the creator opens it read-only
            poolclass=QueuePool,
            hide_parameters=True,
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
        )
        event.listen(engine, "connect", _on_connect(READER_PRAGMAS))
        event.listen(engine, "begin", _on_begin("BEGIN"))
        return engine
    old_umask = os.umask(0o077)  # -wal and -shm are created 0600 too
    try:
        prepare_location(path)
    finally:
        os.umask(old_umask)
    # hide_parameters: an error's text (a crash log, say) never holds the customers' data
    engine = create_engine(
        f"sqlite:///{path}", connect_args={"check_same_thread": False}, hide_parameters=True
    )
    event.listen(engine, "connect", _on_connect(WRITER_PRAGMAS))
    event.listen(engine, "begin", _on_begin("BEGIN IMMEDIATE"))
    return engine


def database_of(engine: Engine) -> Path:
    """The file an engine made by :func:`make_engine` reads and writes."""
    return Path(engine.url.database or "")


def set_user_version(conn: Any, version: int) -> None:
    conn.exec_driver_sql(f"PRAGMA user_version = {int(version)}")


@contextmanager
def bulk_cache(conn: Any, kib: int = BULK_CACHE_KIB) -> Iterator[None]:
    """A larger page cache while one big transaction writes, so SQLite does not spill dirty
    pages to the WAL half-way; the connection's own size comes back afterwards."""
    before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar())
    conn.exec_driver_sql(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {before}")


@contextmanager
def unindexed(conn: Any, tables: Iterable[str]) -> Iterator[None]:
    """The indexes of ``tables`` dropped while the body writes, and made again after it (in
    the caller's transaction): many rows into a table that held none go in faster, and each
    index is built once, sorted, instead of growing a row at a time."""
    listed = ", ".join(f"'{t}'" for t in tables)
    made = []
    if listed:
        made = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master"
            f" WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({listed})"
        ).all()
    for name, _ in made:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, sql in made:
        conn.exec_driver_sql(sql)


def checkpoint(engine: Engine) -> None:
    """Fold the WAL back into the main file (after deletes, so erased data leaves the WAL).

    Runs on the bare driver connection: a checkpoint cannot run inside a transaction, and
    SQLAlchemy begins one on every execute.
    """
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None  # a pooled connection always has its driver's
        driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        raw.close()


DRIVER_ERRORS = (DBAPIError, sqlite3.Error)  # what a database call raises, wrapped or not
