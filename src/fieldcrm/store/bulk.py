"""Bulk inserts: rows queued as dicts, written with one executemany per table.

The importer and the demo generator write tens of thousands of rows at a time; going through
the ORM, or SQLAlchemy's per-row parameter processing, would cost most of that time. Primary
keys are assigned up front, so children need no round-trips. Rows may also be numbered from 1,
away from the database (in other processes, a batch each), and written one batch after another
with :func:`write_in_turn`, which puts each batch's ids after those before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Connection, Date, DateTime, Dialect, Float, Table, func, select
from sqlalchemy.dialects.sqlite.base import SQLiteIdentifierPreparer
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlmodel import SQLModel

from fieldcrm.store import derived
from fieldcrm.store.models import (
    Account,
    Activity,
    Assessment,
    AssessmentFactor,
    ForcesReview,
    LadderEvent,
    Material,
    Milestone,
    Person,
    PersonChange,
    PlanTask,
    SimReason,
    StageEvent,
)
from fieldcrm.store.sqlite_file import sql_date, sql_datetime

# Parents before children, so foreign keys hold at every flush.
MODELS: tuple[type[SQLModel], ...] = (
    Account,
    Person,
    LadderEvent,
    Activity,
    Assessment,
    AssessmentFactor,
    PlanTask,
    SimReason,
    StageEvent,
    PersonChange,
    ForcesReview,
    Milestone,
    Material,
)
NAME = {m: str(m.__tablename__) for m in MODELS}  # each model's table
# Types whose SQLAlchemy bind processing only does what the driver does anyway (bool, float).
DRIVER_NATIVE = (Boolean, Float)
# A table, the columns its rows set, and each row's values in that order.
Statement = tuple[str, tuple[str, ...], list[tuple[Any, ...]]]
# Each table's columns that hold an id of these tables (its own key, then its foreign keys).
NUMBERED = {
    NAME[m]: {
        c.name: next(iter(c.foreign_keys)).column.table.name if c.foreign_keys else c.table.name
        for c in m.__table__.columns  # type: ignore[attr-defined]
        if c.foreign_keys or c.name == "id"
    }
    for m in MODELS
}


class _Writer:
    """How one table's rows become the values of an INSERT (:func:`insert_sql`).

    Rows go to the driver's executemany as tuples: SQLAlchemy's per-row parameter processing
    costs about a fifth of a 100,000-account run. Only the columns a row sets (and those with
    a default) are bound; the rest keep the table's own default. Dates and datetimes are
    stored in the text form SQLAlchemy's SQLite types use (a test pins that); other columns
    need no conversion, and a column of any other type is refused rather than written wrongly.
    """

    def __init__(self, model: type[SQLModel], dialect: Dialect) -> None:
        tbl: Table = model.__table__  # type: ignore[attr-defined]
        for c in tbl.columns:
            converted = isinstance(c.type, (Date, DateTime, *DRIVER_NATIVE))
            if not converted and c.type.dialect_impl(dialect).bind_processor(dialect) is not None:
                raise TypeError(f"bulk rows cannot store {tbl.name}.{c.name} ({c.type})")
        self._table = tbl
        self._datetimes = {c.name for c in tbl.columns if isinstance(c.type, DateTime)}
        self._dates = {c.name for c in tbl.columns if isinstance(c.type, Date)}
        defaults: dict[str, Any] = {
            c.name: getattr(c.default, "arg", None)
            for c in tbl.columns
            if c.default is not None and c.default.is_scalar
        }
        server = {c.name for c in tbl.columns if c.server_default is not None}
        self.blank = {k: v for k, v in defaults.items() if k not in server}  # what SQLite lacks
        self._fill = {c.name: defaults.get(c.name) for c in tbl.columns}  # for columns others set
        self._order = list(tbl.columns.keys())
        self.keyed = "id" in tbl.columns  # its primary key is assigned here
        # the column naming the account a row belongs to, whose derived columns it feeds
        self.owner = "id" if model is Account else "account_id" if "account_id" in tbl.columns else None
        self._compiled: dict[tuple[str, ...], tuple[Any, list[str], list[str]]] = {}

    def prepared(self, rows: list[dict[str, Any]]) -> Statement:
        """The columns any of the rows sets, with each row's values; a row that leaves one of
        them out gets the column's default."""
        given = set().union(*rows)
        keys = tuple(k for k in self._order if k in given)
        if len(given) != len(keys):
            raise KeyError(f"{self._table.name} has no column {sorted(given - set(keys))}")
        params, datetimes, dates = self._statement(keys)
        fill = self._fill
        last: Any = None  # rows often share a moment: convert it once
        text = ""
        for row in rows:
            if len(row) != len(keys):
                for key in keys:
                    if key not in row:
                        row[key] = fill[key]
            for key in datetimes:
                value = row[key]
                if value is not None:
                    if value is not last:
                        last, text = value, sql_datetime(value)
                    row[key] = text
            for key in dates:
                if row[key] is not None:
                    row[key] = sql_date(row[key])
        return self._table.name, keys, [params(row) for row in rows]

    def _statement(self, keys: tuple[str, ...]) -> tuple[Any, list[str], list[str]]:
        found = self._compiled.get(keys)
        if found is None:
            params = itemgetter(*keys) if len(keys) > 1 else lambda row: tuple(row[k] for k in keys)
            datetimes = [k for k in keys if k in self._datetimes]
            dates = [k for k in keys if k in self._dates]
            found = self._compiled[keys] = (params, datetimes, dates)
        return found


_QUOTE = SQLiteIdentifierPreparer(SQLiteDialect_pysqlite()).quote


@lru_cache(maxsize=512)
def insert_sql(table: str, keys: tuple[str, ...], shifts: tuple[int, ...]) -> str:
    """The INSERT of ``keys`` into ``table``, each value moved on by its shift (an id
    numbered from 1 placed after those before it; 0 for a value taken as it is)."""
    values = ", ".join(f"? + {int(by)}" if by else "?" for by in shifts)
    return f"INSERT INTO {_QUOTE(table)} ({', '.join(map(_QUOTE, keys))}) VALUES ({values})"


@dataclass(frozen=True, slots=True)
class Queued:
    """Rows queued by :class:`Rows`, by table, and the accounts they belong to."""

    rows: dict[str, list[dict[str, Any]]]
    accounts: frozenset[int]
    numbered: dict[str, int]  # how many ids of each table were given out for them


@dataclass(frozen=True, slots=True)
class Batch:
    """Queued rows made ready to write: each table's columns with its rows' values, parents
    first; the accounts that already existed whose derived columns the rows change; and how
    many ids of each table the rows were given."""

    statements: list[Statement]
    stale: frozenset[int]
    numbered: dict[str, int]

    def write(self, conn: Connection, after: Mapping[str, int] | None = None) -> None:
        """Insert the rows; ``after``: the rows were numbered from 1, and each table's ids
        go after that many (as :func:`write_in_turn` writes them)."""
        for name, keys, params in self.statements:
            refers = NUMBERED[name]
            shifts = tuple(after[refers[k]] if after and k in refers else 0 for k in keys)
            conn.exec_driver_sql(insert_sql(name, keys, shifts), params)
        by = after["account"] if after else 0
        derived.refresh(conn, [key + by for key in self.stale])


def write_in_turn(conn: Connection, batches: Iterable[Batch]) -> None:
    """Write batches each numbered from 1 (by :meth:`Rows.from_one`), in turn: each batch's
    ids follow those its tables already hold and those of the batches before it."""
    after = {name: first - 1 for name, first in first_ids(conn).items()}
    for batch in batches:
        batch.write(conn, after)
        for name, count in batch.numbered.items():
            after[name] += count


class Rows:
    """Rows waiting to be inserted, with primary keys assigned here (from ``first_ids``, by
    table: :meth:`on` reads them as max(id) + 1).

    :meth:`flush` inserts them and refreshes the derived columns of every account it wrote
    rows for (store.derived), so a bulk load keeps the same invariant as any other write.
    Rows may also be made ready away from the database (in another process: :meth:`batch`),
    numbered from 1 each batch (:meth:`from_one`), and written in turn where it is held
    (:func:`write_in_turn`).
    """

    def __init__(self, dialect: Dialect, first_ids: Mapping[str, int], *, restart: bool = False) -> None:
        self._writers = {m: _Writer(m, dialect) for m in MODELS}
        self._next = {m: first_ids[NAME[m]] for m in MODELS if self._writers[m].keyed}
        self._first = dict(self._next)  # the ids the rows queued now are numbered from
        self._restart = restart  # each batch is numbered from the same first ids
        self._pending: dict[type[SQLModel], list[dict[str, Any]]] = {m: [] for m in MODELS}
        self.accounts: set[int] = set()  # accounts whose rows wait to be flushed

    @classmethod
    def on(cls, conn: Connection) -> Rows:
        """Rows to be written on ``conn``, numbered after those its tables hold."""
        return cls(conn.dialect, first_ids(conn))

    @classmethod
    def from_one(cls) -> Rows:
        """Rows for SQLite numbered from 1 in every batch, for :func:`write_in_turn`."""
        return cls(SQLiteDialect_pysqlite(), dict.fromkeys(NAME.values(), 1), restart=True)

    def new_id(self, model: type[SQLModel]) -> int:
        key = self._next[model]
        self._next[model] = key + 1
        return key

    def add(self, model: type[SQLModel], **values: Any) -> int:
        """Queue a row; return its id (given, or the next free one)."""
        return self.add_row(model, values)

    def add_row(self, model: type[SQLModel], values: dict[str, Any]) -> int:
        """:meth:`add` for a row already in a dict (which the queue takes over)."""
        writer = self._writers[model]
        row = writer.blank | values if writer.blank else values
        if writer.keyed and "id" not in row:
            row["id"] = self.new_id(model)
        self._pending[model].append(row)
        if writer.owner is not None:
            self.accounts.add(row[writer.owner])
        return int(row.get("id") or 0)

    def add_rows(self, model: type[SQLModel], rows: list[dict[str, Any]]) -> range:
        """:meth:`add_row` for many new rows at once (dicts the queue takes over, none with
        an id yet); returns their ids, in order."""
        writer, blank = self._writers[model], self._writers[model].blank
        if blank:  # a row that sets every such column (a new account's, say) is kept as it is
            rows = [row if blank.keys() <= row.keys() else blank | row for row in rows]
        first = self._next[model]
        ids = range(first, first + len(rows))
        self._next[model] = ids.stop
        for row, key in zip(rows, ids, strict=True):
            row["id"] = key
        self._pending[model].extend(rows)
        if writer.owner is not None:
            self.accounts.update(map(itemgetter(writer.owner), rows))
        return ids

    def take(self) -> Queued:
        """Everything queued, as it is (the queue is emptied): what :meth:`batch` prepares."""
        numbered = {NAME[m]: key - self._first[m] for m, key in self._next.items()}
        queued = Queued(
            {NAME[m]: rows for m, rows in self._pending.items() if rows},
            frozenset(self.accounts),
            numbered,
        )
        self._pending = {m: [] for m in MODELS}
        self.accounts = set()
        if self._restart:
            self._next = dict(self._first)
        else:
            self._first = dict(self._next)
        return queued

    def batch(self, queued: Queued | None = None) -> Batch:
        """Rows made ready to write: ``queued`` (from :meth:`take` here or elsewhere), by
        default everything queued here. The derived columns of new accounts are computed from
        the rows inserted with them; those of accounts that already existed are refreshed
        from the tables when the batch is written."""
        tables = self.take() if queued is None else queued
        pending = {m: tables.rows.get(NAME[m], []) for m in MODELS}
        new = {row["id"]: row for row in pending[Account]}
        if new:
            derived.fill_new(new, pending[Person], pending[Activity], pending[Assessment])
        statements = [self._writers[m].prepared(rows) for m, rows in pending.items() if rows]
        return Batch(statements, tables.accounts - new.keys(), tables.numbered)

    def flush(self, conn: Connection) -> None:
        """Insert everything queued, parents first, one executemany per table."""
        self.batch().write(conn)


def first_ids(conn: Connection) -> dict[str, int]:
    """The next free id of each table with a key of its own."""
    return {
        NAME[m]: (conn.execute(select(func.max(m.id))).scalar() or 0) + 1  # type: ignore[attr-defined]
        for m in MODELS
        if "id" in m.__table__.columns  # type: ignore[attr-defined]
    }
