"""The ``fieldcrm`` command line's words: its options and subcommands, their help in the
interface's language, and which command lines only open the app."""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from fieldcrm import __version__
from fieldcrm.config import LANGUAGES, resolve_language
from fieldcrm.domain.periods import DEFAULT_PERIOD, PERIODS, period_key
from fieldcrm.domain.stages import STAGE_NUMBERS
from fieldcrm.i18n import t


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


def language_of(argv: Sequence[str]) -> str:
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


def _command(sub: argparse._SubParsersAction[Any], name: str) -> argparse.ArgumentParser:
    """The subcommand ``name``, with its help (``cli.cmd.<name>``, ``.about``) and --db and --lang."""
    command: argparse.ArgumentParser = sub.add_parser(
        name, help=t(f"cli.cmd.{name}"), description=t(f"cli.cmd.{name}.about")
    )
    _common(command, suppress=True)
    return command


def opens_the_app(argv: Sequence[str]) -> bool:
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

    demo = _command(sub, "demo")
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

    export = _command(sub, "export")
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

    imp = _command(sub, "import")
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

    backup = _command(sub, "backup")
    backup.add_argument("--out", metavar="FILE", help=t("cli.opt.backup.out"))

    restore = _command(sub, "restore")
    restore.add_argument("file", metavar="FILE", help=t("cli.opt.restore.file"))

    _command(sub, "check")
