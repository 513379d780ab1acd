"""The board's search box: each keystroke narrows the board.

A board kept from before (the search erased back to it) is shown at once; any other is read in
a worker thread and reaches the screen as a message. Either way the typed character waits for
its board (at most HOLD seconds), and both are painted in one frame. A reading that a newer
keystroke or filter has overtaken is dropped.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input

from fieldcrm.store.board import BoardFilter
from fieldcrm.tui.screens.board.model import Reading
from fieldcrm.tui.textual_private import hold_frames, release_frames

if TYPE_CHECKING:
    from textual.timer import Timer

    from fieldcrm.tui.screens.board.screen import BoardScreen


HOLD = 0.05  # seconds the typed character may wait for its board, to be painted with it


class SearchBox(Input):
    """The search box. Its text's width is its scrollable width, which Textual's Input sets
    on every key; a change of it here repaints the box alone instead of laying out the whole
    screen (which also split the key's repaint into two frames). Its cursor does not blink:
    a blink is a frame, and a key that comes just after one waits for the next."""

    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, *, id: str, placeholder: str) -> None:
        super().__init__(id=id, placeholder=placeholder, disabled=True)
        self.cursor_blink = False


class SearchRead(Message):
    """The board under a search, read in a thread."""

    def __init__(self, reading: Reading) -> None:
        super().__init__()
        self.reading = reading


class BoardSearch:
    """The search box of one board."""

    def __init__(self, board: BoardScreen) -> None:
        self.board = board
        self._held: Timer | None = None

    def box(self) -> SearchBox:
        return self.board.query_one("#search", SearchBox)

    def open(self) -> None:
        box = self.box()
        box.disabled = False
        box.add_class("-visible")
        box.focus()

    def changed(self, text: str) -> None:
        board = self.board
        wanted, shown = replace(board.model.filter, search=text), board.shown()
        kept = board.model.kept(wanted, shown)
        self._hold()
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
        self._release()

    def _hold(self) -> None:
        """Hold the frame that would show the typed character alone, for at most HOLD
        seconds, so that it and the board it finds are painted in one frame."""
        if self._held is None:
            hold_frames(self.board.app)
            self._held = self.board.set_timer(HOLD, self._release)

    def _release(self) -> None:
        if self._held is not None:
            self._held.stop()
            self._held = None
            release_frames(self.board.app)

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
