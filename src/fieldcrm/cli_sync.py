"""``fieldcrm team`` commands on a database that has joined a team: ``join`` itself, ``sync``,
``team download``, ``status``, ``conflicts``, ``restore``, ``dismiss`` and ``hand-over``. Each
holds the writer lock while it writes, as the app and the other writing commands do; an
unreachable server changes nothing."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldcrm.cli_connect import UNREACHABLE, connect, first_line
from fieldcrm.i18n import t

if TYPE_CHECKING:
    import psycopg
    from sqlalchemy import Engine


def join(path: Path, conn: psycopg.Connection[tuple[object, ...]], url: str) -> int:
    """Join under the writer lock, the way the app and the other writing commands hold it."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from fieldcrm import clock
    from fieldcrm.runtime.startup import writing
    from fieldcrm.store.db import open_db
    from fieldcrm.team.join import join_team

    kept = {k: v for k, v in conninfo_to_dict(url).items() if k != "password"}  # never stored
    with writing(path):
        engine = open_db(path)
        try:
            joined = join_team(engine, conn, make_conninfo(**kept), clock.now())  # type: ignore[arg-type]
        finally:
            engine.dispose()
    print(t("team.joined", login=joined.login, role=t(f"team.role.{joined.role}"), accounts=joined.accounts))
    return 0


def on_link(path: Path, psycopg: Any, action: Callable[[Engine, Any], int]) -> int:
    """Run ``action`` on this database and a connection to its team's server, holding the
    writer lock; an unreachable server changes nothing."""
    from fieldcrm.runtime.startup import writing
    from fieldcrm.store.db import open_db
    from fieldcrm.store.upload import link_of

    with writing(path):
        engine = open_db(path)
        try:
            link = link_of(engine)
            if link is None:
                print(t("cli.error", message=t("team.not_joined_error")), file=sys.stderr)
                return 2
            with connect(psycopg, link.server) as conn:
                return action(engine, conn)
        finally:
            engine.dispose()


def sync_now(engine: Engine, conn: Any) -> int:
    """Send, then receive."""
    from fieldcrm import clock
    from fieldcrm.team.sync import sync

    _print_synced(sync(engine, conn, clock.now()))
    return 0


def _print_synced(done: Any) -> None:
    print(
        t("team.synced", sent=done.sent, deleted=done.deleted, received=done.received, removed=done.removed)
    )
    if done.conflicts:
        print(t("team.synced_conflicts", count=done.conflicts))
    if done.settings_kept:
        print(t("team.settings_kept", count=done.settings_kept))


def download_now(engine: Engine, conn: Any) -> int:
    """Send, then take the server's whole view."""
    from fieldcrm import clock
    from fieldcrm.team.sync import download

    _print_synced(download(engine, conn, clock.now()))
    return 0


def list_conflicts(engine: Engine, conn: Any) -> int:
    """The values kept as conflicts on the accounts this member may see."""
    from fieldcrm.team.conflicts import open_conflicts, shown
    from fieldcrm.untrusted import one_line

    found = open_conflicts(conn)
    if not found:
        print(t("team.no_conflicts"))
    for c in found:
        print(
            t(
                "team.conflict_line", id=c.id, account=one_line(c.account), field=f"{c.kind}.{c.field}",
                value=one_line(shown(c.value)), author=c.author, winner=c.winner, at=f"{c.at:%Y-%m-%d %H:%M}",
            )
        )  # fmt: skip
    return 0


def restore_one(engine: Engine, conn: Any, conflict: int) -> int:
    from fieldcrm import clock
    from fieldcrm.team.conflicts import restore

    done = restore(engine, conn, conflict, clock.now())
    print(t("team.restored", id=conflict))
    _print_synced(done)
    return 0


def dismiss_one(engine: Engine, conn: Any, conflict: int) -> int:
    from fieldcrm.team.conflicts import dismiss

    dismiss(conn, conflict)
    print(t("team.dismissed", id=conflict))
    return 0


def hand_over_named(engine: Engine, conn: Any, name: str, to: str) -> int:
    """Hand the account named ``name`` (one only) to the member ``to``, then sync."""
    from fieldcrm import clock
    from fieldcrm.store.team_view import accounts_named
    from fieldcrm.team.admin import TeamError
    from fieldcrm.team.handover import hand_over
    from fieldcrm.untrusted import one_line

    found = accounts_named(engine, name)
    if not found:
        raise TeamError("team.handover_no_account", exit_code=1, name=one_line(name))
    if len(found) > 1:
        raise TeamError("team.handover_ambiguous", exit_code=1, name=one_line(name), count=len(found))
    (account_id, account), *_ = found
    done = hand_over(engine, conn, account_id, to, clock.now())
    print(t("team.handed", account=one_line(account), login=one_line(to)))
    _print_synced(done)
    return 0


def status(path: Path, psycopg: Any) -> int:
    """What this database knows of its team, and whether the server answers now."""
    from fieldcrm.cli_io import reading
    from fieldcrm.store.upload import link_of
    from fieldcrm.team.admin import team_settings
    from fieldcrm.team.schema_settings import OFFLINE_DAYS

    engine = reading(path)
    try:
        link = link_of(engine)
    finally:
        engine.dispose()
    if link is None:
        print(t("team.not_joined"))
        return 1
    print(t("team.status_line", server=link.server, login=link.login))
    last = link.last_sync.strftime("%Y-%m-%d %H:%M") if link.last_sync else t("team.never")
    print(t("team.status_sync", last=last, waiting=link.waiting))
    try:
        with connect(psycopg, link.server) as conn:
            role = conn.execute("SELECT fieldcrm.my_role()").fetchone()
            mine = conn.execute(
                "SELECT count(*) FROM fieldcrm.conflict"
                " WHERE restored_at IS NULL AND dismissed_at IS NULL AND author = session_user"
            ).fetchone()
            kept = team_settings(conn)
    except psycopg.Error as exc:
        print(t("team.status_offline", reason=first_line(exc)))
        return UNREACHABLE
    shown = t(f"team.role.{role[0]}") if role and role[0] else t("team.status_not_member")
    print(t("team.status_role", role=shown))
    print(t("team.status_conflicts", count=mine[0] if mine else 0))
    personal = t("team.yes") if kept.get("team.personal_fields", True) else t("team.no")
    print(t("team.status_settings", personal=personal, days=kept.get("team.offline_days", OFFLINE_DAYS)))
    return 0
