"""``team join``: link this laptop's database to the team as the connected member, and send its
pipeline as theirs. One transaction on each side: the server takes every row or none, and the
laptop keeps the link and the rows' global ids only once the server has them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from fieldcrm.domain.hlc import Clock
from fieldcrm.domain.ids import uuid7
from fieldcrm.store.upload import (
    AlreadyJoined,
    Outgoing,
    all_settings,
    has_accounts,
    joining,
    link_of,
    synced,
)
from fieldcrm.team.admin import TeamError, check_versions
from fieldcrm.team.receive import receive
from fieldcrm.team.send import push, push_settings

if TYPE_CHECKING:
    import psycopg


@dataclass(frozen=True, slots=True)
class Joined:
    login: str
    role: str
    accounts: int  # sent
    records: int
    received: int  # rows received (a second laptop of the member)


def join_team(
    engine: Engine, conn: psycopg.Connection[tuple[object, ...]], server: str, now: datetime
) -> Joined:
    """Join as the connection's user; ``server`` is kept (without a password) for later syncs."""
    if link_of(engine) is not None:
        raise TeamError("team.already_joined")
    with conn.transaction():
        check_versions(conn)
        found = conn.execute("SELECT session_user, fieldcrm.my_role()").fetchone()
        mine = conn.execute("SELECT count(*) FROM fieldcrm.account WHERE owner = session_user").fetchone()
    assert found is not None and mine is not None
    login, role = str(found[0]), found[1]
    if role is None:
        raise TeamError("team.not_member", login=login)
    node = uuid7(int(now.timestamp() * 1000)).hex
    clock = Clock(node)
    ms = int(now.timestamp() * 1000)
    if mine[0]:  # another laptop of this member has sent its pipeline: this one receives it
        if has_accounts(engine):
            raise TeamError("team.second_laptop", login=login)
        with joining(engine, server, login, node, now):
            pass
        received = receive(engine, conn, None, clock).written
        synced(engine, now, clock.last.encode() if clock.last else "")
        return Joined(login, str(role), 0, 0, received)
    try:
        with joining(engine, server, login, node, now) as rows, conn.transaction(), conn.cursor() as cur:
            counts: Counter[str] = Counter()
            stamp = clock.tick(ms).encode()  # one moment for the whole pipeline: each row is new

            def stamped(rows: Iterable[Outgoing]) -> Iterator[tuple[Outgoing, str]]:
                for row in rows:
                    counts[row.kind] += 1
                    yield row, stamp

            push(cur, stamped(rows), None)
            push_settings(cur, all_settings(engine, now), clock)  # a manager's become the team's
            mine_now = cur.execute("SELECT pg_current_xact_id()::text").fetchone()
            accounts = counts["account"]
            records = counts.total() - accounts
    except AlreadyJoined as exc:
        raise TeamError("team.already_joined") from exc
    # what the member may see of others' (a lead's team, a manager's all) comes in at once
    sent = str(mine_now[0]) if mine_now else None
    received = receive(engine, conn, None, clock, skip=sent).written  # all but what it just sent
    synced(engine, now, clock.last.encode() if clock.last else "")
    return Joined(login, str(role), accounts, records, received)
