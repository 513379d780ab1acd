"""The ``fieldcrm`` command: open the app, or run a subcommand."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from fieldcrm import __version__
from fieldcrm.config import LANGUAGES, resolve_db_path, resolve_language


def _common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--db", metavar="PATH", default=default,
                        help="database file (default: $FIELDCRM_DB, else the user data dir)")
    parser.add_argument("--lang", choices=LANGUAGES, default=default,
                        help="language of the interface (default: from LANG/LC_ALL)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fieldcrm",
        description="Offline, keyboard-driven pipeline for developing new B2B customers in five "
        "stages. Without a subcommand, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"fieldcrm {__version__}")
    _common(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", title="subcommands", metavar="COMMAND")

    demo = sub.add_parser("demo", help="fill the database with deterministic demo data",
                          description="Fill the database with a realistic, deterministic demo "
                          "dataset covering every stage, status and grade.")
    _common(demo, suppress=True)
    demo.add_argument("--accounts", type=int, default=60, metavar="N",
                      help="number of accounts (default: 60)")
    demo.add_argument("--seed", type=int, default=7, metavar="S", help="random seed (default: 7)")
    demo.add_argument("--force", action="store_true",
                      help="write even if the database already holds accounts")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from fieldcrm.i18n import set_language, t
    from fieldcrm.store.engine import StoreError

    lang = resolve_language(args.lang)
    set_language(lang)
    path = resolve_db_path(args.db)
    try:
        if args.command == "demo":
            return _demo(path, args.accounts, args.seed, lang, args.force)
        return _run_app(path, lang)
    except StoreError as exc:
        print(t("cli.error", message=t(exc.key, **exc.params)), file=sys.stderr)
        return 2


def _demo(path: Path, accounts: int, seed: int, lang: str, force: bool) -> int:
    from fieldcrm.demo.generate import DemoRefused, write_demo
    from fieldcrm.i18n import t
    from fieldcrm.store.db import open_db

    if accounts < 1:
        print(t("cli.error", message="--accounts must be 1 or more"), file=sys.stderr)
        return 2
    engine = open_db(path)
    started = time.perf_counter()
    try:
        write_demo(engine, accounts=accounts, seed=seed, lang=lang, force=force)
    except DemoRefused as exc:
        print(t("cli.demo.refused", path=path, count=exc.count), file=sys.stderr)
        return 1
    print(t("cli.demo.done", accounts=accounts, path=path, seconds=time.perf_counter() - started))
    return 0


def _run_app(path: Path, lang: str) -> int:
    from fieldcrm.tui.app import run

    return run(path, lang)
