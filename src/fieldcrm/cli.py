"""The ``fieldcrm`` command: open the app, or run a subcommand."""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from fieldcrm import __version__
from fieldcrm.config import LANGUAGES, resolve_db_path, resolve_language
from fieldcrm.domain.periods import DEFAULT_PERIOD, PERIODS, period_key
from fieldcrm.domain.stages import STAGE_NUMBERS
from fieldcrm.i18n import set_language, t


class _Help(argparse.HelpFormatter):
    """argparse's help, with its own words in the interface language too."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, t("cli.usage") if prefix is None else prefix)

    def _split_lines(self, text: str, width: int) -> list[str]:
        return _wrap(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in _wrap(" ".join(text.split()), width - len(indent)))


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal cells: Chinese characters are two
    cells wide and may break anywhere, other words only at spaces."""
    lines: list[str] = []
    line = ""
    for token in re.findall(
        r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef][，。、；：）]?|\S+?(?=[\u2e80-\u9fff\uf900-\ufaff]|\s|$)|\s+",
        text,
    ):
        if token.isspace():
            if line:
                line += " "
            continue
        if line and _cells(line.rstrip() + token) > width:
            lines.append(line.rstrip())
            line = ""
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _parser(**kwargs: Any) -> argparse.ArgumentParser:
    """A parser (or a subcommand's) whose headings and -h speak the interface language."""
    parser = argparse.ArgumentParser(formatter_class=_Help, add_help=False, **kwargs)
    _titled(parser)
    return parser


def _titled(parser: argparse.ArgumentParser) -> None:
    parser._positionals.title = t("cli.positionals")  # argparse's own group titles
    parser._optionals.title = t("cli.options")
    parser.add_argument("-h", "--help", action="help", help=t("cli.opt.help"))


def _language_of(argv: Sequence[str]) -> str:
    """The language asked for by --lang anywhere in ``argv``, else the locale's: the help
    must be in it before the arguments are parsed."""
    asked = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            asked = argv[i + 1]
        elif arg.startswith("--lang="):
            asked = arg.split("=", 1)[1]
    return resolve_language(asked)


class _SubParser(argparse.ArgumentParser):
    """A subcommand's parser, made by add_parser, speaking the interface language too."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("add_help", None)
        super().__init__(formatter_class=_Help, add_help=False, **kwargs)
        _titled(self)


def _common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help=t("cli.opt.db"),
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=default,
        help=t("cli.opt.lang"),
    )


def _opens_the_app(argv: Sequence[str]) -> bool:
    """Whether ``argv`` only opens the app, spelt in full (``--db PATH``, ``--lang L``,
    ``--read-only``): then the subcommands' parsers need not be built before the first frame.
    Anything else (a subcommand, help, an abbreviation) goes to the whole parser."""
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg in ("--db", "--lang") and rest:
            rest.pop(0)
        elif not arg.startswith(("--db=", "--lang=")) and arg != "--read-only":
            return False
    return True


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The command line's parser (``commands``: with the subcommands)."""
    parser = _parser(
        prog="fieldcrm",
        description=t("cli.about"),
    )
    parser.add_argument(
        "--version", action="version", version=f"fieldcrm {__version__}", help=t("cli.opt.version")
    )
    _common(parser, suppress=False)
    parser.add_argument(
        "--read-only",
        action="store_true",
        help=t("cli.opt.read_only"),
    )
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(
        dest="command", title=t("cli.subcommands"), metavar="COMMAND", parser_class=_SubParser
    )

    demo = sub.add_parser(
        "demo",
        help=t("cli.cmd.demo"),
        description=t("cli.cmd.demo.about"),
    )
    _common(demo, suppress=True)
    demo.add_argument("--accounts", type=int, default=60, metavar="N", help=t("cli.opt.demo.accounts"))
    demo.add_argument("--seed", type=int, default=7, metavar="S", help=t("cli.opt.demo.seed"))
    demo.add_argument("--force", action="store_true", help=t("cli.opt.demo.force"))
    _io_commands(sub)
    from fieldcrm.cli_team import add_team_commands

    add_team_commands(sub, _common)
    return parser


def _io_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """export, import, backup, restore, check (their work is done in fieldcrm.io)."""
    from fieldcrm.io import options

    export = sub.add_parser(
        "export",
        help=t("cli.cmd.export"),
        description=t("cli.cmd.export.about"),
    )
    _common(export, suppress=True)
    export.add_argument("--what", choices=options.EXPORTS, default="pipeline", help=t("cli.opt.export.what"))
    export.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help=t("cli.opt.export.out"),
    )
    export.add_argument(
        "--encoding",
        choices=options.EXPORT_ENCODINGS,
        default="utf-8-sig",
        help=t("cli.opt.export.encoding"),
    )
    export.add_argument(
        "--stage", type=int, choices=STAGE_NUMBERS, metavar="N", help=t("cli.opt.export.stage")
    )
    export.add_argument("--grade", choices=options.GRADES, help=t("cli.opt.export.grade"))
    export.add_argument(
        "--include-personal",
        action="store_true",
        help=t("cli.opt.export.include_personal"),
    )
    export.add_argument(
        "--period",
        choices=[period_key(days) for days in PERIODS],
        help=t("cli.opt.export.period", default=period_key(DEFAULT_PERIOD)),
    )

    imp = sub.add_parser(
        "import",
        help=t("cli.cmd.import"),
        description=t("cli.cmd.import.about"),
    )
    _common(imp, suppress=True)
    imp.add_argument("file", metavar="FILE", help=t("cli.opt.import.file"))
    imp.add_argument("--dry-run", action="store_true", help=t("cli.opt.import.dry_run"))
    imp.add_argument(
        "--encoding",
        choices=options.IMPORT_ENCODINGS,
        default="auto",
        help=t("cli.opt.import.encoding"),
    )
    imp.add_argument(
        "--on-duplicate",
        choices=options.ON_DUPLICATE,
        default="skip",
        help=t("cli.opt.import.on_duplicate"),
    )

    backup = sub.add_parser(
        "backup",
        help=t("cli.cmd.backup"),
        description=t("cli.cmd.backup.about"),
    )
    _common(backup, suppress=True)
    backup.add_argument("--out", metavar="FILE", help=t("cli.opt.backup.out"))

    restore = sub.add_parser(
        "restore",
        help=t("cli.cmd.restore"),
        description=t("cli.cmd.restore.about"),
    )
    _common(restore, suppress=True)
    restore.add_argument("file", metavar="FILE", help=t("cli.opt.restore.file"))

    check = sub.add_parser(
        "check",
        help=t("cli.cmd.check"),
        description=t("cli.cmd.check.about"),
    )
    _common(check, suppress=True)


WRITING = ("demo", "import", "restore")  # subcommands that take the writer lock


def entry() -> int:
    """The ``fieldcrm`` command, in a process of its own (``main`` alone is what tests call)."""
    return main(own_process=True)


def main(argv: Sequence[str] | None = None, *, own_process: bool = False) -> int:
    """Run the command line ``argv`` (default: the process's); ``own_process``: this process
    runs nothing else, so Python's collector may be set for the command (runtime.collector)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    set_language(_language_of(argv))
    args = build_parser(commands=not _opens_the_app(argv)).parse_args(argv)
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
