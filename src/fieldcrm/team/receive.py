"""Receiving: what the server holds that this laptop has not read, in one consistent snapshot,
applied here in one local transaction (store.apply), noting the snapshot for the next read."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from fieldcrm.domain.hlc import Clock, Stamp
from fieldcrm.store.apply import Applied, Incoming, Received, apply_rows

if TYPE_CHECKING:
    import psycopg

    Conn = psycopg.Connection[tuple[object, ...]]

EVERYTHING = "1:1:"  # the snapshot that saw nothing


def snapshot(pulled: str | None) -> str | None:
    """The server snapshot a laptop last read in, as PostgreSQL writes one (``xmin:xmax:xip``);
    a bare transaction id (as the first version kept) is the snapshot that saw all before it."""
    if pulled is None or ":" in pulled:
        return pulled
    return f"{pulled}:{pulled}:"


_NEWEST = "(SELECT max(v) FROM jsonb_each_text(r.stamps) s(k, v))"  # a row's latest stamp
# rows whose last write the snapshot of the last read did not see
_UNSEEN = (
    " WHERE r.txid >= pg_snapshot_xmin(%(before)s::pg_snapshot)"
    " AND NOT pg_visible_in_snapshot(r.txid, %(before)s::pg_snapshot)"
)


def receive(
    engine: Engine,
    conn: Conn,
    pulled: str | None,
    clock: Clock,
    skip: str | None = None,
    whole: bool = False,
) -> Applied:
    """Every row written on the server by a transaction this laptop may not have seen, applied
    here; ``pulled`` is where the last read stopped (None: everything); ``skip`` is a server
    transaction whose rows this laptop wrote itself (its first join's); ``whole``: read
    everything, and drop here what the server no longer holds (a download again)."""
    from orjson import loads
    from psycopg.types.json import set_json_loads

    before = EVERYTHING if whole else snapshot(pulled) or EVERYTHING
    params = {"before": before, "skip": skip}
    whose = " AND r.txid <> %(skip)s::xid8" if skip else ""
    with conn.transaction(), conn.cursor() as cur:
        set_json_loads(loads, cur)  # rows come as JSON: a faster parser than the standard one
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        if before != EVERYTHING:  # a few rows by their transaction, even while the planner's
            cur.execute("SET LOCAL enable_seqscan = off")  # figures predate a big join
        mark = cur.execute("SELECT pg_current_snapshot()::text, session_user").fetchone()
        accounts = cur.execute(
            "SELECT r.id::text, r.fields || jsonb_build_object('owner', r.owner), "
            + _NEWEST
            + ", r.deleted FROM fieldcrm.account r"
            + _UNSEEN
            + whose,
            params,
        ).fetchall()
        records = cur.execute(
            "SELECT kind, r.id::text, account_id::text, r.fields, "
            + _NEWEST
            + ", r.deleted FROM fieldcrm.record r"
            + _UNSEEN
            + whose,
            params,
        ).fetchall()
        settings = cur.execute("SELECT key, value FROM fieldcrm.setting").fetchall()
        wipes = cur.execute(
            "SELECT r.person::text, r.kept_by FROM fieldcrm.wipe r" + _UNSEEN, params
        ).fetchall()
        members = cur.execute(
            "SELECT login::text, role, lead::text FROM fieldcrm.member WHERE removed_at IS NULL"
        ).fetchall()
        handed = cur.execute(  # accounts taken from this member that they may no longer see
            "SELECT DISTINCT r.account::text FROM fieldcrm.handover r"
            + _UNSEEN
            + " AND r.from_owner = session_user"
            " AND NOT EXISTS (SELECT 1 FROM fieldcrm.account a WHERE a.id = r.account)",
            params,
        ).fetchall()
    assert mark is not None
    login = str(mark[1])
    rows = [Incoming("account", str(i), str(i), dict(f), bool(d)) for i, f, _, d in accounts]  # type: ignore[call-overload]
    rows += [Incoming(str(k), str(i), str(a), dict(f), bool(d)) for k, i, a, f, _, d in records]  # type: ignore[call-overload]
    newest = max((str(stamp) for *_, stamp, _ in (*accounts, *records) if stamp), default=None)
    if newest:  # stamps sort as their text does
        clock.seen(Stamp.decode(newest), 0)
    return apply_rows(
        engine,
        Received(
            rows,
            str(mark[0]),
            settings={str(k): json.dumps(v, ensure_ascii=False) for k, v in settings},
            cleared=[str(person) for person, kept_by in wipes if login not in list(kept_by)],  # type: ignore[call-overload]
            whole=whole,
            members=[(str(m), str(r), None if lead is None else str(lead)) for m, r, lead in members],
            handed=[str(account) for (account,) in handed],
        ),
    )
