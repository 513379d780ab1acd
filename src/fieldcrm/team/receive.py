"""Receiving: what the server holds that this laptop has not read, in one consistent snapshot,
applied here in one local transaction (store.apply), noting the snapshot for the next read."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import closing, nullcontext
from itertools import chain
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Engine

from fieldcrm.domain.hlc import Clock, Stamp
from fieldcrm.store.apply import SUSPEND_ABOVE, Applied, Incoming, Received, apply_rows, order
from fieldcrm.store.upload import NOT_ROWS
from fieldcrm.team.ahead import ahead

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
_ACCOUNTS = (
    f"SELECT r.id::text, r.fields || jsonb_build_object('owner', r.owner), {_NEWEST}, r.deleted"
    " FROM fieldcrm.account r"
)
_RECORDS = (
    f"SELECT r.kind, r.id::text, r.account_id::text, r.fields, {_NEWEST}, r.deleted FROM fieldcrm.record r"
)
_CHUNK = 5_000  # rows fetched from the server at a time
# rows whose last write the snapshot of the last read did not see
_UNSEEN = (
    " WHERE r.txid >= pg_snapshot_xmin(%(before)s::pg_snapshot)"
    " AND NOT pg_visible_in_snapshot(r.txid, %(before)s::pg_snapshot)"
)


def _place(kinds: list[str], kind: str) -> int:
    """Where a table's rows go among ``kinds`` (parents first); a table this version does not
    know, last (it is not written here)."""
    return kinds.index(kind) if kind in kinds else len(kinds)


def _latest(rows: list[tuple[object, ...]]) -> list[str]:
    """The latest stamp among ``rows`` (each row's is its last but one column), if any."""
    stamps = [str(row[-2]) for row in rows if row[-2]]
    return [max(stamps)] if stamps else []  # stamps sort as their text does


def _by_table(
    chunks: Iterable[list[tuple[object, ...]]], newest: list[str]
) -> Iterator[tuple[str, list[Incoming]]]:
    """Records read in chunks, each table's rows together, as each table's rows; the latest
    stamp of each chunk noted in ``newest``."""
    kind, table = "", list[Incoming]()
    for chunk in chunks:
        newest.extend(_latest(chunk))
        for k, i, a, f, _, d in chunk:
            if k != kind:
                if table:
                    yield kind, table
                kind, table = str(k), []
            table.append(Incoming(kind, str(i), str(a), cast("dict[str, Any]", f), bool(d)))  # parsed: a dict
    if table:
        yield kind, table


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
    newest: list[str] = []  # the latest stamp of each part read
    with conn.transaction(), conn.cursor() as cur, conn.cursor(name="fieldcrm_receive") as records:
        for reader in (cur, records):
            set_json_loads(loads, reader)  # rows come as JSON: a faster parser than the standard one
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
        accounts = cur.execute(_ACCOUNTS + _UNSEEN + whose, params).fetchall()
        newest.extend(_latest(accounts))
        kinds = [t for t in order() if t != "account" and t not in NOT_ROWS]  # parents first
        records.execute(_RECORDS + _UNSEEN + whose, params)  # read on the server as it goes
        first = records.fetchmany(_CHUNK)
        more = len(first) == _CHUNK  # a big read: each table comes while the one before is written
        if more:
            records.close()
            chunks: Iterable[list[tuple[object, ...]]] = (
                cur.execute(
                    _RECORDS + _UNSEEN + whose + " AND r.kind = %(kind)s", {**params, "kind": kind}
                ).fetchall()
                for kind in kinds
            )
        else:
            chunks = [sorted(first, key=lambda row: _place(kinds, str(row[0])))]
        account_rows = [
            Incoming("account", str(i), str(i), cast("dict[str, Any]", f), bool(d)) for i, f, _, d in accounts
        ]
        tables = chain([("account", account_rows)], _by_table(chunks, newest))
        assert mark is not None
        login = str(mark[1])
        # each table is read while the one before it is written here (team.ahead); all of it is
        # read in this one snapshot, and an error reading (a server gone) undoes all it wrote
        with closing(ahead(tables)) if more else nullcontext(tables) as read:
            applied = apply_rows(
                engine,
                Received(
                    read,
                    more or len(accounts) + len(first) > SUSPEND_ABOVE,
                    str(mark[0]),
                    settings={str(k): json.dumps(v, ensure_ascii=False) for k, v in settings},
                    cleared=[str(person) for person, kept_by in wipes if login not in list(kept_by)],  # type: ignore[call-overload]
                    whole=whole,
                    members=[(str(m), str(r), None if lead is None else str(lead)) for m, r, lead in members],
                    handed=[str(account) for (account,) in handed],
                ),
            )
    if newest:
        clock.seen(Stamp.decode(max(newest)), 0)
    return applied
