"""``fieldcrm team``: set up the team's PostgreSQL server and its members.

Connections follow libpq: a URL (``postgresql://user@host/db?sslmode=require``) or a service
name (``service=team``); the password comes from ``~/.pgpass``, PGPASSWORD or the URL, and is
asked for at the terminal when none is found. fieldcrm never stores a password. Exit codes: 0
done, 1 refused by the server or the rules, 2 bad input, 3 server unreachable.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldcrm.cli_connect import UNREACHABLE, connect, first_line
from fieldcrm.i18n import t

if TYPE_CHECKING:
    import psycopg

CLOCK_WRONG = "FC001"  # the server's error code for a stamp too far ahead (team.schema)
TEAM_SETTINGS = {"personal-fields": "team.personal_fields", "offline-days": "team.offline_days"}


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
    setting = actions.add_parser("set", help=t("cli.cmd.team.set"), description=t("cli.cmd.team.set.about"))
    setting.add_argument("setting", choices=tuple(TEAM_SETTINGS), help=t("cli.opt.team.setting"))
    setting.add_argument("value", metavar="VALUE", help=t("cli.opt.team.value"))
    for parser in (add, remove, listing, setting):
        parser.add_argument("--server", metavar="URL", help=t("cli.opt.team.server_or_db"))
        common(parser, suppress=True)
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
    handing = actions.add_parser(
        "hand-over", help=t("cli.cmd.team.hand_over"), description=t("cli.cmd.team.hand_over.about")
    )
    handing.add_argument("account", metavar="NAME", help=t("cli.opt.team.account"))
    handing.add_argument("--to", required=True, metavar="MEMBER", help=t("cli.opt.team.to"))
    common(handing, suppress=True)
    dismiss = actions.add_parser("dismiss", help=t("cli.cmd.team.dismiss"))
    dismiss.add_argument("conflict", type=int, metavar="N", help=t("cli.opt.team.conflict"))
    common(dismiss, suppress=True)
    upgrade = actions.add_parser(
        "upgrade", help=t("cli.cmd.team.upgrade"), description=t("cli.cmd.team.upgrade.about")
    )
    upgrade.add_argument("server", metavar="URL", help=t("cli.opt.team.url"))
    download = actions.add_parser(
        "download", help=t("cli.cmd.team.download"), description=t("cli.cmd.team.download.about")
    )
    common(download, suppress=True)
    syncing = sub.add_parser("sync", help=t("cli.cmd.sync"), description=t("cli.cmd.sync.about"))
    common(syncing, suppress=True)


def team_command(path: Path, args: argparse.Namespace, lang: str) -> int:
    """Run one ``team`` action; errors become one line and an exit code."""
    try:
        import psycopg
    except ImportError:
        print(t("cli.error", message=t("team.needs_psycopg")), file=sys.stderr)
        return 2
    from fieldcrm import cli_sync
    from fieldcrm.team import admin

    try:
        if args.command == "sync":
            return cli_sync.on_link(path, psycopg, cli_sync.sync_now)
        if args.team_command == "status":
            return cli_sync.status(path, psycopg)
        if args.team_command == "conflicts":
            return cli_sync.on_link(path, psycopg, cli_sync.list_conflicts)
        if args.team_command == "restore":
            return cli_sync.on_link(
                path, psycopg, lambda engine, conn: cli_sync.restore_one(engine, conn, args.conflict)
            )
        if args.team_command == "hand-over":
            return cli_sync.on_link(
                path,
                psycopg,
                lambda engine, conn: cli_sync.hand_over_named(engine, conn, args.account, args.to),
            )
        if args.team_command == "dismiss":
            return cli_sync.on_link(
                path, psycopg, lambda engine, conn: cli_sync.dismiss_one(engine, conn, args.conflict)
            )
        if args.team_command == "download":
            return cli_sync.on_link(path, psycopg, cli_sync.download_now)
        url = (
            args.server if args.team_command in ("init", "join", "upgrade") else _server_of(path, args.server)
        )
        with connect(psycopg, url) as conn:
            if args.team_command == "join":
                return cli_sync.join(path, conn, url)
            return _run(conn, args)
    except admin.TeamError as exc:
        print(t("cli.error", message=t(exc.key, **exc.params)), file=sys.stderr)
        return exc.exit_code
    except psycopg.OperationalError as exc:
        print(t("cli.error", message=t("team.unreachable", reason=first_line(exc))), file=sys.stderr)
        return UNREACHABLE
    except psycopg.Error as exc:  # the server's rules said no (not a manager, a role not ours...)
        if exc.sqlstate == CLOCK_WRONG:
            print(t("cli.error", message=t("team.clock_wrong")), file=sys.stderr)
        else:
            print(t("cli.error", message=t("team.refused", reason=first_line(exc))), file=sys.stderr)
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
    elif args.team_command == "set":
        key, value = TEAM_SETTINGS[args.setting], _setting_value(args.setting, args.value)
        admin.set_team_setting(conn, key, value)
        if args.setting == "personal-fields":
            print(t("team.set.personal_on" if value else "team.set.personal_off"))
        else:
            print(t("team.set.offline_days", days=value))
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


def _server_of(path: Path, server: str | None) -> str:
    """``--server``, or the server of the database that joined a team."""
    if server:
        return server
    from fieldcrm.cli_io import reading
    from fieldcrm.store.upload import link_of
    from fieldcrm.team.admin import TeamError

    engine = reading(path) if path.exists() else None
    try:
        link = link_of(engine) if engine is not None else None
    finally:
        if engine is not None:
            engine.dispose()
    if link is None:
        raise TeamError("team.which_server")
    return link.server


def _setting_value(setting: str, text: str) -> bool | int:
    """A team setting's value from the command line: on/off, or a whole number of days."""
    from fieldcrm.team.admin import TeamError

    if setting == "personal-fields":
        if text.lower() not in ("on", "off"):
            raise TeamError("team.bad_on_off", value=text)
        return text.lower() == "on"
    if not text.isdigit():
        raise TeamError("team.bad_days", value=text)
    return int(text)


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
