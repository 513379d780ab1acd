"""The board's filter, its view (active, paused, closed, all) and each column's order."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from fieldcrm.i18n import t
from fieldcrm.store.board import SORTS, BoardFilter
from fieldcrm.tui.keys import localized
from fieldcrm.tui.screens.board.filter_dialog import VIEWS, FilterDialog, view_of

if TYPE_CHECKING:
    from fieldcrm.tui.screens.board.screen import BoardScreen

_VIEW_CYCLE = ("active", "paused", "closed", "all")


class BoardViews:
    """What ``f``, ``v`` and ``S`` do on the board."""

    def __init__(self, board: BoardScreen) -> None:
        self.board = board

    def filter(self) -> None:
        """The filter dialog; the board read again under what it sets."""
        board = self.board

        def apply(result: BoardFilter | None) -> None:
            if result is not None:
                board.model.filter = result
                board.reload()

        board.app.push_screen(localized(FilterDialog)(board.model.filter), apply)

    def cycle_sort(self) -> None:
        """Order the current column by the next of due date, days in stage, grade, score, name;
        the selected card stays selected. No count changes, so none is read again."""
        board = self.board
        sort = SORTS[(SORTS.index(board.model.columns[board.stage].sort) + 1) % len(SORTS)]
        selected = board.selected()
        board.model.reorder(board.stage, sort)
        board.redraw((board.stage,))
        if selected is not None:
            board.select_card(selected)
        board.notify(t("sort.now", order=t(f"sort.{sort}")), timeout=2)

    def cycle_view(self) -> None:
        """The next view: active, paused, closed, all."""
        board = self.board
        following = _VIEW_CYCLE[
            (_VIEW_CYCLE.index(view_of(board.model.filter.statuses)) + 1) % len(_VIEW_CYCLE)
        ]
        board.model.filter = replace(board.model.filter, statuses=VIEWS[following])
        board.reload()
        board.notify(t(f"view.{following}"), timeout=2)
