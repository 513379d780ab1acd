"""``fieldcrm team``: set up the team's PostgreSQL server and its members.

Connections follow libpq: a URL (``postgresql://user@host/db?sslmode=require``) or a service
name (``service=team``); the password comes from ``~/.pgpass``, PGPASSWORD or the URL, and is
asked for at the terminal when none is found. fieldcrm never stores a password. Exit codes: 0
done, 1 refused by the server or the rules, 2 bad input, 3 server unreachable.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldcrm.i18n import t

if TYPE_CHECKING:
    import psycopg
    from sqlalchemy import Engine

UNREACHABLE = 3
CONNECT_SECONDS = 10


def add_team_commands(sub: argparse._SubParsersAction[Any], common: Any) -> None:
    """``team init``, ``add-user``, ``remove-user`` and ``list``."""
    team = sub.add_parser("team", help=t("cli.cmd.team"), description=t("cli.cmd.team.about"))
    common(team, suppress=True)
    actions = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    init = actions.add_parser("init", help=t("cli.cmd.team.init"), description=t("cli.cmd.team.init.about"))
    init.add_argument("server", metavar="URL", help=t("cli.opt.team.url"))
    init.add_argument("--manager", required=True, metavar="NAME", help=t("cli.opt.team.manager"))
    init.add_argument("--password-file", metavar="FILE", help=t("cli.opt.team.password_file"))
    add = actions.add_parser("add-user", help=t("cli.cmd.team.add"), description=t("cli.cmd.team.add.about"))
    add.add_argument("name", metavar="NAME", help=t("cli.opt.team.name"))
    add.add_argument("--role", required=True, choices=("rep", "lead", "manager"), help=t("cli.opt.team.role"))
    add.add_argument("--lead", metavar="NAME", help=t("cli.opt.team.lead"))
    add.add_argument("--password-file", metavar="FILE", help=t("cli.opt.team.password_file"))
    remove = actions.add_parser("remove-user", help=t("cli.cmd.team.remove"))
    remove.add_argument("name", metavar="NAME", help=t("cli.opt.team.name"))
    listing = actions.add_parser("list", help=t("cli.cmd.team.list"))
    for parser in (add, remove, listing):
        parser.add_argument("--server", required=True, metavar="URL", help=t("cli.opt.team.server"))
    join = actions.add_parser("join", help=t("cli.cmd.team.join"), description=t("cli.cmd.team.join.about"))
    join.add_argument("server", metavar="URL", help=t("cli.opt.team.server"))
    common(join, suppress=True)
    status = actions.add_parser("status", help=t("cli.cmd.team.status"))
    common(status, suppress=True)
    listed = actions.add_parser("conflicts", help=t("cli.cmd.team.conflicts"))
    common(listed, suppress=True)
    restore = actions.add_parser("restore", help=t("cli.cmd.team.restore"))
    restore.add_argument("conflict", type=int, metavar="N", help=t("cli.opt.team.conflict"))
    common(restore, suppress=True)
    upgrade = actions.add_parser(
        "upgrade", help=t("cli.cmd.team.upgrade"), description=t("cli.cmd.team.upgrade.about")
    )
    upgrade.add_argument("server", metavar="URL", help=t("cli.opt.team.url"))
    syncing = sub.add_parser("sync", help=t("cli.cmd.sync"), description=t("cli.cmd.sync.about"))
    common(syncing, suppress=True)


def team_command(path: Path, args: argparse.Namespace, lang: str) -> int:
    """Run one ``team`` action; errors become one line and an exit code."""
    try:
        import psycopg
    except ImportError:
        print(t("cli.error", message=t("team.needs_psycopg")), file=sys.stderr)
        return 2
    from fieldcrm.team import admin

    try:
        if args.command == "sync":
            return _on_link(path, psycopg, _sync)
        if args.team_command == "status":
            return _status(path, psycopg)
        if args.team_command == "conflicts":
            return _on_link(path, psycopg, _conflicts)
        if args.team_command == "restore":
            return _on_link(path, psycopg, lambda engine, conn: _restore(engine, conn, args.conflict))
        url = args.server
        with _connect(psycopg, url) as conn:
            if args.team_command == "join":
                return _join(path, conn, url)
            return _run(conn, args)
    except admin.TeamError as exc:
        print(t("cli.error", message=t(exc.key, **exc.params)), file=sys.stderr)
        return exc.exit_code
    except psycopg.OperationalError as exc:
        print(t("cli.error", message=t("team.unreachable", reason=_first_line(exc))), file=sys.stderr)
        return UNREACHABLE
    except psycopg.Error as exc:  # the server's rules said no (not a manager, a role not ours...)
        print(t("cli.error", message=t("team.refused", reason=_first_line(exc))), file=sys.stderr)
        return 1


def _run(conn: psycopg.Connection[tuple[object, ...]], args: argparse.Namespace) -> int:
    from fieldcrm.team import admin

    if args.team_command == "init":
        password = _password(args.password_file)
        admin.init_team(conn, args.manager, password or (generated := admin.new_password()))
        print(t("team.initialised", name=args.manager))
        if not password:
            print(t("team.password_once", name=args.manager, password=generated))
    elif args.team_command == "add-user":
        password = _password(args.password_file)
        admin.add_user(conn, args.name, args.role, args.lead, password or (generated := admin.new_password()))
        print(t("team.added", name=args.name, role=t(f"team.role.{args.role}")))
        if not password:
            print(t("team.password_once", name=args.name, password=generated))
    elif args.team_command == "upgrade":
        before, after = admin.upgrade_team(conn)
        print(
            t("team.upgraded", before=before, after=after)
            if after > before
            else t("team.up_to_date", version=after)
        )
    elif args.team_command == "remove-user":
        admin.remove_user(conn, args.name)
        print(t("team.removed", name=args.name))
    else:
        for m in admin.list_users(conn):
            state = t("team.state.removed") if m.removed_at else t("team.state.active")
            lead = t("team.in_team_of", lead=m.lead) if m.lead else ""
            print(t("team.member_line", login=m.login, role=t(f"team.role.{m.role}"), lead=lead, state=state))
    return 0


def _join(path: Path, conn: psycopg.Connection[tuple[object, ...]], url: str) -> int:
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


def _on_link(path: Path, psycopg: Any, action: Callable[[Engine, Any], int]) -> int:
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
            with _connect(psycopg, link.server) as conn:
                return action(engine, conn)
        finally:
            engine.dispose()


def _sync(engine: Engine, conn: Any) -> int:
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


def _conflicts(engine: Engine, conn: Any) -> int:
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


def _restore(engine: Engine, conn: Any, conflict: int) -> int:
    from fieldcrm import clock
    from fieldcrm.team.conflicts import restore

    done = restore(engine, conn, conflict, clock.now())
    print(t("team.restored", id=conflict))
    _print_synced(done)
    return 0


def _status(path: Path, psycopg: Any) -> int:
    """What this database knows of its team, and whether the server answers now."""
    from fieldcrm.cli_io import reading
    from fieldcrm.store.upload import link_of

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
        with _connect(psycopg, link.server) as conn:
            role = conn.execute("SELECT fieldcrm.my_role()").fetchone()
            mine = conn.execute(
                "SELECT count(*) FROM fieldcrm.conflict WHERE restored_at IS NULL AND author = session_user"
            ).fetchone()
    except psycopg.Error as exc:
        print(t("team.status_offline", reason=_first_line(exc)))
        return UNREACHABLE
    shown = t(f"team.role.{role[0]}") if role and role[0] else t("team.status_not_member")
    print(t("team.status_role", role=shown))
    print(t("team.status_conflicts", count=mine[0] if mine else 0))
    return 0


def _password(path: str | None) -> str | None:
    """The first line of ``--password-file``, or None to generate one."""
    if path is None:
        return None
    from fieldcrm.team.admin import TeamError

    try:
        first = Path(path).read_text(encoding="utf-8").splitlines()[:1]
    except OSError as exc:
        raise TeamError("team.password_file", path=path, reason=exc.strerror or str(exc)) from exc
    if not first or not first[0].strip():
        raise TeamError("team.password_empty", path=path)
    return first[0].strip()


def _connect(psycopg: Any, url: str) -> psycopg.Connection[tuple[object, ...]]:
    """Connect as libpq would; asked for the password at a terminal when the server wants one
    and none was found."""
    try:
        return psycopg.connect(url, connect_timeout=CONNECT_SECONDS)  # type: ignore[no-any-return]
    except psycopg.OperationalError as exc:
        if "password" not in str(exc).lower() or not sys.stdin.isatty():
            raise
    secret = getpass.getpass(t("team.password_prompt"))
    return psycopg.connect(url, password=secret, connect_timeout=CONNECT_SECONDS)  # type: ignore[no-any-return]


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
