"""Receiving: rows from the team's server written into the laptop's database, in one transaction.

A row is found by its global id; a new one is inserted, a known one takes the server's fields, a
tombstone deletes it. Global ids in a row's fields become this database's keys again. Parents go
before children. An account's stage and status follow its latest stage event, and its derived
columns are recomputed (store.derived). The team's settings replace this laptop's; people whose
personal fields the team stopped keeping lose them here, unless this laptop's member wrote them.
A download again (``whole``) also removes every synced row the server no longer holds. What this
writes is not a local change: the outbox entries the triggers make meanwhile are dropped before
it commits.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Date, DateTime, Engine, text
from sqlmodel import SQLModel

from fieldcrm import clock
from fieldcrm.domain.names import name_key
from fieldcrm.domain.profile import PERSONAL_FIELDS
from fieldcrm.domain.stages import Status
from fieldcrm.store import (
    derived,
    models,  # noqa: F401  # registers every table on the metadata
)
from fieldcrm.store.engine import checkpoint, writing
from fieldcrm.store.sync_tables import SYNCED
from fieldcrm.store.upload import ACCOUNT_OF, refs_of


@dataclass(frozen=True, slots=True)
class Incoming:
    """One row as the server holds it."""

    kind: str
    uid: str
    account_uid: str
    fields: dict[str, Any]
    deleted: bool


@dataclass(frozen=True, slots=True)
class Received:
    """What one read of the server brought: rows, the team's settings (key: JSON text), the
    people whose personal fields go (global ids), and the snapshot it was read in."""

    rows: list[Incoming]
    pulled: str
    settings: dict[str, str] = field(default_factory=dict)
    cleared: list[str] = field(default_factory=list)
    whole: bool = False  # the server's whole view: a synced row it does not hold goes


@dataclass(frozen=True, slots=True)
class Applied:
    written: int
    deleted: int


def order() -> list[str]:
    """The synced tables, each after the tables it refers to."""
    return [t.name for t in SQLModel.metadata.sorted_tables if t.name in SYNCED]


def _typed(table: str, fields: dict[str, Any]) -> dict[str, Any]:
    """JSON values as the columns want them (dates and times from their ISO text)."""
    columns = SQLModel.metadata.tables[table].columns
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in columns:
            continue  # a field this version does not know: kept on the server, not here
        kind = columns[name].type
        if isinstance(value, str) and isinstance(kind, DateTime):
            value = datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(kind, Date):
            value = date.fromisoformat(value)
        out[name] = value
    return out


def _keys(conn: Connection, table: str) -> dict[str, int]:
    return {
        uid: rowid
        for rowid, uid in conn.execute(text(f"SELECT rowid, uid FROM {table} WHERE uid IS NOT NULL"))
    }


def apply_rows(engine: Engine, received: Received) -> Applied:
    """Write what was received and note how far the server was read, in one transaction."""
    by_kind: dict[str, list[Incoming]] = defaultdict(list)
    for row in received.rows:
        by_kind[row.kind].append(row)
    written = deleted = 0
    with writing(engine).begin() as conn:
        before = conn.execute(text("SELECT coalesce(max(seq), 0) FROM outbox")).scalar_one()
        if received.whole:
            deleted += _not_held(conn, received.rows)
        keys = {table: _keys(conn, table) for table in SYNCED}
        touched: set[int] = set()
        later: list[tuple[str, int, dict[str, str]]] = []  # references to rows not yet written
        for table in order():
            refs = refs_of(table)
            for row in by_kind.get(table, []):
                local = keys[table].get(row.uid)
                account = keys["account"].get(row.account_uid)
                if account is not None:
                    touched.add(account)
                if row.deleted:
                    if local is not None:
                        conn.execute(text(f"DELETE FROM {table} WHERE rowid = :r"), {"r": local})
                        deleted += 1
                    continue
                if table != "account" and account is None:
                    continue  # its account is not on this laptop (deleted here): nowhere to go
                values = _typed(table, row.fields)
                pending = {}
                for column, target in refs.items():
                    if values.get(column) is not None:
                        uid = str(values[column])
                        values[column] = keys[target].get(uid)
                        if values[column] is None:  # a row of this same batch, further on
                            pending[column] = uid
                if table == "account":
                    values["name_key"] = name_key(str(values.get("name", "")))
                if local is None:
                    local = _insert(conn, table, row.uid, values)
                    keys[table][row.uid] = local
                    if table == "account":
                        touched.add(local)
                elif values:
                    _update(conn, table, local, values)
                written += 1
                if pending:
                    later.append((table, local, pending))
        for table, local, pending in later:  # every row is written now: point at it
            targets = refs_of(table)
            _update(conn, table, local, {c: keys[targets[c]].get(uid) for c, uid in pending.items()})
        touched |= _clear_personal(conn, received.cleared)
        _follow_events(conn, touched)
        derived.refresh(conn, touched)
        _settings(conn, received.settings)
        conn.execute(text("DELETE FROM outbox WHERE seq > :s"), {"s": before})  # not local changes
        conn.execute(text("UPDATE team_link SET pulled = :p"), {"p": received.pulled})
    if deleted or received.cleared:  # an erasure leaves no copy in the WAL here either
        checkpoint(engine)
    return Applied(written, deleted)


def _not_held(conn: Connection, rows: list[Incoming]) -> int:
    """Remove every synced row the server's whole view does not hold, children first."""
    held = {(r.kind, r.uid) for r in rows if not r.deleted}
    gone = 0
    for table in reversed(order()):
        if table == "setting":
            continue
        local = conn.execute(text(f"SELECT rowid, uid FROM {table}")).all()
        doomed = [{"r": rowid} for rowid, uid in local if (table, uid) not in held]
        if doomed:
            conn.execute(text(f"DELETE FROM {table} WHERE rowid = :r"), doomed)
            gone += len(doomed)
    return gone


def _clear_personal(conn: Connection, people: list[str]) -> set[int]:
    """Empty the personal fields of these people (global ids); their accounts."""
    if not people:
        return set()
    emptied = ", ".join(f'"{f}" = NULL' for f in PERSONAL_FIELDS)
    accounts: set[int] = set()
    for uid in people:
        found = conn.execute(
            text(f"UPDATE person SET {emptied} WHERE uid = :u RETURNING account_id"), {"u": uid}
        ).first()
        if found is not None:
            accounts.add(int(found[0]))
    return accounts


def _settings(conn: Connection, settings: dict[str, str]) -> None:
    """The team's settings, as the server holds them, replace this laptop's."""
    for key, value in settings.items():
        conn.execute(
            text(
                "INSERT INTO setting (key, value) VALUES (:k, :v) ON CONFLICT (key) DO UPDATE SET value = :v"
            ),
            {"k": key, "v": value},
        )


def _update(conn: Connection, table: str, rowid: int, values: dict[str, Any]) -> None:
    sets = ", ".join(f'"{c}" = :{c}' for c in values)
    conn.execute(text(f"UPDATE {table} SET {sets} WHERE rowid = :rowid"), {**values, "rowid": rowid})


def _insert(conn: Connection, table: str, uid: str, values: dict[str, Any]) -> int:
    if table == "account":  # its stage and status follow its events (below); until then, new
        now = clock.now()
        values = {"stage": 1, "status": Status.ACTIVE.value, "updated_at": now, "stage_since": now, **values}
    columns = ["uid", *values]
    listed = ", ".join(f'"{c}"' for c in columns)
    params = ", ".join(f":{c}" for c in columns)
    result = conn.execute(text(f"INSERT INTO {table} ({listed}) VALUES ({params})"), {"uid": uid, **values})
    return int(result.lastrowid or 0)


def _follow_events(conn: Connection, accounts: set[int]) -> None:
    """Each account's stage, status and reason as its latest stage event left them."""
    for account in accounts:
        latest = conn.execute(
            text(
                "SELECT to_stage, to_status, reason, at FROM stage_event WHERE account_id = :a"
                " ORDER BY at DESC, id DESC LIMIT 1"
            ),
            {"a": account},
        ).first()
        if latest is None:
            continue
        stage, status, reason, at = latest
        conn.execute(
            text(
                "UPDATE account SET stage = :st, status = :su, status_reason = :r,"
                " stage_since = CASE WHEN stage = :st THEN stage_since ELSE :at END WHERE id = :a"
            ),
            {
                "st": stage,
                "su": status,
                "r": None if status == Status.ACTIVE else reason,
                "at": at,
                "a": account,
            },
        )


def restore_field(engine: Engine, kind: str, uid: str, field: str, value: Any) -> bool:
    """Write back a value the server kept as a conflict, as this laptop's own change (the
    outbox sends it at the next sync, with a new stamp). False when the row, or a row the value
    points at, is not on this laptop, or the field is not one of the row's."""
    if kind not in SYNCED:
        return False
    with writing(engine).begin() as conn:
        local = conn.execute(text(f"SELECT rowid FROM {kind} WHERE uid = :u"), {"u": uid}).scalar()
        values = _typed(kind, {field: value})
        if local is None or not values:
            return False
        target = refs_of(kind).get(field)
        if target is not None and value is not None:
            found = conn.execute(text(f"SELECT rowid FROM {target} WHERE uid = :u"), {"u": str(value)})
            values[field] = found.scalar()
            if values[field] is None:
                return False
        if kind == "account" and field == "name":
            values["name_key"] = name_key(str(value or ""))
        _update(conn, kind, local, values)
        derived.refresh(conn, {_account_of(conn, kind, local)})
    return True


def _account_of(conn: Connection, table: str, rowid: int) -> int:
    """The local account a row belongs to."""
    if table == "account":
        return rowid
    if "account_id" in SQLModel.metadata.tables[table].columns:
        found = conn.execute(text(f"SELECT account_id FROM {table} WHERE rowid = :r"), {"r": rowid})
        return int(found.scalar_one())
    via, parent = ACCOUNT_OF[table]
    found = conn.execute(
        text(f"SELECT p.account_id FROM {table} t JOIN {parent} p ON p.id = t.{via} WHERE t.rowid = :r"),
        {"r": rowid},
    )
    return int(found.scalar_one())
