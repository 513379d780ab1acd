"""Sending: rows, deletions and settings to the team's server, through its write functions, in
the caller's transaction on the server. Personal fields stay on the laptop when the team keeps
none (the server's trigger would drop them anyway: they are not even sent)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from contextlib import closing
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from fieldcrm.domain.hlc import Clock
from fieldcrm.domain.profile import PERSONAL_FIELDS
from fieldcrm.store.upload import Deletion, Outgoing, Setting
from fieldcrm.team.ahead import ahead

if TYPE_CHECKING:
    import psycopg

    Cursor = psycopg.Cursor[tuple[object, ...]]

BATCH = 5_000  # rows a push_batch call carries


def outbox_ms(at: str) -> int:
    """An outbox entry's moment (SQLite's clock: UTC, without a zone) in epoch milliseconds,
    never later than now: a change made while the laptop's clock was ahead, sent once it is set
    right, takes the moment it is sent."""
    return min(
        int(datetime.fromisoformat(at).replace(tzinfo=UTC).timestamp() * 1000), int(time.time() * 1000)
    )


def personal_on(cur: Cursor) -> bool:
    """Whether the team keeps decision makers' personal fields on its server."""
    found = cur.execute("SELECT fieldcrm.personal_fields_on()").fetchone()
    return bool(found and found[0])


def without_personal(row: Outgoing) -> Outgoing:
    if row.kind != "person":
        return row
    return Outgoing(
        row.kind, row.uid, row.account_uid, {k: v for k, v in row.fields.items() if k not in PERSONAL_FIELDS}
    )


def push(cur: Cursor, rows: Iterable[tuple[Outgoing, str]], seen: str | None) -> int:
    """Rows (each with the stamp of its fields) to the server, a few thousand a call, in the
    order given: accounts first, as store.upload yields them (read as they go, never all held
    at once). ``seen``: the snapshot this laptop last read the server in (None: nothing read
    yet). Returns the conflicts the server kept."""
    keep = personal_on(cur)
    conflicts = 0
    # the next batch is made while the server writes this one; closed (its thread stopped) before
    # an error here leaves, so that nothing reads the laptop's database while it rolls back
    with closing(ahead(_encoded(rows, keep))) as batches:
        for batch in batches:
            found = cur.execute(  # rows of accounts handed away meanwhile are kept as conflicts
                "SELECT fieldcrm.push_batch(fieldcrm.set_aside_handed(%s::jsonb), %s)", (batch, seen)
            ).fetchone()
            conflicts += int(found[0]) if found else 0  # type: ignore[call-overload]
    return conflicts


def _encoded(rows: Iterable[tuple[Outgoing, str]], keep: bool) -> Iterator[str]:
    """The rows as push_batch takes them: BATCH a time, as JSON text."""
    from orjson import dumps  # 3-5x the standard encoder: a first join sends a million rows

    for chunk in batched(rows, BATCH):
        batch = [
            {"k": row.kind, "id": row.uid, "a": row.account_uid, "t": stamp,
             "f": row.fields if keep else without_personal(row).fields}
            for row, stamp in chunk
        ]  # fmt: skip
        yield dumps(batch).decode()


def batched(rows: Iterable[tuple[Outgoing, str]], size: int) -> Iterator[list[tuple[Outgoing, str]]]:
    chunk: list[tuple[Outgoing, str]] = []
    for pair in rows:
        chunk.append(pair)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def push_deletions(cur: Cursor, deletions: list[Deletion]) -> int:
    """Each deletion; one on an account handed to another member meanwhile is not theirs to
    make any more, and is left out. Returns how many were left out."""
    import psycopg

    left_out = 0
    for gone in deletions:
        try:
            with cur.connection.transaction():  # a savepoint: a refusal undoes only this one
                cur.execute("SELECT fieldcrm.push_delete(%s, %s)", (gone.kind, gone.uid))
        except psycopg.errors.InsufficientPrivilege:
            left_out += 1
    return left_out


def push_settings(cur: Cursor, settings: list[Setting], clock: Clock) -> int:
    """Settings changed here: the team's when a manager changed them. How many the server took."""
    if not settings:
        return 0
    batch = []
    for s in settings:
        try:
            value = json.loads(s.value)
        except ValueError:
            continue  # a damaged value reads as the default here; it is not the team's to take
        batch.append({"key": s.key, "value": value, "stamp": clock.tick(outbox_ms(s.at)).encode()})
    found = cur.execute("SELECT fieldcrm.push_settings(%s)", (json.dumps(batch),)).fetchone()
    return int(found[0]) if found else 0  # type: ignore[call-overload]
