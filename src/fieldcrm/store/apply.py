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

from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlmodel import SQLModel

from fieldcrm.domain.profile import PERSONAL_FIELDS
from fieldcrm.domain.stages import Status
from fieldcrm.store import (
    derived,
    models,  # noqa: F401  # registers every table on the metadata
    outbox,
)
from fieldcrm.store.apply_write import Writer
from fieldcrm.store.engine import bulk_cache, checkpoint, unindexed, writing
from fieldcrm.store.sync_tables import SYNCED
from fieldcrm.store.upload import NOT_ROWS


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
    people whose personal fields go (global ids), and the snapshot it was read in.

    The rows come a table at a time, parents first (``order()``), and may still be arriving
    while the tables before them are written; ``many``: more than SUSPEND_ABOVE of them (the
    outbox's triggers step aside and the page cache grows while they are written)."""

    tables: Iterable[tuple[str, list[Incoming]]]
    many: bool
    pulled: str
    settings: dict[str, str] = field(default_factory=dict)
    cleared: list[str] = field(default_factory=list)
    whole: bool = False  # the server's whole view: a synced row it does not hold goes
    members: list[tuple[str, str, str | None]] | None = None  # the team: login, role, lead
    handed: list[str] = field(default_factory=list)  # accounts handed away, no longer seen


@dataclass(frozen=True, slots=True)
class Applied:
    written: int
    deleted: int


SUSPEND_ABOVE = 2_000  # rows received: more, and the outbox triggers step aside meanwhile


def order() -> list[str]:
    """The synced tables, each after the tables it refers to."""
    return [t.name for t in SQLModel.metadata.sorted_tables if t.name in SYNCED]


def apply_rows(engine: Engine, received: Received) -> Applied:
    """Write what was received and note how far the server was read, in one transaction."""
    known = set(order())
    held: set[tuple[str, str]] = set()
    with writing(engine).begin() as conn:
        before = conn.execute(text("SELECT coalesce(max(seq), 0) FROM outbox")).scalar_one()
        many = received.many
        with outbox.suspended(conn) if many else nullcontext(), bulk_cache(conn) if many else nullcontext():
            removed = _handed_away(conn, received.handed)
            writer = Writer(conn, everything=many)
            tables = [t for t in order() if t not in NOT_ROWS]
            # into tables that hold nothing yet (a laptop downloading the team's pipeline), rows
            # go in faster without their indexes, made once they are all there; the accounts'
            # once their stages and derived columns are set too
            empty = many and not any(conn.execute(text(f"SELECT 1 FROM {t} LIMIT 1")).first() for t in tables)
            with unindexed(conn, ["account"] if empty else []):
                with unindexed(conn, [t for t in tables if t != "account"] if empty else []):
                    for table, rows in received.tables:
                        if table in known and rows:  # a table of a newer version stays on the server
                            writer.table(table, rows)
                            held.update((table, r.uid) for r in rows if not r.deleted)
                writer.finish()
                removed += _not_held(conn, held) if received.whole else 0
                touched = writer.touched | _clear_personal(conn, received.cleared)
                _follow_events(conn, None if empty else touched)  # None: every account
                derived.refresh(conn, None if empty else touched)
        _settings(conn, received.settings)
        if received.members is not None:
            _members(conn, received.members)
        conn.execute(text("DELETE FROM outbox WHERE seq > :s"), {"s": before})  # not local changes
        conn.execute(text("UPDATE team_link SET pulled = :p"), {"p": received.pulled})
    deleted = writer.deleted + removed
    if deleted or received.cleared:  # an erasure leaves no copy in the WAL here either
        checkpoint(engine)
    return Applied(writer.written, deleted)


def _not_held(conn: Connection, held: set[tuple[str, str]]) -> int:
    """Remove every synced row the server's whole view does not hold (``held``: table and
    global id), children first."""
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


def _handed_away(conn: Connection, accounts: list[str]) -> int:
    """Remove the accounts (global ids) handed to another member, with every row of them (they
    cascade): this laptop's member may no longer see them."""
    gone = 0
    for uid in accounts:
        gone += conn.execute(text("DELETE FROM account WHERE uid = :u"), {"u": uid}).rowcount
    return gone


def _members(conn: Connection, members: list[tuple[str, str, str | None]]) -> None:
    """The team's members as the server lists them replace the list kept here."""
    conn.execute(text("DELETE FROM team_member"))
    if members:
        conn.execute(
            text("INSERT INTO team_member (login, role, lead) VALUES (:l, :r, :d)"),
            [{"l": login, "r": role, "d": lead} for login, role, lead in members],
        )


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


def _follow_events(conn: Connection, accounts: set[int] | None) -> None:
    """Each account's stage, status and reason as its latest stage event left them (of every
    account when ``accounts`` is None)."""
    chunks: Iterable[list[int] | None] = [None] if accounts is None else derived.in_chunks(accounts)
    for chunk in chunks:
        which = "" if chunk is None else f" WHERE account_id IN ({', '.join(str(int(a)) for a in chunk)})"
        conn.execute(
            text(
                "UPDATE account SET stage = e.to_stage, status = e.to_status,"
                " status_reason = CASE WHEN e.to_status = :active THEN NULL ELSE e.reason END,"
                " stage_since = CASE WHEN account.stage = e.to_stage THEN account.stage_since ELSE e.at END"
                " FROM (SELECT account_id, to_stage, to_status, reason, at, row_number() OVER"
                "       (PARTITION BY account_id ORDER BY at DESC, id DESC) AS newest"
                f"      FROM stage_event{which}) e"
                " WHERE e.newest = 1 AND account.id = e.account_id"
            ),
            {"active": Status.ACTIVE.value},
        )
