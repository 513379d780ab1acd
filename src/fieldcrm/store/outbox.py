"""The outbox: every change of a synced row, recorded by SQLite triggers in the transaction that
made it. Triggers catch every write, the ORM's, the bulk writer's and plain SQL alike, so no
change can escape the outbox. They exist only once the database has joined a team (``join``):
a laptop used alone pays nothing for them (a trigger costs its table's inserts about 40%, even
one that records nothing).

An insert and a delete are recorded as such; an update only when a synced field changed (the
derived columns' refresh records nothing), with the fields that changed. This module and
``engine.py`` hold the only SQLite-specific SQL of the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Connection, text
from sqlmodel import SQLModel

from fieldcrm.store import models  # noqa: F401  # registers every table on the metadata
from fieldcrm.store.sync_tables import SYNCED, synced_fields

_NOW = "strftime('%Y-%m-%dT%H:%M:%f', 'now')"


def trigger_names(table: str) -> list[str]:
    return [f"outbox_{table}_{op}" for op in ("insert", "update", "delete")]


def _triggers(table: str) -> list[str]:
    columns = [c.name for c in SQLModel.metadata.tables[table].columns]
    fields = synced_fields(table, columns)
    changed = " || ".join(f"CASE WHEN OLD.\"{c}\" IS NOT NEW.\"{c}\" THEN '{c},' ELSE '' END" for c in fields)
    any_changed = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in fields)  # "on" is a keyword
    insert_name, update_name, delete_name = trigger_names(table)
    record = "INSERT INTO outbox (tbl, row_id, uid, op, fields, at) VALUES"
    return [
        f"CREATE TRIGGER {insert_name} AFTER INSERT ON {table} BEGIN"
        f" {record} ('{table}', NEW.rowid, NEW.uid, 'insert', NULL, {_NOW}); END",
        f"CREATE TRIGGER {update_name} AFTER UPDATE ON {table} WHEN {any_changed} BEGIN"
        f" {record} ('{table}', NEW.rowid, NEW.uid, 'update', rtrim({changed}, ','), {_NOW}); END",
        f"CREATE TRIGGER {delete_name} AFTER DELETE ON {table} BEGIN"
        f" {record} ('{table}', OLD.rowid, OLD.uid, 'delete', NULL, {_NOW}); END",
    ]


def install(conn: Connection) -> None:
    """Index the global ids and create the outbox triggers of every synced table."""
    for table in SYNCED:
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{table}_uid ON {table} (uid)"))
        for statement in _triggers(table):
            conn.execute(text(statement))


@contextmanager
def suspended(conn: Connection) -> Iterator[None]:
    """No outbox entries for what the body writes: the triggers are dropped, and made again
    after it, all in the caller's transaction (a failure rolls the drop back too, and no other
    writer can come between). For writing what came from the server, many rows at a time."""
    for table in SYNCED:
        for name in trigger_names(table):
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    yield
    install(conn)


def refresh(conn: Connection) -> None:
    """Make the triggers again from the tables as they are now (after a migration added
    synced columns), if the database has joined a team."""
    if installed(conn):
        with suspended(conn):
            pass


def installed(conn: Connection) -> bool:
    found = conn.execute(
        text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'outbox_%'")
    )
    return bool(found.scalar_one())


def join(conn: Connection, server: str, login: str, node: str, now: datetime) -> None:
    """Link this database to a team (in the caller's transaction): from now on every change is
    recorded for sending."""
    conn.execute(
        text("INSERT INTO team_link (id, server, login, node, joined_at) VALUES (1, :s, :l, :n, :t)"),
        {"s": server, "l": login, "n": node, "t": now},
    )
    if not installed(conn):
        install(conn)
