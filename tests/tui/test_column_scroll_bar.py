"""A stage column's scroll bar draws what Textual's own scroll bar draws, only cheaper."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from fieldcrm.tui.app import FieldCRM
from fieldcrm.tui.screens.board import BoardScreen
from fieldcrm.tui.widgets.column_scroll_bar import ColumnScrollBar

from .conftest import add_account


def cells(strips: list[Strip]) -> list[list[tuple[str, object]]]:
    """Each line as (text, style) per segment."""
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


async def test_the_bar_matches_textuals_at_the_top_and_scrolled(engine: Engine, db_path: Path) -> None:
    for n in range(40):
        add_account(engine, f"Account {n:02}", 1)
    app = FieldCRM(engine, db_path, "en", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        board = app.screen
        assert isinstance(board, BoardScreen)
        column = board.column(1)
        bar = column.vertical_scrollbar
        assert isinstance(bar, ColumnScrollBar) and bar.display
        for presses in (0, 25):
            await pilot.press(*["down"] * presses)
            await pilot.pause()
            whole = bar.size.region
            ours = bar.render_lines(whole)
            bar.refresh()  # Textual's own path caches by line: start it afresh
            textuals = ScrollBar.render_lines(bar, whole)
            assert cells(ours) == cells(textuals)
            thumb = [y for y, line in enumerate(cells(ours)) if any(style.reverse for _, style in line)]
            assert thumb and (thumb[0] > 0) == (presses > 0)  # the thumb has moved down
