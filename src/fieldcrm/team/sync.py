"""``sync``: send this laptop's changes, then receive what the server holds that this laptop has
not read yet. Sending is one transaction on the server (the outbox entries go only once the
server has them); receiving reads one consistent snapshot and writes it in one local transaction,
noting how far it read. Applying the same rows twice changes nothing, so a sync cut off anywhere is
simply run again.

Deletions are kept on the server for the team's longest time offline; each sync purges older
ones. A laptop whose last read is older than a purged deletion cannot tell what it missed: once
its changes are sent, it is told to download the pipeline again (``download``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from fieldcrm.domain.hlc import Clock, Stamp
from fieldcrm.store.upload import Link, link_of, sending, synced
from fieldcrm.team.admin import TeamError, check_versions
from fieldcrm.team.receive import receive, snapshot
from fieldcrm.team.send import outbox_ms, push, push_deletions, push_settings

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
    settings_kept: int = 0  # settings changed here that are not the team's (a manager's are)


def linked(engine: Engine) -> Link:
    link = link_of(engine)
    if link is None:
        raise TeamError("team.not_joined_error")
    return link


def _send(engine: Engine, conn: Conn, link: Link, clock: Clock, now: datetime) -> tuple[int, int, int, int]:
    """The outbox to the server, and the purge of old deletions: rows, deletions, conflicts,
    settings not taken."""
    with conn.transaction():
        check_versions(conn)
    with sending(engine, now) as pending, conn.transaction(), conn.cursor() as cur:
        rows = [(row, clock.tick(outbox_ms(at)).encode()) for row, at in pending.rows]
        conflicts = push(cur, rows, snapshot(link.pulled))
        left_out = push_deletions(cur, pending.deletions)
        taken = push_settings(cur, pending.settings, clock)
        cur.execute("SELECT fieldcrm.purge()")
    return len(pending.rows), len(pending.deletions) - left_out, conflicts, len(pending.settings) - taken


def _stale(conn: Conn, pulled: str | None) -> bool:
    """Whether a deletion this laptop may not have read has been purged."""
    seen = snapshot(pulled)
    if seen is None:
        return False
    with conn.transaction():
        found = conn.execute(
            "SELECT value::xid8 >= pg_snapshot_xmin(%s::pg_snapshot)"
            " FROM fieldcrm.meta WHERE key = 'purged_txid'",
            (seen,),
        ).fetchone()
    return bool(found and found[0])


def sync(engine: Engine, conn: Conn, now: datetime) -> Synced:
    """Send, then receive."""
    link = linked(engine)
    clock = Clock(link.node, Stamp.decode(link.clock) if link.clock else None)
    sent, deleted, conflicts, kept = _send(engine, conn, link, clock, now)
    if _stale(conn, link.pulled):
        synced(engine, now, clock.last.encode() if clock.last else (link.clock or ""))
        raise TeamError("team.download_again", exit_code=1, sent=sent)
    applied = receive(engine, conn, link.pulled, clock)
    synced(engine, now, clock.last.encode() if clock.last else (link.clock or ""))
    return Synced(sent, deleted, applied.written, applied.deleted, conflicts, kept)


def download(engine: Engine, conn: Conn, now: datetime) -> Synced:
    """Send this laptop's changes, then take the server's whole view of the pipeline: what the
    server no longer holds goes from here too."""
    link = linked(engine)
    clock = Clock(link.node, Stamp.decode(link.clock) if link.clock else None)
    sent, deleted, conflicts, kept = _send(engine, conn, link, clock, now)
    applied = receive(engine, conn, None, clock, whole=True)
    synced(engine, now, clock.last.encode() if clock.last else (link.clock or ""))
    return Synced(sent, deleted, applied.written, applied.deleted, conflicts, kept)
