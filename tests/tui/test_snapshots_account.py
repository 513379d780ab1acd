"""SVG snapshots of the account screen at 160x48 on a frozen clock, in English and Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from textual.pilot import Pilot

from .test_account import SIZE, app_for, rich_account

LANGS = pytest.mark.parametrize("lang", ["en", "zh"])


def opened(*keys: str):  # type: ignore[no-untyped-def]
    """Open the account from the board (second column), then press ``keys``."""

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("right", "enter", *keys)

    return run_before


@LANGS
def test_overview(snap_compare, engine: Engine, db_path: Path, lang: str) -> None:
    rich_account(engine)
    assert snap_compare(app_for(engine, db_path, lang), terminal_size=SIZE, run_before=opened())


@LANGS
def test_decision_maker_profile(snap_compare, engine: Engine, db_path: Path, lang: str) -> None:
    rich_account(engine)
    assert snap_compare(app_for(engine, db_path, lang), terminal_size=SIZE, run_before=opened("2"))


@LANGS
def test_insider(snap_compare, engine: Engine, db_path: Path, lang: str) -> None:
    rich_account(engine)
    assert snap_compare(app_for(engine, db_path, lang), terminal_size=SIZE, run_before=opened("2", "down"))
