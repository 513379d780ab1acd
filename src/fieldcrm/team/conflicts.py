"""Conflicts: values that lost to a later edit made without seeing them, kept on the server
(``fieldcrm.conflict``) until their author, or a manager, restores one. Restoring writes the
value again on this laptop, as a change of its own, and syncs it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from fieldcrm.store.restore_conflict import restore_field
from fieldcrm.team.admin import TeamError
from fieldcrm.team.sync import Synced, sync

if TYPE_CHECKING:
    import psycopg

    Conn = psycopg.Connection[tuple[object, ...]]


@dataclass(frozen=True, slots=True)
class Conflict:
    id: int
    account: str  # the account's name
    kind: str
    field: str
    value: Any  # the value that lost, as the server keeps it
    author: str
    winner: str
    at: datetime
    now: Any = None  # the value that won, as the server holds it now


def open_conflicts(conn: Conn) -> list[Conflict]:
    """The conflicts not restored yet on the accounts the connected member may see, oldest first."""
    with conn.transaction():
        rows = conn.execute(
            "SELECT c.id, coalesce(a.fields ->> 'name', ''), c.kind, c.field, c.value,"
            " c.author, c.winner, c.at, CASE WHEN c.kind = 'account' THEN a.fields -> c.field"
            " ELSE (SELECT r.fields -> c.field FROM fieldcrm.record r"
            "       WHERE r.kind = c.kind AND r.id = c.row_id) END"
            " FROM fieldcrm.conflict c JOIN fieldcrm.account a ON a.id = c.account_id"
            " WHERE c.restored_at IS NULL AND c.dismissed_at IS NULL ORDER BY c.at, c.id"
        ).fetchall()
    return [Conflict(*row) for row in rows]  # type: ignore[arg-type]


def shown(value: Any) -> str:
    """A kept value as one line of text (None as nothing)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def dismiss(conn: Conn, conflict: int) -> None:
    """Leave a kept value as it is, no longer open (its author or a manager)."""
    import psycopg

    try:
        with conn.transaction():
            conn.execute("SELECT fieldcrm.dismiss_conflict(%s)", (conflict,))
    except psycopg.errors.InsufficientPrivilege as exc:
        raise TeamError("team.dismiss_refused", exit_code=1, id=conflict) from exc
    except psycopg.errors.InvalidParameterValue as exc:
        raise TeamError("team.no_such_conflict", exit_code=1, id=conflict) from exc


def restore(engine: Engine, conn: Conn, conflict: int, now: datetime) -> Synced:
    """Restore one conflict's value here and send it; the server marks it restored only if this
    laptop could write it. A sync comes first, so the value that won is here to be written over
    (and a change waiting here goes before the restored one)."""
    sync(engine, conn, now)
    with conn.transaction():
        found = conn.execute(
            "SELECT kind, row_id::text, field, value FROM fieldcrm.restore_conflict(%s)", (conflict,)
        ).fetchone()
        assert found is not None
        kind, uid, field, value = found
        if not restore_field(engine, str(kind), str(uid), str(field), value):
            raise TeamError("team.restore_gone", exit_code=1, id=conflict)
    return sync(engine, conn, now)
