"""What a laptop sends to the team's server, and its link to it: at the first join every synced
row, at each sync the outbox's changes; each row with its global id, its account's, and its
synced fields, the local keys it refers to turned into global ids.

Rows get their global id (UUIDv7, domain.ids) here, on the laptop that made them, the first
time they leave it. The team's settings belong to no account: they are sent by key, apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlmodel import SQLModel

from fieldcrm.store import (
    models,  # noqa: F401  # registers every table on the metadata
    outbox,
)
from fieldcrm.store.engine import writing
from fieldcrm.store.sync_tables import SYNCED, synced_fields

# a synced table's way to its account: a column of its own, or its parent's
ACCOUNT_OF: dict[str, tuple[str, str]] = {
    "ladder_event": ("person_id", "person"),
    "next_step_change": ("activity_id", "activity"),
    "assessment_factor": ("assessment_id", "assessment"),
}
# references that are local keys without a foreign key constraint
PLAIN_REFS: dict[tuple[str, str], str] = {("activity", "followed_by"): "activity"}
NOT_ROWS = ("setting",)  # team-wide: they belong to no account, and are sent by key


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One row as the server receives it."""

    kind: str
    uid: str
    account_uid: str
    fields: dict[str, Any]


# a version-7 UUID (domain.ids) made by SQLite for each row: the time in milliseconds, then
# random bits (the version nibble 7, the variant bits 10); one statement a table, no row by row
_UUID7 = (
    "substr(printf('%012x', :ms), 1, 8) || '-' || substr(printf('%012x', :ms), 9, 4)"
    " || '-7' || substr(lower(hex(randomblob(2))), 1, 3)"
    " || '-' || substr('89ab', abs(random() % 4) + 1, 1) || substr(lower(hex(randomblob(2))), 1, 3)"
    " || '-' || lower(hex(randomblob(6)))"
)


def give_ids(conn: Connection, now_ms: int) -> int:
    """A global id for every synced row that has none; how many were given."""
    given = 0
    for table in SYNCED:
        given += conn.execute(
            text(f"UPDATE {table} SET uid = {_UUID7} WHERE uid IS NULL"), {"ms": now_ms}
        ).rowcount
    return given


def refs_of(table: str) -> dict[str, str]:
    """The columns of ``table`` that hold a local key, and the table it points into."""
    refs = {
        c.name: next(iter(c.foreign_keys)).column.table.name
        for c in SQLModel.metadata.tables[table].columns
        if c.foreign_keys
    }
    refs.update({column: target for (t, column), target in PLAIN_REFS.items() if t == table})
    return refs


class _Column(dict[int, Any]):
    """rowid -> one column of one table: read whole at once (``everything``), or row by row as
    asked; a row not there gives None."""

    def __init__(self, conn: Connection, table: str, column: str, everything: bool) -> None:
        super().__init__()
        self.conn, self.everything = conn, everything
        self.query = text(f"SELECT {column} FROM {table} WHERE rowid = :r")
        if everything:
            self.update(dict(conn.execute(text(f"SELECT rowid, {column} FROM {table}")).all()))

    def __missing__(self, rowid: int) -> Any:
        if self.everything:
            return None
        value = self[rowid] = self.conn.execute(self.query, {"r": rowid}).scalar()
        return value


class _Keys:
    """Global ids of synced rows, and each parent's account: every one read at once (to send
    everything), or each when first needed (to send a few changes out of many rows)."""

    def __init__(self, conn: Connection, everything: bool) -> None:
        self.uids = {table: _Column(conn, table, "uid", everything) for table in SYNCED}
        parents = {parent for _, parent in ACCOUNT_OF.values()}
        self.account_of = {parent: _Column(conn, parent, "account_id", everything) for parent in parents}

    def account_uid(self, table: str, rowid: int, row: dict[str, Any]) -> str:
        accounts = self.uids["account"]
        if table == "account":
            return str(accounts[rowid])
        if "account_id" in row:
            return str(accounts[row["account_id"]])
        via, parent = ACCOUNT_OF[table]
        return str(accounts[self.account_of[parent][row[via]]])


def _rows(
    conn: Connection, table: str, keys: _Keys, rowids: list[int] | None = None
) -> Iterator[tuple[int, Outgoing]]:
    """``table``'s rows (all, or those of ``rowids``) as the server receives them, by rowid."""
    fields = synced_fields(table, [c.name for c in SQLModel.metadata.tables[table].columns])
    refs = refs_of(table)
    listed = ", ".join(f'"{f}"' for f in fields)
    query = f"SELECT rowid, {listed} FROM {table}"
    if rowids is not None:
        query += f" WHERE rowid IN ({', '.join(str(int(r)) for r in rowids)})"
    pointers = [(name, keys.uids[refs[name]]) for name in fields if name in refs]
    uids = keys.uids[table]
    for rowid, *values in conn.execute(text(query + " ORDER BY rowid")):  # dates come as their text
        row = dict(zip(fields, values, strict=True))
        account_uid = keys.account_uid(table, rowid, row)
        for name, uid_of in pointers:  # local keys become the global ids of the rows they point at
            if row[name] is not None:
                row[name] = uid_of[row[name]]
        yield rowid, Outgoing(table, uids[rowid], account_uid, row)


def outgoing(conn: Connection) -> Iterator[Outgoing]:
    """Every synced row (accounts first, then the tables that point at them), ready to send."""
    keys = _Keys(conn, everything=True)
    for table in (t for t in SYNCED if t not in NOT_ROWS):
        for _, row in _rows(conn, table, keys):
            yield row


@dataclass(frozen=True, slots=True)
class Deletion:
    kind: str
    uid: str


@dataclass(frozen=True, slots=True)
class Setting:
    """A team setting as it is sent: its key, its value (JSON text) and when it changed."""

    key: str
    value: str
    at: str


@dataclass(frozen=True, slots=True)
class Pending:
    """The changes waiting in the outbox, as rows to send (with the moment each was made),
    deletions and settings; ``last`` is the outbox entry they go up to."""

    rows: list[tuple[Outgoing, str]]
    deletions: list[Deletion]
    settings: list[Setting]
    last: int


@contextmanager
def sending(engine: Engine, now: datetime) -> Iterator[Pending]:
    """The outbox's changes, each row once with the fields its updates changed (all of them
    for a new row); the entries sent are removed when the body returns, or kept if it fails.
    The outbox is read in one short local transaction and the entries removed in another, so
    the laptop's other writes go on while the body talks to the server; what changes meanwhile
    waits for the next sync."""
    with writing(engine).begin() as conn:
        give_ids(conn, int(now.timestamp() * 1000))
        pending = _pending(conn)
    yield pending
    with writing(engine).begin() as conn:
        conn.execute(text("DELETE FROM outbox WHERE seq <= :s"), {"s": pending.last})


def _pending(conn: Connection) -> Pending:
    entries = conn.execute(
        text("SELECT seq, tbl, row_id, uid, op, fields, at FROM outbox ORDER BY seq")
    ).all()
    last = max((e[0] for e in entries), default=0)
    changed: dict[tuple[str, int], tuple[set[str] | None, str]] = {}
    deletions: dict[tuple[str, str], Deletion] = {}
    for _, table, rowid, uid, op, fields, at in entries:
        if op == "delete":
            changed.pop((table, rowid), None)
            if uid:  # a row never sent needs no tombstone
                deletions[(table, uid)] = Deletion(table, uid)
            continue
        before = changed.get((table, rowid), (set(), at))[0]
        names = None if op == "insert" or before is None else before | set((fields or "").split(","))
        changed[(table, rowid)] = (names, at)
    keys = _Keys(conn, everything=False)
    rows: list[tuple[Outgoing, str]] = []
    for table in (t for t in SYNCED if t not in NOT_ROWS):
        wanted = {rowid: value for (t, rowid), value in changed.items() if t == table}
        listed = list(wanted)
        for start in range(0, len(listed), 500):
            for rowid, row in _rows(conn, table, keys, listed[start : start + 500]):
                names, at = wanted[rowid]
                fields = row.fields if names is None else {k: v for k, v in row.fields.items() if k in names}
                rows.append((Outgoing(row.kind, row.uid, row.account_uid, fields), at))
    return Pending(rows, list(deletions.values()), _settings(conn, changed), last)


def _settings(conn: Connection, changed: dict[tuple[str, int], tuple[set[str] | None, str]]) -> list[Setting]:
    """The settings among the changes, with their values as they stand."""
    wanted = {rowid: at for (table, rowid), (_, at) in changed.items() if table == "setting"}
    if not wanted:
        return []
    found = conn.execute(
        text(
            f"SELECT rowid, key, value FROM setting WHERE rowid IN ({', '.join(str(int(r)) for r in wanted)})"
        )
    )
    return [Setting(str(key), str(value), wanted[rowid]) for rowid, key, value in found]


def all_settings(engine: Engine, now: datetime) -> list[Setting]:
    """Every setting of this laptop, as changed now (a manager's first join sends them)."""
    with engine.connect() as conn:
        found = conn.execute(text("SELECT key, value FROM setting")).all()
    at = now.astimezone(UTC).replace(tzinfo=None).isoformat()  # as the outbox keeps moments
    return [Setting(str(key), str(value), at) for key, value in found]


class AlreadyJoined(ValueError):
    """This database has joined a team already."""


@contextmanager
def joining(
    engine: Engine, server: str, login: str, node: str, now: datetime
) -> Iterator[Iterator[Outgoing]]:
    """Link the database to a team and give its rows their global ids, yielding every row to
    send (read as they are taken); it all commits when the body returns (after the server took
    the rows), or not at all."""
    with writing(engine).begin() as conn:
        if conn.execute(text("SELECT count(*) FROM team_link")).scalar_one():
            raise AlreadyJoined("team.already_joined")
        give_ids(conn, int(now.timestamp() * 1000))  # before the ids are indexed: 2.5x faster
        outbox.join(conn, server, login, node, now)
        yield outgoing(conn)
        conn.execute(text("DELETE FROM outbox"))  # what was just sent waits for nothing


@dataclass(frozen=True, slots=True)
class Link:
    """This database's team: where, as whom, its clock, how far it has read the server."""

    server: str
    login: str
    node: str
    last_sync: datetime | None
    clock: str | None
    pulled: str | None
    waiting: int  # changes in the outbox


def link_of(engine: Engine) -> Link | None:
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT server, login, node, last_sync, clock, pulled FROM team_link")
        ).first()
        waiting = conn.execute(text("SELECT count(*) FROM outbox")).scalar_one()
    if row is None:
        return None
    server, login, node, last, clock, pulled = row
    last = last if last is None or isinstance(last, datetime) else datetime.fromisoformat(str(last))
    return Link(str(server), str(login), str(node), last, clock, pulled, int(waiting))


def synced(engine: Engine, when: datetime, clock: str) -> None:
    """Note a sync that ended well: when, and the last stamp made or seen (how far the server
    was read is noted by store.apply, with what it received)."""
    with writing(engine).begin() as conn:
        conn.execute(text("UPDATE team_link SET last_sync = :w, clock = :c"), {"w": when, "c": clock})


def has_accounts(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(text("SELECT 1 FROM account LIMIT 1")).first() is not None
