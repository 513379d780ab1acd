"""The screens the board opens: an account, its scoring or plan, the agenda, the report, and the
export and import dialogs. Each is imported when first opened; back on the board, what it
changed is read again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldcrm.domain.stages import Stage
from fieldcrm.tui.keys import localized

if TYPE_CHECKING:
    from textual.screen import Screen

    from fieldcrm.tui.screens.board.screen import BoardScreen


class BoardOpens:
    """What ``enter``, ``s``, ``P``, ``a``, ``r``, ``x`` and ``i`` open from the board."""

    def __init__(self, board: BoardScreen) -> None:
        self.board = board

    def account(self, account_id: int) -> None:
        """The account's screen; back on the board, its card is selected."""
        from fieldcrm.tui.screens.account import AccountScreen

        board = self.board
        board.app.push_screen(
            localized(AccountScreen)(board.engine, account_id), lambda _: board.reload(select=account_id)
        )

    def scoring(self) -> None:
        from fieldcrm.tui.screens.assessment import ScoringScreen

        self._for_card(ScoringScreen)

    def plan(self) -> None:
        from fieldcrm.tui.screens.assessment import PlanScreen

        self._for_card(PlanScreen)

    def _for_card(self, screen: type[Screen[bool]]) -> None:
        """Open ``screen(engine, account_id)`` on the selected card; redraw if it saved."""
        board = self.board
        card = board.selected()
        if card is None:
            board.app.bell()
            return

        def closed(saved: bool | None) -> None:
            if saved:
                board.reload(select=card.id)

        board.app.push_screen(localized(screen)(board.engine, card.id), closed)  # type: ignore[arg-type]

    def agenda(self) -> None:
        from fieldcrm.tui.screens.agenda import AgendaScreen

        board = self.board
        board.app.push_screen(localized(AgendaScreen)(board.engine), lambda _: board.reload())

    def report(self) -> None:
        from fieldcrm.tui.screens.report import ReportScreen

        self.board.app.push_screen(localized(ReportScreen)(self.board.engine))

    def export(self) -> None:
        from fieldcrm.tui.screens.files import ExportDialog

        self.board.app.push_screen(localized(ExportDialog)(self.board.engine))

    def import_prospects(self) -> None:
        from fieldcrm.tui.screens.files import ImportDialog

        board = self.board

        def closed(written: object) -> None:
            if written:
                board.reload(stages=(Stage.PROSPECT,))

        board.app.push_screen(localized(ImportDialog)(board.engine), closed)
