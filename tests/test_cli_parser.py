"""The app's own options are parsed without the subcommands' parsers (they are built only for a
command line that needs them): both parsers read such a command line alike."""

from __future__ import annotations

import argparse
import contextlib
import io

from hypothesis import given
from hypothesis import strategies as st

from fieldcrm.cli_parser import build_parser, opens_the_app

WORDS = ["--db", "crm.db", "--lang", "en", "zh", "--read-only", "--db=other.db", "--lang=zh", "--lang=fr"]
OTHERS = ["demo", "export", "-h", "--help", "--version", "--rea", "--la", "--", "-x"]


def parsed(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace | int:
    """The namespace, or the exit code argparse ended with (its words go nowhere)."""
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            return parser.parse_args(argv)
        except SystemExit as exc:
            return int(exc.code or 0)


@given(st.lists(st.sampled_from(WORDS), max_size=6))
def test_the_apps_options_are_read_alike_by_both_parsers(argv: list[str]) -> None:
    if opens_the_app(argv):
        assert parsed(build_parser(commands=False), argv) == parsed(build_parser(), argv)


@given(st.sampled_from(OTHERS), st.lists(st.sampled_from(WORDS), max_size=4))
def test_anything_else_goes_to_the_whole_parser(first: str, after: list[str]) -> None:
    assert not opens_the_app([first, *after])


def test_a_subcommand_still_parses() -> None:
    args = parsed(
        build_parser(commands=not opens_the_app(["--db", "crm.db", "demo"])), ["--db", "crm.db", "demo"]
    )
    assert isinstance(args, argparse.Namespace) and args.command == "demo"
