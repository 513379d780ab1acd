"""Receiving: what the server holds that this laptop has not read, in one consistent snapshot,
applied here in one local transaction (store.apply), noting the snapshot for the next read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import closing
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from fieldcrm.domain.hlc import Clock, Stamp
from fieldcrm.store.apply import Applied, Incoming, Received, apply_rows, order
from fieldcrm.store.upload import NOT_ROWS
from fieldcrm.team.ahead import ahead

if TYPE_CHECKING:
    import psycopg

    Conn = psycopg.Connection[tuple[object, ...]]
    Cursor = psycopg.Cursor[tuple[object, ...]]

EVERYTHING = "1:1:"  # the snapshot that saw nothing


def snapshot(pulled: str | None) -> str | None:
    """The server snapshot a laptop last read in, as PostgreSQL writes one (``xmin:xmax:xip``);
    a bare transaction id (as the first version kept) is the snapshot that saw all before it."""
    if pulled is None or ":" in pulled:
        return pulled
    return f"{pulled}:{pulled}:"


_NEWEST = "(SELECT max(v) FROM jsonb_each_text(r.stamps) s(k, v))"  # a row's latest stamp
_ROWS = {  # one table's rows, by whether it is the account table
    True: f"SELECT r.id::text, r.fields || jsonb_build_object('owner', r.owner), {_NEWEST}, r.deleted"
    " FROM fieldcrm.account r",
    False: f"SELECT r.id::text, account_id::text, r.fields, {_NEWEST}, r.deleted FROM fieldcrm.record r",
}
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
    newest: list[str] = []  # the latest stamp of each table read

    def tables(cur: Cursor) -> Iterator[tuple[str, list[Incoming]]]:
        for table in (t for t in order() if t not in NOT_ROWS):
            kind = "" if table == "account" else " AND r.kind = %(kind)s"
            rows = cur.execute(_ROWS[not kind] + _UNSEEN + whose + kind, {**params, "kind": table}).fetchall()
            newest.extend(str(stamp) for *_, stamp, _ in rows if stamp)
            if table == "account":
                yield table, [Incoming(table, str(i), str(i), dict(f), bool(d)) for i, f, _, d in rows]  # type: ignore[call-overload]
            else:
                yield table, [Incoming(table, str(i), str(a), dict(f), bool(d)) for i, a, f, _, d in rows]  # type: ignore[call-overload]

    with conn.transaction(), conn.cursor() as cur:
        set_json_loads(loads, cur)  # rows come as JSON: a faster parser than the standard one
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        if before != EVERYTHING:  # a few rows by their transaction, even while the planner's
            cur.execute("SET LOCAL enable_seqscan = off")  # figures predate a big join
        mark = cur.execute("SELECT pg_current_snapshot()::text, session_user").fetchone()
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
        total = cur.execute(
            f"SELECT (SELECT count(*) FROM fieldcrm.account r{_UNSEEN}{whose})"
            f" + (SELECT count(*) FROM fieldcrm.record r{_UNSEEN}{whose})",
            params,
        ).fetchone()
        assert mark is not None and total is not None
        login = str(mark[1])
        # each table is read while the one before it is written here (team.ahead); all of it is
        # read in this one snapshot, and an error reading (a server gone) undoes all it wrote
        with closing(ahead(tables(cur))) as read:
            applied = apply_rows(
                engine,
                Received(
                    read,
                    int(total[0]),  # type: ignore[call-overload]
                    str(mark[0]),
                    settings={str(k): json.dumps(v, ensure_ascii=False) for k, v in settings},
                    cleared=[str(person) for person, kept_by in wipes if login not in list(kept_by)],  # type: ignore[call-overload]
                    whole=whole,
                    members=[(str(m), str(r), None if lead is None else str(lead)) for m, r, lead in members],
                    handed=[str(account) for (account,) in handed],
                ),
            )
    if newest:  # stamps sort as their text does
        clock.seen(Stamp.decode(max(newest)), 0)
    return applied
