"""What a laptop sends when it first joins a team: every synced row with its global id, its
account's, and its synced fields, the local keys it refers to turned into global ids.

Rows get their global id (UUIDv7, domain.ids) here, on the laptop that made them, the first
time they leave it. The team's settings are not sent yet (they belong to no account).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlmodel import SQLModel

from fieldcrm.domain.ids import uuid7
from fieldcrm.store import outbox
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
NOT_SENT_YET = ("setting",)  # team-wide rows: they belong to no account


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One row as the server receives it."""

    kind: str
    uid: str
    account_uid: str
    fields: dict[str, Any]


def give_ids(conn: Connection, now_ms: int) -> int:
    """A global id for every synced row that has none; how many were given."""
    given = 0
    for table in SYNCED:
        rowids = [r[0] for r in conn.execute(text(f"SELECT rowid FROM {table} WHERE uid IS NULL"))]
        if rowids:
            conn.execute(
                text(f"UPDATE {table} SET uid = :u WHERE rowid = :r"),
                [{"u": str(uuid7(now_ms)), "r": r} for r in rowids],
            )
            given += len(rowids)
    return given


def _refs(table: str) -> dict[str, str]:
    """The columns of ``table`` that hold a local key, and the table it points into."""
    refs = {
        c.name: next(iter(c.foreign_keys)).column.table.name
        for c in SQLModel.metadata.tables[table].columns
        if c.foreign_keys
    }
    refs.update({column: target for (t, column), target in PLAIN_REFS.items() if t == table})
    return refs


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def outgoing(conn: Connection) -> Iterator[Outgoing]:
    """Every synced row (accounts first, then the tables that point at them), ready to send."""
    uids: dict[str, dict[int, str]] = {
        table: dict(conn.execute(text(f"SELECT rowid, uid FROM {table}")).all()) for table in SYNCED
    }
    parents = {parent for _, parent in ACCOUNT_OF.values()}
    account_of: dict[str, dict[int, int]] = {
        parent: dict(conn.execute(text(f"SELECT rowid, account_id FROM {parent}")).all())
        for parent in parents
    }
    for table in (t for t in SYNCED if t not in NOT_SENT_YET):
        columns = [c.name for c in SQLModel.metadata.tables[table].columns]
        fields = synced_fields(table, columns)
        refs = _refs(table)
        listed = ", ".join(f'"{f}"' for f in fields)
        for rowid, *values in conn.execute(text(f"SELECT rowid, {listed} FROM {table} ORDER BY rowid")):
            row = dict(zip(fields, values, strict=True))
            sent = {
                k: (uids[refs[k]].get(v) if k in refs and v is not None else _plain(v))
                for k, v in row.items()
            }
            uid = uids[table][rowid]
            if table == "account":
                account_uid = uid
            elif "account_id" in row:
                account_uid = uids["account"][row["account_id"]]
            else:
                via, parent = ACCOUNT_OF[table]
                account_uid = uids["account"][account_of[parent][row[via]]]
            yield Outgoing(table, uid, account_uid, sent)


class AlreadyJoined(ValueError):
    """This database has joined a team already."""


@contextmanager
def joining(engine: Engine, server: str, login: str, node: str, now: datetime) -> Iterator[list[Outgoing]]:
    """Link the database to a team and give its rows their global ids, yielding every row to
    send; it all commits when the body returns (after the server took the rows), or not at all."""
    with writing(engine).begin() as conn:
        if conn.execute(text("SELECT count(*) FROM team_link")).scalar_one():
            raise AlreadyJoined("team.already_joined")
        outbox.join(conn, server, login, node, now)
        give_ids(conn, int(now.timestamp() * 1000))
        yield list(outgoing(conn))
        conn.execute(text("DELETE FROM outbox"))  # what was just sent waits for nothing


@dataclass(frozen=True, slots=True)
class Link:
    """This database's team, as ``team status`` tells it."""

    server: str
    login: str
    last_sync: datetime | None
    waiting: int  # changes in the outbox


def link_of(engine: Engine) -> Link | None:
    with engine.connect() as conn:
        row = conn.execute(text("SELECT server, login, last_sync FROM team_link")).first()
        waiting = conn.execute(text("SELECT count(*) FROM outbox")).scalar_one()
    if row is None:
        return None
    last = row[2] if row[2] is None or isinstance(row[2], datetime) else datetime.fromisoformat(str(row[2]))
    return Link(str(row[0]), str(row[1]), last, int(waiting))


def joined_as(engine: Engine) -> str | None:
    """The member this database joined a team as, if it has."""
    with engine.connect() as conn:
        return conn.execute(text("SELECT login FROM team_link")).scalar()


def synced(engine: Engine, when: datetime, clock: str) -> None:
    """Note a sync that ended well: when, and the last stamp made or seen."""
    with writing(engine).begin() as conn:
        conn.execute(text("UPDATE team_link SET last_sync = :w, clock = :c"), {"w": when, "c": clock})
