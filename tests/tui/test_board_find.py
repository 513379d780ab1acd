"""Finding things on the board: sort a column, narrow to an industry and a city, and a new
account that is already there is offered to open instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from textual.widgets import Input

from fieldcrm.tui.dialog import ConfirmDialog
from fieldcrm.tui.screens.account import AccountScreen
from fieldcrm.tui.screens.board import BoardScreen
from fieldcrm.tui.screens.board.model import BoardModel

from .conftest import add_account
from .test_board import SIZE, app_for, board_of, row


def names_in(board: BoardScreen, stage: int = 1) -> list[str]:
    column = board.column(stage)
    return [card.name for i in range(column.source.count) if (card := column.source.card_at(i))]


async def test_s_orders_the_current_column_and_keeps_the_selection(engine: Engine, db_path: Path) -> None:
    for name, grade in (("Bolt", "B"), ("Acme", None), ("Zinc", "A"), ("Cobalt", "C")):
        add_account(engine, name, grade=grade)
    async with app_for(engine, db_path).run_test(size=SIZE, notifications=True) as pilot:
        board = board_of(pilot.app)
        assert names_in(board) == ["Acme", "Bolt", "Cobalt", "Zinc"]  # by due date: none, then names
        await pilot.press("down")
        assert board.selected().name == "Bolt"
        await pilot.press("S", "S")  # days in stage, then grade
        assert names_in(board) == ["Zinc", "Bolt", "Cobalt", "Acme"]
        assert board.selected().name == "Bolt"
        assert str(board.column(1).border_title).endswith("· by grade")
        assert pilot.app._notifications and list(pilot.app._notifications)[-1].message == (
            "This column is now ordered by grade."
        )
        await pilot.press("S", "S")  # score, then name
        assert names_in(board) == ["Acme", "Bolt", "Cobalt", "Zinc"]
        assert names_in(board, 2) == []


async def test_ordering_a_column_reads_no_count_again(
    engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new order changes no count: the counts (every active account counted, 55 ms
    at a million) are not read again, only the column's cards."""
    for name in ("Bolt", "Acme"):
        add_account(engine, name)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        counted: list[object] = []  # every reading of the board's counts
        read = BoardModel.read
        monkeypatch.setattr(BoardModel, "read", lambda *a: counted.append(a) or read(*a))
        await pilot.press("S", "S", "S", "S")  # to name
        assert names_in(board) == ["Acme", "Bolt"]
        assert str(board.column(1).border_title) == "1. Prospect · 2 · by name"
        assert counted == []
        await pilot.press("v")  # another view: its counts are read (the test sees them read)
        await pilot.app.workers.wait_for_complete()
        assert counted


async def test_the_filter_narrows_to_an_industry_and_a_city(engine: Engine, db_path: Path) -> None:
    add_account(engine, "Acme", industry="Packaging", city="Shanghai")
    add_account(engine, "Bolt", industry="Packaging", city="苏州")
    add_account(engine, "Cobalt", industry="Metals", city="Shanghai")
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        await pilot.press("f")
        pilot.app.screen.query_one("#industry", Input).value = "packaging"
        pilot.app.screen.query_one("#city", Input).value = "shanghai"
        await pilot.press("ctrl+s")
        assert names_in(board) == ["Acme"]
        assert "industry packaging · city shanghai" in board._header_text
        await pilot.press("f", "ctrl+r")
        assert names_in(board) == ["Acme", "Bolt", "Cobalt"]


async def test_a_new_account_already_there_is_offered_to_open(engine: Engine, db_path: Path) -> None:
    existing = add_account(engine, "华为技术有限公司", phone="+86 755 2878 0808")
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await pilot.press("n", *"華為技術", "enter")  # traditional characters, no legal form
        question = pilot.app.screen
        assert isinstance(question, ConfirmDialog)
        assert "华为技术有限公司" in question.text and "same name" in question.text
        await pilot.press("y")
        screen = pilot.app.screen
        assert isinstance(screen, AccountScreen) and screen.account_id == existing
        await pilot.press("escape")
        await pilot.press("n", *"Shenzhen Trading", "tab", "tab", *"0755-28780808", "enter")
        question = pilot.app.screen
        assert isinstance(question, ConfirmDialog) and "same phone" in question.text
        await pilot.press("n")  # create anyway
        assert row(engine, "SELECT count(*) FROM account") == (2,)
        await pilot.press("n", *"華為技術股份有限公司", "enter", "escape")  # asked, then left: none made
    assert row(engine, "SELECT count(*) FROM account") == (2,)
