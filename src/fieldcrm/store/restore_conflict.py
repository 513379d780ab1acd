"""A value the team's server kept as a conflict, written back on this laptop as a change of its
own: the outbox sends it at the next sync, with a new stamp, so it stands again everywhere."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlmodel import SQLModel

from fieldcrm.domain.names import name_key
from fieldcrm.store import derived
from fieldcrm.store.apply_write import converters
from fieldcrm.store.engine import writing
from fieldcrm.store.sync_tables import SYNCED
from fieldcrm.store.upload import ACCOUNT_OF, refs_of


def restore_field(engine: Engine, kind: str, uid: str, field: str, value: Any) -> bool:
    """Write ``value`` into ``field`` of the row ``uid`` of table ``kind``. False when the row,
    or a row the value points at, is not on this laptop, or the field is not one of the row's."""
    if kind not in SYNCED:
        return False
    with writing(engine).begin() as conn:
        convert = converters(kind, conn.dialect.name)
        local = conn.execute(text(f"SELECT rowid FROM {kind} WHERE uid = :u"), {"u": uid}).scalar()
        if local is None or field not in convert:
            return False
        target = refs_of(kind).get(field)
        if target is not None and value is not None:
            found = conn.execute(text(f"SELECT rowid FROM {target} WHERE uid = :u"), {"u": str(value)})
            value = found.scalar()
            if value is None:
                return False
        values = {field: convert[field](value)}
        if kind == "account" and field == "name":
            values["name_key"] = name_key(str(value or ""))
        sets = ", ".join(f'"{c}" = ?' for c in values)
        conn.exec_driver_sql(f"UPDATE {kind} SET {sets} WHERE rowid = ?", (*values.values(), local))
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
