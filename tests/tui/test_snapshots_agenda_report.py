"""SVG snapshots of the agenda and the report on fixed demo data (60 accounts, seed 7), a
frozen clock and a 160x48 terminal, in English and Chinese."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from .test_snapshots_board import SIZE, demo_app

LANGS = pytest.mark.parametrize("lang", ["en", "zh"])


def pressed(*keys: str):  # type: ignore[no-untyped-def]
    """Press ``keys`` on the board, letting each read finish before the next key."""

    async def run_before(pilot: Pilot) -> None:
        for key in keys:
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return run_before


@LANGS
def test_agenda(snap_compare, tmp_path, monkeypatch, lang) -> None:
    app = demo_app(tmp_path, monkeypatch, lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=pressed("a"))


@LANGS
def test_agenda_stalled_accounts(snap_compare, tmp_path, monkeypatch, lang) -> None:
    app = demo_app(tmp_path, monkeypatch, lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=pressed("a", "6"))


@LANGS
def test_report(snap_compare, tmp_path, monkeypatch, lang) -> None:
    app = demo_app(tmp_path, monkeypatch, lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=pressed("r"))
