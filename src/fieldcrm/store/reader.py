"""Reading the database through the standard library's sqlite3: the board's queries run here,
so the app draws its first frame before SQLAlchemy is imported (it loads in a thread after).

A reader's connections only read (``query_only``), whatever the file: the store's writes go
through the engine (store.engine). Connections are kept for the next read and may be used
from any thread, one thread at a time: two threads reading at once get two connections (SQLite
reads in parallel in WAL mode).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from fieldcrm.store.sqlite_file import READER_PRAGMAS, StoreError, lenient_text, secure_files


class DriverSQL(Protocol):
    """Either connection a board query can run on: a reader's, or the engine's inside a write
    transaction (SQLAlchemy's ``exec_driver_sql`` takes the same SQL and parameters)."""

    def exec_driver_sql(self, statement: str, parameters: Any = ...) -> Any: ...


def fetch(conn: sqlite3.Connection | DriverSQL, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """The rows of ``sql`` (``?`` parameters) on a reader's connection or the engine's."""
    if isinstance(conn, sqlite3.Connection):
        return conn.execute(sql, tuple(params)).fetchall()
    return list(conn.exec_driver_sql(sql, tuple(params)).all())


class Reader:
    """Read-only connections to the database at ``path`` (``read_only``: opened ``mode=ro``
    too, as a read-only session opens the file)."""

    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _open(self) -> sqlite3.Connection:
        mode = "ro" if self.read_only else "rw"  # never "rwc": a reader makes no file
        uri = f"file:{quote(str(self.path.resolve()))}?mode={mode}"
        conn = None
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            conn.text_factory = lenient_text
            for pragma in READER_PRAGMAS:
                conn.execute(f"PRAGMA {pragma}")
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise StoreError("store.cannot_open", path=str(self.path), error=str(exc)) from exc
        # SQLite makes the -wal and -shm files with the database's own mode; no umask is set
        # here, as it is the whole process's and readers open from several threads
        secure_files(self.path)
        return conn

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """A connection for this thread's reads, back among the idle ones afterwards."""
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._open()
        try:
            yield conn
        finally:
            if conn.in_transaction:  # a read never leaves one open; be sure before reuse
                conn.rollback()
            with self._lock:
                self._idle.append(conn)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """The rows of one query (``?`` parameters)."""
        with self.connection() as conn:
            return fetch(conn, sql, params)

    def close(self) -> None:
        """Close the idle connections (a reader is closed when nothing reads any more)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
