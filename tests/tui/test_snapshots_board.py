"""SVG snapshots of the board on fixed demo data, a frozen clock and a 160x48 terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldcrm.demo.generate import write_demo
from fieldcrm.store.db import open_db
from fieldcrm.tui.app import FieldCRM

SIZE = (160, 48)


def demo_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> FieldCRM:
    """The board on 60 demo accounts (seed 7); the path shown is relative, so it is stable."""
    monkeypatch.chdir(tmp_path)
    path = Path("demo.db")
    engine = open_db(path)
    write_demo(engine, accounts=60, seed=7, lang=lang, force=False)
    return FieldCRM(engine, path, lang, offer_demo=False)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_board(snap_compare, tmp_path, monkeypatch, lang) -> None:
    assert snap_compare(demo_app(tmp_path, monkeypatch, lang), terminal_size=SIZE, press=["j", "right"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_gate_dialog(snap_compare, tmp_path, monkeypatch, lang) -> None:
    app = demo_app(tmp_path, monkeypatch, lang)
    assert snap_compare(app, terminal_size=SIZE, press=["right_square_bracket"])


def test_help(snap_compare, tmp_path, monkeypatch) -> None:
    assert snap_compare(demo_app(tmp_path, monkeypatch, "en"), terminal_size=SIZE, press=["question_mark"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_board_in_team_mode_offline(snap_compare, tmp_path, monkeypatch, lang) -> None:
    """A database that joined a team, its server out of reach: the header says offline and how
    many changes wait; the footer gains the sync key and packs closer to keep every key."""
    from datetime import datetime

    from sqlalchemy import text

    from fieldcrm.store import outbox
    from fieldcrm.tui.screens.board.screen import WARM_UP_DELAY

    app = demo_app(tmp_path, monkeypatch, lang)
    with app.engine.begin() as conn:
        outbox.join(conn, f"host={tmp_path / 'nowhere'} dbname=team", "rae", "n1", datetime(2026, 11, 27, 9))
        conn.execute(text("UPDATE account SET city = 'Ningbo' WHERE id <= 2"))  # two changes wait

    async def synced(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause(WARM_UP_DELAY + 0.3)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=synced)
