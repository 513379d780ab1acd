"""The outbox: every change of a synced row, recorded by SQLite triggers in the transaction that
made it, once the database has joined a team (a ``team_link`` row exists). Triggers catch every
write, the ORM's, the bulk writer's and plain SQL alike, so no change can escape the outbox.

An insert and a delete are recorded as such; an update only when a synced field changed (the
derived columns' refresh records nothing), with the fields that changed. This module and
``engine.py`` hold the only SQLite-specific SQL of the store.
"""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlmodel import SQLModel

from fieldcrm.store.sync_tables import SYNCED, synced_fields

_JOINED = "EXISTS (SELECT 1 FROM team_link)"
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
        f"CREATE TRIGGER {insert_name} AFTER INSERT ON {table} WHEN {_JOINED} BEGIN"
        f" {record} ('{table}', NEW.rowid, NEW.uid, 'insert', NULL, {_NOW}); END",
        f"CREATE TRIGGER {update_name} AFTER UPDATE ON {table} WHEN {_JOINED} AND ({any_changed}) BEGIN"
        f" {record} ('{table}', NEW.rowid, NEW.uid, 'update', rtrim({changed}, ','), {_NOW}); END",
        f"CREATE TRIGGER {delete_name} AFTER DELETE ON {table} WHEN {_JOINED} BEGIN"
        f" {record} ('{table}', OLD.rowid, OLD.uid, 'delete', NULL, {_NOW}); END",
    ]


def install(conn: Connection) -> None:
    """Create the outbox triggers of every synced table (a new file, or a migration step)."""
    for table in SYNCED:
        for statement in _triggers(table):
            conn.execute(text(statement))
