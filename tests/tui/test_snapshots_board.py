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
