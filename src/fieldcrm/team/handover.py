"""Handing an account to another member (a lead within their team, a manager to anyone): the
server moves it and every row of it (``fieldcrm.reassign``); this laptop then syncs, so it
shows the new owner at once. The new owner's laptop receives the account at its next sync; the
old owner's removes it there unless they may still see it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from fieldcrm.store.team_view import global_id_of
from fieldcrm.team.admin import TeamError
from fieldcrm.team.sync import Synced, sync

if TYPE_CHECKING:
    import psycopg

    Conn = psycopg.Connection[tuple[object, ...]]


def hand_over(engine: Engine, conn: Conn, account_id: int, to: str, now: datetime) -> Synced:
    """Give the account (this database's key) to the member ``to``, then sync. An account not
    sent yet is sent first (a sync), since the server must hold it to move it."""
    import psycopg

    uid = global_id_of(engine, account_id)
    if uid is None:
        sync(engine, conn, now)
        uid = global_id_of(engine, account_id)
        if uid is None:
            raise TeamError("team.handover_gone", exit_code=1)
    try:
        with conn.transaction():
            conn.execute("SELECT fieldcrm.reassign(%s, %s)", (uid, to))
    except psycopg.errors.InsufficientPrivilege as exc:
        raise TeamError("team.handover_refused", exit_code=1, login=to) from exc
    except psycopg.errors.InvalidParameterValue as exc:
        raise TeamError("team.handover_gone", exit_code=1) from exc
    return sync(engine, conn, now)
