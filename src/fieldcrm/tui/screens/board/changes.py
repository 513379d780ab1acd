"""The board's own changes: new accounts, on top of what every card's keys do (card_changes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldcrm.domain.stages import Stage
from fieldcrm.i18n import t
from fieldcrm.tui.card_changes import CardChanges
from fieldcrm.tui.keys import localized
from fieldcrm.tui.screens.board.dialogs import NewAccountDialog

if TYPE_CHECKING:
    from fieldcrm.tui.screens.board.screen import BoardScreen


class BoardChanges(CardChanges):
    """What the board's writing keys do, for one board."""

    board: BoardScreen

    def new_account(self) -> None:
        from fieldcrm.store import accounts

        def created(data: object) -> None:
            if data is not None:
                account = accounts.create_account(self.board.engine, data)  # type: ignore[arg-type]
                assert account.id is not None
                self.board.reload(select=account.id, stages=(Stage.PROSPECT,))
                self.board.notify(t("board.created", name=account.name), timeout=3)

        self.board.app.push_screen(localized(NewAccountDialog)(), created)
