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

from fieldcrm.domain import transitions
from fieldcrm.domain.gates import exit_checklist
from fieldcrm.domain.stages import STAGES, Stage, Status
from fieldcrm.domain.transitions import Verdict
from fieldcrm.i18n import language, t
from fieldcrm.store.board import Card
from fieldcrm.store.changes import AccountGone, Change, Gated, Refused
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

    def _allowed(self, verdict: Verdict) -> bool:
        """Say why the method refuses a change (domain.transitions); True when it may go on
        (to the gate, if the change has one)."""
        if verdict.refused is None:
            return True
        self.notify(t(f"board.{verdict.refused}"), severity="warning")
        return False

    def _card(self) -> Card | None:
        card = self.selected()
        if card is None:
            self.app.bell()
        return card

    def action_move(self, direction: int) -> None:
        card = self._card()
        if card is None:
            return
        stage, to = Stage(card.stage), card.stage + direction
        if not self._allowed(transitions.move(stage, Status(card.status), to)):
            return
        from fieldcrm.store import accounts

        target, moved = Stage(to), (card.stage, to)
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
        except (Refused, Gated) as exc:  # the account changed since the board read it
            key = f"board.{exc.refusal}" if isinstance(exc, Refused) else "board.gated"
            self.notify(t(key), severity="warning")
            self.reload()
            return
        self.undo_stack = [*self.undo_stack[-(UNDO_DEPTH - 1) :], done]
        if moved:
            self.reload(select=account_id, moved=(stages[0], stages[1]))
        else:
            self.reload(select=account_id, stages=stages)

    def _status_change(self, to: Status) -> Card | None:
        """The selected card, if the method lets its status become ``to`` (gate aside)."""
        card = self._card()
        if card is None:
            return None
        verdict = transitions.change_status(Stage(card.stage), Status(card.status), to)
        return card if self._allowed(verdict) else None

    def action_terminate(self) -> None:
        from fieldcrm.store import accounts

        card = self._status_change(Status.TERMINATED)
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
        selected = self.selected()
        status = Status.ACTIVE if selected is not None and selected.status == Status.PAUSED else Status.PAUSED
        card = self._status_change(status)
        if card is None:
            return
        from fieldcrm.store import accounts

        self._apply(lambda: accounts.set_status(self.engine, card.id, status), card.id, (card.stage,))
        self.notify(t(f"board.{status.value}_done", name=card.name), timeout=3)

    def action_won(self) -> None:
        from fieldcrm.store import accounts

        card = self._status_change(Status.WON)
        if card is None:
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
