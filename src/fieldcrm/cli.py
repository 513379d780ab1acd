"""The ``fieldcrm`` command: open the app, or run a subcommand (the command line is read
by fieldcrm.cli_parser)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

from fieldcrm.cli_parser import build_parser, language_of, opens_the_app
from fieldcrm.config import resolve_db_path, resolve_language
from fieldcrm.i18n import set_language, t

WRITING = ("demo", "import", "restore")  # subcommands that take the writer lock


def entry() -> int:
    """The ``fieldcrm`` command, in a process of its own (``main`` alone is what tests call)."""
    return main(own_process=True)


def main(argv: Sequence[str] | None = None, *, own_process: bool = False) -> int:
    """Run the command line ``argv`` (default: the process's); ``own_process``: this process
    runs nothing else, so Python's collector may be set for the command (runtime.collector)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    set_language(language_of(argv))
    args = build_parser(commands=not opens_the_app(argv)).parse_args(argv)
    from fieldcrm.io.errors import FileError
    from fieldcrm.runtime.signals import Terminated, exit_code, unwind_on_termination
    from fieldcrm.store.health import Damaged
    from fieldcrm.store.sqlite_file import StoreError

    lang = resolve_language(args.lang)
    set_language(lang)
    if getattr(args, "db", None) == "":
        print(t("cli.error", message=t("store.no_path")), file=sys.stderr)
        return 2
    path = resolve_db_path(args.db)
    unwind_on_termination()
    try:
        return _command(path, args, lang, own_process)
    except KeyboardInterrupt:
        _say(t("cli.interrupted"))
        return 130
    except Terminated as exc:
        _say(t("cli.terminated", signal=exc.signum))
        return exit_code(exc.signum)
    except FileError as exc:
        print(t("cli.error", message=t(exc.key, **exc.params)), file=sys.stderr)
        return 1
    except Damaged as exc:
        from fieldcrm.runtime.startup import damage_report

        print("\n".join(damage_report(path, exc)), file=sys.stderr)
        return 2
    except StoreError as exc:
        print(t("cli.error", message=t(exc.key, **exc.params)), file=sys.stderr)
        return 2
    except Exception as exc:  # a full disk, or a bug: a plain message (and a crash log), no traceback
        from fieldcrm.runtime.crash import failure_of

        failure = failure_of(exc, path)
        print(failure.message, file=sys.stderr)
        return failure.code


def _say(message: str) -> None:
    """A last line on standard error, if there is still a terminal to write it to."""
    with suppress(OSError):
        print(message, file=sys.stderr)


def _command(path: Path, args: argparse.Namespace, lang: str, own_process: bool) -> int:
    """Run the subcommand; the writing ones hold the writer lock, on a file checked first
    (except restore, whose file may well be the damaged one)."""
    from fieldcrm import cli_io

    handlers = {
        "demo": _demo,
        "export": cli_io.export_csv,
        "import": cli_io.import_csv,
        "backup": cli_io.backup_db,
        "restore": cli_io.restore_db,
        "check": cli_io.check_db,
        "team": _team,
        "sync": _team,
    }
    if args.command is None:
        return _run_app(path, lang, args.read_only)
    if own_process:  # a command's rows are many short-lived objects (the app settles after its first frame)
        from fieldcrm.runtime.collector import settle

        settle()
    if args.command not in WRITING:
        return handlers[args.command](path, args, lang)
    from fieldcrm.runtime.startup import writing

    with writing(path, check=args.command != "restore"):
        return handlers[args.command](path, args, lang)


def _team(path: Path, args: argparse.Namespace, lang: str) -> int:
    from fieldcrm.cli_team import team_command

    return team_command(path, args, lang)


def _demo(path: Path, args: argparse.Namespace, lang: str) -> int:
    from fieldcrm.demo.generate import DemoRefused, write_demo
    from fieldcrm.i18n import t
    from fieldcrm.store.db import open_db

    if args.accounts < 1:
        print(t("cli.error", message="--accounts must be 1 or more"), file=sys.stderr)
        return 2
    engine = open_db(path)
    started = time.perf_counter()
    try:
        write_demo(engine, accounts=args.accounts, seed=args.seed, lang=lang, force=args.force)
    except DemoRefused as exc:
        print(t("cli.demo.refused", path=path, count=exc.count), file=sys.stderr)
        return 1
    print(t("cli.demo.done", accounts=args.accounts, path=path, seconds=time.perf_counter() - started))
    return 0


def _run_app(path: Path, lang: str, read_only: bool) -> int:
    """The app holds the writer lock on a checked file; when another fieldcrm holds it, say so
    and offer to open the database read-only instead."""
    from fieldcrm.i18n import t
    from fieldcrm.io.backup import auto_backup
    from fieldcrm.io.errors import FileError
    from fieldcrm.runtime.crash import CRASHED, STORAGE
    from fieldcrm.runtime.lock import InUse
    from fieldcrm.runtime.startup import daily_later, writing

    if read_only:
        return _tui(path, lang, read_only=True)
    try:
        later = daily_later(path)  # a large file: the day's check and backup after the first frame
        with writing(path, later=later) as lock:
            if not later:
                try:
                    auto_backup(path)  # before the app takes the screen; a folder listing unless due
                except FileError as exc:
                    print(t("backup.auto_failed", message=t(exc.key, **exc.params)), file=sys.stderr)
            code = _tui(path, lang, daily=later)
            lock.ended_well = code not in (CRASHED, STORAGE)  # else the next start checks fully
            return code
    except InUse as exc:
        print(t("cli.error", message=t(exc.key, **exc.params)), file=sys.stderr)
        if not _confirm(t("lock.ask_read_only")):
            return 2
    return _tui(path, lang, read_only=True)


def _tui(path: Path, lang: str, read_only: bool = False, daily: bool = False) -> int:
    from fieldcrm.tui.app import run

    return run(path, lang, read_only, daily)


def _confirm(question: str) -> bool:
    """Ask a yes/no question when someone is at the terminal; no otherwise."""
    from fieldcrm.i18n import t

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in t("lock.yes").split(",")
