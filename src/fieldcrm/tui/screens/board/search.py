"""The board's search box: each keystroke narrows the board.

A board kept from before (the search erased back to it) is shown with the typed character; any
other is read in a worker thread while the character is drawn, and reaches the screen as a
message (handled in the screen's own queue, it paints at the next frame). A reading that a newer
keystroke or filter has overtaken is dropped.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.message import Message
from textual.widgets import Input

from fieldcrm.store.board import BoardFilter
from fieldcrm.tui.screens.board.model import Reading

if TYPE_CHECKING:
    from fieldcrm.tui.screens.board.screen import BoardScreen


class SearchRead(Message):
    """The board under a search, read in a thread."""

    def __init__(self, reading: Reading) -> None:
        super().__init__()
        self.reading = reading


class BoardSearch:
    """The search box of one board."""

    def __init__(self, board: BoardScreen) -> None:
        self.board = board

    def box(self) -> Input:
        return self.board.query_one("#search", Input)

    def open(self) -> None:
        box = self.box()
        box.disabled = False
        box.add_class("-visible")
        box.focus()

    def changed(self, text: str) -> None:
        board = self.board
        wanted, shown = replace(board.model.filter, search=text), board.shown()
        kept = board.model.kept(wanted, shown)
        if kept is None:
            board.run_worker(lambda: self._read(wanted, shown), thread=True, exclusive=True, group="search")
        else:
            self.show(kept)

    def _read(self, wanted: BoardFilter, shown: dict[int, int]) -> None:
        self.board.post_message(SearchRead(self.board.model.read(wanted, None, shown)))

    def show(self, reading: Reading) -> None:
        """Show what a search read, unless the box or the filter changed since it began."""
        board = self.board
        if reading.filter != replace(board.model.filter, search=self.box().value):
            return  # a newer keystroke (or filter) has its own reading coming
        board.model.apply(reading)
        board.redraw()
        board.update_header()

    def submitted(self) -> None:
        box = self.box()
        if not box.value:
            self._hide(box)
        self.board.set_focus(None)

    def escape(self) -> bool:
        """Escape in the box empties and closes it; False when the box did not have focus."""
        box = self.box()
        if not box.has_focus:
            return False
        box.value = ""
        self._hide(box)
        self.board.set_focus(None)
        return True

    def _hide(self, box: Input) -> None:
        box.remove_class("-visible")
        box.disabled = True
