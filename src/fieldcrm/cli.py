"""The ``fieldcrm`` command: open the app, or run a subcommand."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

from fieldcrm import __version__
from fieldcrm.config import LANGUAGES, resolve_db_path, resolve_language
from fieldcrm.domain.periods import DEFAULT_PERIOD, PERIODS, period_key
from fieldcrm.domain.stages import STAGE_NUMBERS


def _common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="database file (default: $FIELDCRM_DB, else the user data dir)",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=default,
        help="language of the interface (default: from LANG/LC_ALL)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fieldcrm",
        description="Offline, keyboard-driven pipeline for developing new B2B customers in five "
        "stages. Without a subcommand, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"fieldcrm {__version__}")
    _common(parser, suppress=False)
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="open the app without changing anything (e.g. while another fieldcrm has the database open)",
    )
    sub = parser.add_subparsers(dest="command", title="subcommands", metavar="COMMAND")

    demo = sub.add_parser(
        "demo",
        help="fill the database with deterministic demo data",
        description="Fill the database with a realistic, deterministic demo "
        "dataset covering every stage, status and grade.",
    )
    _common(demo, suppress=True)
    demo.add_argument(
        "--accounts", type=int, default=60, metavar="N", help="number of accounts (default: 60)"
    )
    demo.add_argument("--seed", type=int, default=7, metavar="S", help="random seed (default: 7)")
    demo.add_argument(
        "--force", action="store_true", help="write even if the database already holds accounts"
    )
    _io_commands(sub)
    return parser


def _io_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """export, import, backup, restore, check (their work is done in fieldcrm.io)."""
    from fieldcrm.io import options

    export = sub.add_parser(
        "export",
        help="write a CSV that Excel and LibreOffice open cleanly",
        description="Export to CSV (UTF-8 with BOM by default). Personal "
        "profile fields are left out unless --include-personal is given. The agenda and the "
        "report are written in sections, each under its own header row after a blank row.",
    )
    _common(export, suppress=True)
    export.add_argument(
        "--what", choices=options.EXPORTS, default="pipeline", help="what to export (default: pipeline)"
    )
    export.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="the CSV file to write (replaced if it exists); - for standard output",
    )
    export.add_argument(
        "--encoding",
        choices=options.EXPORT_ENCODINGS,
        default="utf-8-sig",
        help="utf-8-sig (default, for Excel), utf-8, or gbk for older Excel/WPS",
    )
    export.add_argument(
        "--stage", type=int, choices=STAGE_NUMBERS, metavar="N", help="only accounts in stage N (1-5)"
    )
    export.add_argument("--grade", choices=options.GRADES, help="only accounts of this grade")
    export.add_argument(
        "--include-personal",
        action="store_true",
        help="include birthday, age, hometown, family and the other personal fields (and, in the "
        "agenda, the decision makers' coming birthdays)",
    )
    export.add_argument(
        "--period",
        choices=[period_key(days) for days in PERIODS],
        help="the report's period: the last 30, 90 or 365 days, today included, or all time "
        f"(default: {period_key(DEFAULT_PERIOD)}, as the report screen opens). Only --what "
        "report has a period; the other exports refuse it",
    )

    imp = sub.add_parser(
        "import",
        help="add prospects to stage 1 from a CSV",
        description="Import prospects into stage 1 from a CSV whose headers may "
        "be English or Chinese (company/公司名称, contact/联系人, phone/电话, "
        "address/地址, industry/行业, notes/备注). Nothing is written unless "
        "every row is good.",
    )
    _common(imp, suppress=True)
    imp.add_argument("file", metavar="FILE", help="the CSV file to read")
    imp.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    imp.add_argument(
        "--encoding",
        choices=options.IMPORT_ENCODINGS,
        default="auto",
        help="auto (default): a BOM, else UTF-8, else GBK",
    )
    imp.add_argument(
        "--on-duplicate",
        choices=options.ON_DUPLICATE,
        default="skip",
        help="skip (default) or merge: fill the empty fields of the existing account",
    )

    backup = sub.add_parser(
        "backup",
        help="back up the database (SQLite backup API)",
        description="Back up the database into backups/ beside it (rotated: 7 daily, 4 weekly), or to FILE.",
    )
    _common(backup, suppress=True)
    backup.add_argument("--out", metavar="FILE", help="write the backup here instead")

    restore = sub.add_parser(
        "restore",
        help="replace the database by a backup",
        description="Check FILE, keep the current database as a backup, "
        "then replace it by a copy of FILE. Close the app first.",
    )
    _common(restore, suppress=True)
    restore.add_argument("file", metavar="FILE", help="the backup to restore")

    check = sub.add_parser(
        "check",
        help="check the database for damage",
        description="Run SQLite's quick_check and foreign_key_check, and find text that is not valid "
        "UTF-8 (named by table, row and column); exit with 1 if anything is wrong.",
    )
    _common(check, suppress=True)


WRITING = ("demo", "import", "restore")  # subcommands that take the writer lock


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from fieldcrm.i18n import set_language, t
    from fieldcrm.io.errors import FileError
    from fieldcrm.runtime.signals import Terminated, exit_code, unwind_on_termination
    from fieldcrm.store.engine import StoreError
    from fieldcrm.store.health import Damaged

    lang = resolve_language(args.lang)
    set_language(lang)
    if getattr(args, "db", None) == "":
        print(t("cli.error", message=t("store.no_path")), file=sys.stderr)
        return 2
    path = resolve_db_path(args.db)
    unwind_on_termination()
    try:
        return _command(path, args, lang)
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


def _command(path: Path, args: argparse.Namespace, lang: str) -> int:
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
    }
    if args.command is None:
        return _run_app(path, lang, args.read_only)
    if args.command not in WRITING:
        return handlers[args.command](path, args, lang)
    from fieldcrm.runtime.startup import writing

    with writing(path, check=args.command != "restore"):
        return handlers[args.command](path, args, lang)


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
    from fieldcrm.runtime.startup import writing

    if read_only:
        return _tui(path, lang, read_only=True)
    try:
        with writing(path) as lock:
            try:
                auto_backup(path)  # before the app takes the screen; a folder listing unless due
            except FileError as exc:
                print(t("backup.auto_failed", message=t(exc.key, **exc.params)), file=sys.stderr)
            code = _tui(path, lang)
            lock.ended_well = code not in (CRASHED, STORAGE)  # else the next start checks fully
            return code
    except InUse as exc:
        print(t("cli.error", message=t(exc.key, **exc.params)), file=sys.stderr)
        if not _confirm(t("lock.ask_read_only")):
            return 2
    return _tui(path, lang, read_only=True)


def _tui(path: Path, lang: str, read_only: bool = False) -> int:
    from fieldcrm.tui.app import run

    return run(path, lang, read_only)


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
