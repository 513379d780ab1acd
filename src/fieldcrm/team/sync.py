"""``sync``: send this laptop's changes, then receive what the server holds that this laptop has
not read yet. Sending is one transaction on each side (the outbox entries go only once the server
has them); receiving reads one consistent snapshot and writes it in one local transaction, noting
how far it read. Applying the same rows twice changes nothing, so a sync cut off anywhere is
simply run again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from fieldcrm.domain.hlc import Clock, Stamp
from fieldcrm.store.apply import Incoming, apply_rows
from fieldcrm.store.upload import Link, Outgoing, link_of, sending, synced
from fieldcrm.team.admin import TeamError, check_versions

if TYPE_CHECKING:
    import psycopg

    Conn = psycopg.Connection[tuple[object, ...]]


@dataclass(frozen=True, slots=True)
class Synced:
    sent: int
    deleted: int
    received: int
    removed: int
    conflicts: int  # fields both sides changed: the later won, the other value is kept


def _ms(moment: datetime | str) -> int:
    when = moment if isinstance(moment, datetime) else datetime.fromisoformat(moment)
    return int(when.timestamp() * 1000)


BATCH = 5_000  # rows a push_batch call carries


def push(cur: psycopg.Cursor[tuple[object, ...]], rows: list[tuple[Outgoing, str]], seen: str | None) -> int:
    """Rows to the server, accounts first, each with its stamp on every field it carries; a
    few thousand a call, all in the caller's transaction. ``seen``: the snapshot this laptop
    last read the server in (None: nothing read yet). Returns the conflicts the server kept."""
    ordered = sorted(rows, key=lambda pair: pair[0].kind != "account")
    conflicts = 0
    for start in range(0, len(ordered), BATCH):
        batch = [
            {"k": r.kind, "id": r.uid, "a": r.account_uid, "f": r.fields, "s": dict.fromkeys(r.fields, stamp)}
            for r, stamp in ordered[start : start + BATCH]
        ]
        found = cur.execute("SELECT fieldcrm.push_batch(%s, %s)", (json.dumps(batch), seen)).fetchone()
        conflicts += int(found[0]) if found else 0  # type: ignore[call-overload]
    return conflicts


def linked(engine: Engine) -> Link:
    link = link_of(engine)
    if link is None:
        raise TeamError("team.not_joined_error")
    return link


def sync(engine: Engine, conn: Conn, now: datetime) -> Synced:
    """Send, then receive."""
    link = linked(engine)
    with conn.transaction():
        check_versions(conn)
    clock = Clock(link.node, Stamp.decode(link.clock) if link.clock else None)
    seen = snapshot(link.pulled)
    with sending(engine, now) as pending, conn.transaction(), conn.cursor() as cur:
        conflicts = push(cur, [(row, clock.tick(_ms(at)).encode()) for row, at in pending.rows], seen)
        for gone in pending.deletions:
            cur.execute("SELECT fieldcrm.push_delete(%s, %s)", (gone.kind, gone.uid))
    received, removed = receive(engine, conn, link.pulled, clock)
    synced(engine, now, clock.last.encode() if clock.last else (link.clock or ""))
    return Synced(len(pending.rows), len(pending.deletions), received, removed, conflicts)


def snapshot(pulled: str | None) -> str | None:
    """The server snapshot a laptop last read in, as PostgreSQL writes one (``xmin:xmax:xip``);
    a bare transaction id (as the first version kept) is the snapshot that saw all before it."""
    if pulled is None or ":" in pulled:
        return pulled
    return f"{pulled}:{pulled}:"


def receive(
    engine: Engine, conn: Conn, pulled: str | None, clock: Clock, skip: str | None = None
) -> tuple[int, int]:
    """Every row written on the server by a transaction this laptop may not have seen, applied
    here; ``pulled`` is where the last read stopped (None: everything); ``skip`` is a server
    transaction whose rows this laptop wrote itself (its first join's)."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        mark = conn.execute("SELECT pg_current_snapshot()::text").fetchone()
        before = snapshot(pulled) or "1:1:"
        # rows whose last write the snapshot of the last read did not see
        unseen = (
            " WHERE r.txid >= pg_snapshot_xmin(%s::pg_snapshot)"
            " AND NOT pg_visible_in_snapshot(r.txid, %s::pg_snapshot)"
        )
        whose = " AND r.txid <> %s::xid8" if skip else ""
        params = (before, before, skip) if skip else (before, before)
        accounts = conn.execute(
            "SELECT r.id::text, r.fields, r.stamps, r.deleted FROM fieldcrm.account r" + unseen + whose,
            params,
        ).fetchall()
        records = conn.execute(
            "SELECT kind, r.id::text, account_id::text, r.fields, r.stamps, r.deleted FROM fieldcrm.record r"
            + unseen
            + whose,
            params,
        ).fetchall()
    assert mark is not None
    rows = [Incoming("account", str(i), str(i), dict(f), bool(d)) for i, f, _, d in accounts]  # type: ignore[call-overload]
    rows += [Incoming(str(k), str(i), str(a), dict(f), bool(d)) for k, i, a, f, _, d in records]  # type: ignore[call-overload]
    newest = [Stamp.decode(s) for *_, stamps, _ in (*accounts, *records) for s in dict(stamps).values()]  # type: ignore[call-overload]
    if newest:
        clock.seen(max(newest), 0)
    applied = apply_rows(engine, rows, str(mark[0]))
    return applied.written, applied.deleted
