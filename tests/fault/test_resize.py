"""Resizing the running app: from 160x48 down to 80x24 and back nothing breaks and the focused
form keeps its text and focus; below 80x24 a cover asks for a larger terminal, and goes away
as soon as the screens fit again."""

from __future__ import annotations

from pathlib import Path

import pytest
from fault_support import demo_db, query
from textual.widgets import Input, Static

from fieldcrm.store.db import open_db
from fieldcrm.tui.app import FieldCRM
from fieldcrm.tui.screens.board import BoardScreen
from fieldcrm.tui.screens.board.dialogs import NewAccountDialog
from fieldcrm.tui.screens.too_small import TooSmallScreen

LARGE, SMALLEST = (160, 48), (80, 24)


async def test_a_form_survives_resizing_and_saves(tmp_path: Path) -> None:
    db = demo_db(tmp_path / "crm.db")
    engine = open_db(db)
    app = FieldCRM(engine, db, "en", offer_demo=False)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NewAccountDialog)
        await pilot.press(*"Resize")
        for size in (SMALLEST, (79, 24), (80, 23), (40, 10), SMALLEST, LARGE, SMALLEST):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            small = size[0] < 80 or size[1] < 24
            assert isinstance(app.screen, TooSmallScreen) == small, size
        assert isinstance(app.focused, Input) and app.focused.value == "Resize"
        await pilot.press(*" Works Ltd")
        await pilot.resize_terminal(*LARGE)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
    engine.dispose()
    assert query(db, "SELECT stage FROM account WHERE name = 'Resize Works Ltd'") == [(1,)]


async def test_the_cover_says_how_large_in_either_language(tmp_path: Path) -> None:
    db = demo_db(tmp_path / "crm.db")
    engine = open_db(db)
    for lang, words in (("en", "The terminal is 70×20."), ("zh", "终端大小为 70×20。")):
        app = FieldCRM(engine, db, lang, offer_demo=False)
        async with app.run_test(size=(70, 20)) as pilot:  # too small from the start
            message = str(app.screen.query_one("#too-small-message", Static).render())
            assert words in message and "80×24" in message
            await pilot.resize_terminal(100, 30)
            await pilot.pause()
            assert isinstance(app.screen, BoardScreen)
            await pilot.resize_terminal(60, 30)
            await pilot.pause()
            await pilot.press("q")  # the one key the cover has
        assert app.return_code == 0
    engine.dispose()


@pytest.mark.slow
async def test_every_screen_survives_every_tiny_size(tmp_path: Path) -> None:
    """Down to one cell: each main screen is covered, never laid out into a crash."""
    db = demo_db(tmp_path / "crm.db")
    engine = open_db(db)
    app = FieldCRM(engine, db, "en", offer_demo=False)
    async with app.run_test(size=LARGE) as pilot:
        for key in ("a", "r", "enter", "s", "P", "question_mark"):
            await pilot.press(key)
            await pilot.pause()
            opened = app.screen
            for size in ((1, 1), (2, 24), (3, 24), (4, 10), (9, 5), (79, 23), (160, 2)):
                await pilot.resize_terminal(*size)
                await pilot.pause()
                assert isinstance(app.screen, TooSmallScreen), (key, size)
            await pilot.resize_terminal(*LARGE)
            await pilot.pause()
            assert app.screen is opened
            while not isinstance(app.screen, BoardScreen):
                await pilot.press("escape")
                await pilot.pause()
    engine.dispose()
