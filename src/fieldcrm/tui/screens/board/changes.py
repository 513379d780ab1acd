"""The board's own changes: new accounts, on top of what every card's keys do (card_changes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldcrm.domain.stages import Stage
from fieldcrm.i18n import t
from fieldcrm.tui.card_changes import CardChanges
from fieldcrm.tui.dialog import ConfirmDialog
from fieldcrm.tui.keys import localized
from fieldcrm.tui.screens.board.dialogs import NewAccountDialog

if TYPE_CHECKING:
    from fieldcrm.store.models import AccountCreate
    from fieldcrm.tui.screens.board.screen import BoardScreen


class BoardChanges(CardChanges):
    """What the board's writing keys do, for one board."""

    board: BoardScreen

    def new_account(self) -> None:
        """Ask for the new account; one the importer would call a duplicate of an account
        already there (same name however typed, same phone) is offered to open instead."""
        from fieldcrm.store import accounts

        def typed(data: AccountCreate | None) -> None:
            if data is None:
                return
            found = accounts.duplicate_of(self.board.engine, data.name, data.phone)
            if found is None:
                self._create(data)
                return
            account_id, name, how = found

            def decided(open_it: bool | None) -> None:
                if open_it:
                    self.board.open_account(account_id)
                elif open_it is False:
                    self._create(data)

            text = t(f"new.duplicate_{how}", name=name)
            dialog = localized(ConfirmDialog)(
                t("new.duplicate_title"), text, t("new.open_it"), t("new.create_anyway")
            )
            self.board.app.push_screen(dialog, decided)

        self.board.app.push_screen(localized(NewAccountDialog)(), typed)

    def _create(self, data: AccountCreate) -> None:
        from fieldcrm.store import accounts

        account = accounts.create_account(self.board.engine, data)
        assert account.id is not None
        self.board.reload(select=account.id, stages=(Stage.PROSPECT,))
        self.board.notify(t("board.created", name=account.name), timeout=3)
