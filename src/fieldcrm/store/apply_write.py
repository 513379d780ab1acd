"""Received rows written table by table, many at a time: each row found by its global id, new
ones inserted and known ones updated with one statement per set of columns (executemany), its
values converted as the ORM stores them, the global ids it refers to turned into local keys."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Date, DateTime, text
from sqlmodel import SQLModel

from fieldcrm import clock
from fieldcrm.domain.names import name_key
from fieldcrm.domain.stages import Status
from fieldcrm.store.sync_tables import SYNCED
from fieldcrm.store.upload import refs_of

Convert = Callable[[Any], Any]


@cache
def converters(table: str, dialect_name: str) -> dict[str, Convert]:
    """For each column of ``table``: JSON value -> what the ORM writes (dates and times from
    their ISO text, in SQLAlchemy's stored form)."""
    return {name: convert or _same for name, convert in _conversions(table, dialect_name).items()}


@cache
def _conversions(table: str, dialect_name: str) -> dict[str, Convert | None]:
    """Each column's conversion, None where the JSON value is stored as it is."""
    from sqlalchemy.dialects import sqlite

    dialect = sqlite.dialect()
    assert dialect.name == dialect_name
    out: dict[str, Convert | None] = {}
    for column in SQLModel.metadata.tables[table].columns:
        bind = column.type.bind_processor(dialect)
        parse: Convert | None = None
        if isinstance(column.type, DateTime):
            parse = datetime.fromisoformat
        elif isinstance(column.type, Date):
            parse = date.fromisoformat
        out[column.name] = None if parse is None and bind is None else _converter(parse, bind)
    return out


@cache
def _columns(table: str, dialect_name: str) -> dict[str, tuple[Convert | None, str | None]]:
    """Each column of ``table``: its conversion (None: none), and the table its local key points
    into (None: it holds no key)."""
    refs = refs_of(table)
    return {name: (convert, refs.get(name)) for name, convert in _conversions(table, dialect_name).items()}


def _same(value: Any) -> Any:
    return value


def _converter(parse: Convert | None, bind: Convert | None) -> Convert:
    def convert(value: Any) -> Any:
        if value is None:
            return None
        if parse is not None and isinstance(value, str):
            value = parse(value)
        return bind(value) if bind is not None else value

    return convert


class Keys(dict[str, int]):
    """Global id -> local key of one table's rows: read whole at once (``everything``, for many
    rows), or each when first asked (a few rows out of many); an id not there gives None."""

    def __init__(self, conn: Connection, table: str, everything: bool) -> None:
        super().__init__()
        self.conn, self.table, self.everything = conn, table, everything
        self.query = text(f"SELECT rowid FROM {table} WHERE uid = :u")
        self.read = False  # (everything) whether the table's ids are all here

    def reload(self) -> None:
        """Forget what was read: the table's ids are read again when next asked (many rows were
        written; most tables' ids are never asked for again)."""
        self.clear()
        self.read = False

    def __missing__(self, uid: str) -> int | None:
        if self.everything:
            if self.read:
                return None
            every = self.conn.execute(text(f"SELECT uid, rowid FROM {self.table} WHERE uid IS NOT NULL"))
            self.update(every.all())
            self.read = True
            return self.get(uid)
        found = self.conn.execute(self.query, {"u": uid}).scalar()
        if found is not None:
            self[uid] = int(found)
        return found


@dataclass
class Writer:
    """One transaction's received rows, written table by table (parents first)."""

    conn: Connection
    everything: bool  # read every table's keys at once (a big batch) or as asked
    keys: dict[str, Keys] = field(default_factory=dict)
    touched: set[int] = field(default_factory=set)  # accounts whose rows changed
    written: int = 0
    deleted: int = 0
    later: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)  # refs to rows further on

    def __post_init__(self) -> None:
        self.keys = {table: Keys(self.conn, table, self.everything) for table in SYNCED}

    def table(self, table: str, rows: list[Any]) -> None:
        """Write ``rows`` (store.apply.Incoming) of one table."""
        columns = _columns(table, self.conn.dialect.name)
        keys, accounts = self.keys[table], self.keys["account"]
        gone: list[tuple[int]] = []
        inserts: dict[tuple[str, ...], list[tuple[Any, ...]]] = defaultdict(list)
        updates: dict[tuple[str, ...], list[tuple[Any, ...]]] = defaultdict(list)
        now = None
        if table == "account":
            now = converters(table, self.conn.dialect.name)["updated_at"](clock.now())
        for row in rows:
            local = keys[row.uid]
            account = accounts[row.account_uid]
            if account is not None:
                self.touched.add(account)
            if row.deleted:
                if local is not None:
                    gone.append((local,))
                    keys.pop(row.uid, None)
                continue
            if table != "account" and account is None:
                continue  # its account is not on this laptop (deleted here): nowhere to go
            values: dict[str, Any] = {}
            pending: dict[str, str] = {}
            for name, value in row.fields.items():
                column = columns.get(name)
                if column is None:
                    continue  # a field this version does not know: kept on the server, not here
                convert, points_into = column
                if value is not None and points_into is not None:
                    target = self.keys[points_into][str(value)]
                    if target is None:  # a row of this same batch, further on
                        pending[name] = str(value)
                    value = target
                values[name] = value if value is None or convert is None else convert(value)
            if table == "account":
                values["name_key"] = name_key(str(row.fields.get("name") or ""))
            if local is None:
                if table == "account":  # its stage and status follow its events; until then, new
                    values = {
                        "stage": 1,
                        "status": Status.ACTIVE.value,
                        "updated_at": now,
                        "stage_since": now,
                        **values,
                    }
                inserts[("uid", *values)].append((row.uid, *values.values()))
            elif values:
                updates[tuple(values)].append((*values.values(), local))
            if pending:
                self.later.append((table, row.uid, pending))
            self.written += 1
        if gone:
            self.conn.exec_driver_sql(f"DELETE FROM {table} WHERE rowid = ?", gone)
            self.deleted += len(gone)
        for named, params in updates.items():
            sets = ", ".join(f'"{c}" = ?' for c in named)
            self.conn.exec_driver_sql(f"UPDATE {table} SET {sets} WHERE rowid = ?", params)
        for named, params in inserts.items():
            listed = ", ".join(f'"{c}"' for c in named)
            marks = ", ".join("?" for _ in named)
            self.conn.exec_driver_sql(f"INSERT INTO {table} ({listed}) VALUES ({marks})", params)
        if inserts:
            if self.everything:
                keys.reload()
            if table == "account":
                self.touched.update(self.keys["account"][p[0]] for params in inserts.values() for p in params)

    def finish(self) -> None:
        """Point the rows that referred to rows written after them."""
        for table, uid, pending in self.later:
            targets = refs_of(table)
            values = {c: self.keys[targets[c]][ref] for c, ref in pending.items()}
            sets = ", ".join(f'"{c}" = ?' for c in values)
            self.conn.exec_driver_sql(
                f"UPDATE {table} SET {sets} WHERE rowid = ?", (*values.values(), self.keys[table][uid])
            )
