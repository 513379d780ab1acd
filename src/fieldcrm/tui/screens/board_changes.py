"""The board's changes: moves through the stage gates, status changes, undo, new accounts.

Each change is one transaction with its stage event (store.accounts), remembered for undo, and
followed by a redraw of the columns it touched. The ORM-backed store modules are imported
inside the actions, so the board's start-up stays lean.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import Engine
from textual.screen import Screen

from fieldcrm.domain.gates import exit_checklist
from fieldcrm.domain.stages import STAGES, Stage, Status
from fieldcrm.i18n import language, t
from fieldcrm.store.board import Card
from fieldcrm.store.changes import AccountGone, Change
from fieldcrm.tui.keys import localized
from fieldcrm.tui.screens.dialogs import CloseDialog, GateDialog, NewAccountDialog

UNDO_DEPTH = 50


class BoardChanges(Screen[None]):
    """The board's writing actions (BoardScreen mixes these in)."""

    engine: Engine
    db_path: Path
    undo_stack: list[Change]

    def selected(self) -> Card | None:
        raise NotImplementedError

    def reload(
        self,
        select: int | None = None,
        stages: Iterable[int] | None = None,
        moved: tuple[int, int] | None = None,
    ) -> None:
        raise NotImplementedError

    def _active_card(self) -> Card | None:
        card = self.selected()
        if card is None:
            self.app.bell()
        elif card.status != Status.ACTIVE:
            self.notify(t("board.only_active"), severity="warning")
            return None
        return card

    def action_move(self, direction: int) -> None:
        card = self._active_card()
        if card is None:
            return
        target = Stage(card.stage).next() if direction > 0 else Stage(card.stage).previous()
        if target is None:
            self.notify(t("board.no_further" if direction > 0 else "board.no_back"), severity="warning")
            return
        from fieldcrm.store import accounts

        moved = (card.stage, int(target))
        if direction < 0:
            self._apply(lambda: accounts.move_stage(self.engine, card.id, target), card.id, moved, moved=True)
            return
        self._through_gate(
            card,
            lambda missing: accounts.move_stage(self.engine, card.id, target, overridden=missing),
            moved,
            moved=True,
        )

    def _through_gate(
        self, card: Card, change: Callable[[list[str]], Change], stages: tuple[int, ...], moved: bool = False
    ) -> None:
        """Check the stage's exit checklist; ask before overriding what is missing."""
        from fieldcrm.store.facts import account_facts

        items = exit_checklist(account_facts(self.engine, card.id))
        missing = [i.key for i in items if not i.met]
        if not missing:
            self._apply(lambda: change([]), card.id, stages, moved)
            return

        def decided(override: bool | None) -> None:
            if override:
                self._apply(lambda: change(missing), card.id, stages, moved)

        title = t("gate.title", name=card.name, stage=STAGES[Stage(card.stage)].name(language()))
        self.app.push_screen(localized(GateDialog)(title, [(i.key, i.met) for i in items]), decided)

    def _apply(
        self, change: Callable[[], Change], account_id: int, stages: tuple[int, ...], moved: bool = False
    ) -> None:
        """Run one change (one transaction), remember it for undo, redraw the columns it touched.

        ``moved``: the change moved the card from ``stages[0]`` to ``stages[1]``.
        """
        try:
            done = change()
        except AccountGone:
            self.notify(t("board.gone"), severity="error")
            self.reload()
            return
        self.undo_stack = [*self.undo_stack[-(UNDO_DEPTH - 1) :], done]
        if moved:
            self.reload(select=account_id, moved=(stages[0], stages[1]))
        else:
            self.reload(select=account_id, stages=stages)

    def action_terminate(self) -> None:
        from fieldcrm.store import accounts

        card = self._active_card()
        if card is None:
            return

        def closed(result: tuple[Status, str] | None) -> None:
            if result is not None:
                status, reason = result
                self._apply(
                    lambda: accounts.set_status(self.engine, card.id, status, reason), card.id, (card.stage,)
                )

        self.app.push_screen(localized(CloseDialog)(card.name), closed)

    def action_pause(self) -> None:
        card = self.selected()
        if card is None:
            self.app.bell()
            return
        if card.status not in (Status.ACTIVE, Status.PAUSED):
            self.notify(t("board.pause_only"), severity="warning")
            return
        from fieldcrm.store import accounts

        status = Status.PAUSED if card.status == Status.ACTIVE else Status.ACTIVE
        self._apply(lambda: accounts.set_status(self.engine, card.id, status), card.id, (card.stage,))
        self.notify(t(f"board.{status.value}_done", name=card.name), timeout=3)

    def action_won(self) -> None:
        from fieldcrm.store import accounts

        card = self._active_card()
        if card is None:
            return
        if card.stage != Stage.CLOSE:
            self.notify(t("board.won_only_close"), severity="warning")
            return
        self._through_gate(
            card,
            lambda missing: accounts.set_status(self.engine, card.id, Status.WON, overridden=missing),
            (card.stage,),
        )

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify(t("board.nothing_to_undo"), severity="warning")
            return
        from fieldcrm.store import accounts

        change = self.undo_stack.pop()
        try:
            accounts.undo(self.engine, change)
        except AccountGone:
            self.notify(t("board.gone"), severity="error")
        self.reload(select=change.account_id)
        self.notify(t("board.undone"), timeout=2)

    def action_new_account(self) -> None:
        from fieldcrm.store import accounts

        def created(data: object) -> None:
            if data is not None:
                account = accounts.create_account(self.engine, data)  # type: ignore[arg-type]
                assert account.id is not None
                self.reload(select=account.id, stages=(Stage.PROSPECT,))
                self.notify(t("board.created", name=account.name), timeout=3)

        self.app.push_screen(localized(NewAccountDialog)(), created)
