"""Changes to one account's card, the same from the board and the account screen: moves
through the stage gates, status changes, undo.

Whether a change is allowed, and whether it passes a gate, is the domain's rule
(domain.transitions); the store checks it again inside the transaction that writes (store.
accounts) and returns the card as the change left it. Each change is remembered on the app's
one undo stack (so ``u`` takes back the latest change wherever it was made) and followed by a
redraw. The ORM-backed store modules are imported inside the methods, so the board's start-up
stays lean.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

from fieldcrm.domain import transitions
from fieldcrm.domain.gates import exit_checklist
from fieldcrm.domain.stages import Stage, Status
from fieldcrm.domain.transitions import Verdict
from fieldcrm.i18n import stage_name, stage_roles, t
from fieldcrm.store.board import Card
from fieldcrm.store.changes import AccountGone, Change, ContactChange, Gated, Refused
from fieldcrm.tui.keys import localized
from fieldcrm.tui.undo import remember, undo_stack

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from fieldcrm.store.models.account import Pause


class CardHost(Protocol):
    """A screen that shows an account's card: the board, or the account's own screen."""

    @property
    def engine(self) -> Engine: ...

    @property
    def app(self) -> Any: ...

    def notify(self, message: str, *, severity: Any = ..., timeout: float | None = ...) -> None: ...

    def selected(self) -> Card | None:
        """The card the keys act on (None: there is none)."""

    def show_change(
        self, change: Change, stages: Iterable[int] | None = None, moved: tuple[int, int] | None = None
    ) -> None:
        """Redraw after a change, with the card the store returned."""

    def account_changed(self, account_id: int) -> None:
        """Redraw after a change of the account's rows (not of its stage or status)."""

    def reload(self) -> None:
        """Read everything again (the account changed elsewhere)."""


class CardChanges:
    """What the writing keys of a card do, for one screen."""

    def __init__(self, board: CardHost) -> None:
        self.board = board

    def _allowed(self, verdict: Verdict) -> bool:
        """Say why the method refuses a change; True when it may go on (to the gate, if the
        change has one)."""
        if verdict.refused is None:
            return True
        self.board.notify(t(f"board.{verdict.refused}"), severity="warning")
        return False

    def _card(self) -> Card | None:
        card = self.board.selected()
        if card is None:
            self.board.app.bell()
        return card

    def move(self, direction: int) -> None:
        card = self._card()
        if card is None:
            return
        stage, to = Stage(card.stage), card.stage + direction
        if not self._allowed(transitions.move(stage, Status(card.status), to)):
            return
        from fieldcrm.store import accounts

        target, engine = Stage(to), self.board.engine
        self._through_gate(
            card,
            transitions.gated(stage, to),
            lambda missing: accounts.move_stage(engine, card.id, target, overridden=missing),
            (card.stage, to),
            moved=True,
        )

    def _through_gate(
        self,
        card: Card,
        gated: bool,
        change: Callable[[list[str]], Change],
        stages: tuple[int, ...],
        moved: bool = False,
    ) -> None:
        """When the change is ``gated``, check the stage's exit checklist and ask before
        overriding what is missing."""
        if not gated:
            self._apply(lambda: change([]), stages, moved)
            return
        from fieldcrm.store.facts import account_facts

        items = exit_checklist(account_facts(self.board.engine, card.id))
        missing = [i.key for i in items if not i.met]
        if not missing:
            self._apply(lambda: change([]), stages, moved)
            return

        def decided(override: bool | None) -> None:
            if override:
                self._apply(lambda: change(missing), stages, moved)

        from fieldcrm.tui.screens.board.dialogs import GateDialog

        title = t("gate.title", name=card.name, stage=stage_name(card.stage))
        dialog = localized(GateDialog)(title, items, stage_roles(card.stage))
        self.board.app.push_screen(dialog, decided)

    def _apply(self, change: Callable[[], Change], stages: tuple[int, ...], moved: bool = False) -> None:
        """Run one change (one transaction), remember it for undo, redraw the columns it touched.

        ``moved``: the change moved the card from ``stages[0]`` to ``stages[1]``.
        """
        try:
            done = change()
        except AccountGone:
            self.board.notify(t("board.gone"), severity="error")
            self.board.reload()
            return
        except (Refused, Gated) as exc:  # the account changed since the board read it
            key = f"board.{exc.refusal}" if isinstance(exc, Refused) else "board.gated"
            self.board.notify(t(key), severity="warning")
            self.board.reload()
            return
        remember(self.board.app, done)
        if moved:
            self.board.show_change(done, moved=(stages[0], stages[1]))
        else:
            self.board.show_change(done, stages=stages)

    def _status_change(self, to: Status) -> Card | None:
        """The selected card, if the method lets its status become ``to`` (gate aside)."""
        card = self._card()
        if card is None:
            return None
        verdict = transitions.change_status(Stage(card.stage), Status(card.status), to)
        return card if self._allowed(verdict) else None

    def terminate(self) -> None:
        from fieldcrm.store import accounts

        card = self._status_change(Status.TERMINATED)
        if card is None:
            return
        engine = self.board.engine

        def closed(result: tuple[Status, str] | None) -> None:
            if result is not None:
                status, reason = result
                self._apply(lambda: accounts.set_status(engine, card.id, status, reason), (card.stage,))

        from fieldcrm.tui.screens.board.dialogs import CloseDialog

        self.board.app.push_screen(localized(CloseDialog)(card.name), closed)

    def pause(self, reason: str = "") -> None:
        """Pause the account, asking why and when to look again (``reason`` proposed), or
        resume a paused one."""
        selected = self.board.selected()
        status = Status.ACTIVE if selected is not None and selected.status == Status.PAUSED else Status.PAUSED
        card = self._status_change(status)
        if card is None:
            return
        from fieldcrm.store import accounts

        engine = self.board.engine
        if status == Status.ACTIVE:
            self._apply(lambda: accounts.set_status(engine, card.id, status), (card.stage,))
            self.board.notify(t("board.active_done", name=card.name), timeout=3)
            return

        def paused(pause: Pause | None) -> None:
            if pause is not None:
                change = partial(
                    accounts.set_status, engine, card.id, status, pause.reason, review_on=pause.review_on
                )
                self._apply(change, (card.stage,))
                self.board.notify(t("board.paused_done", name=card.name), timeout=3)

        from fieldcrm.tui.screens.board.dialogs import PauseDialog

        self.board.app.push_screen(localized(PauseDialog)(card.name, reason), paused)

    def won(self) -> None:
        from fieldcrm.store import accounts

        card = self._status_change(Status.WON)
        if card is None:
            return
        engine = self.board.engine
        self._through_gate(
            card,
            transitions.gated(Stage(card.stage), status=Status.WON),
            lambda missing: accounts.set_status(engine, card.id, Status.WON, overridden=missing),
            (card.stage,),
        )

    def undo(self) -> None:
        stack = undo_stack(self.board.app)
        if not stack:
            self.board.notify(t("board.nothing_to_undo"), severity="warning")
            return
        from fieldcrm.store import accounts, activities

        change = stack.pop()
        try:
            if isinstance(change, ContactChange):
                activities.undo_contact_change(self.board.engine, change)
            else:
                done = accounts.undo(self.board.engine, change)
        except AccountGone:
            self.board.notify(t("board.gone"), severity="error")
            self.board.reload()
            return
        if isinstance(change, ContactChange):
            self.board.account_changed(change.account_id)
        else:
            self.board.show_change(done)
        self.board.notify(t("board.undone"), timeout=2)


class CardKeys:
    """The actions of the card keys (``]`` ``[`` ``t`` ``p`` ``w`` ``u``), for a screen whose
    ``changes`` make them: the board, and the account screen for its own account."""

    changes: CardChanges

    def action_move(self, direction: int) -> None:
        self.changes.move(direction)

    def action_terminate(self) -> None:
        self.changes.terminate()

    def action_pause(self) -> None:
        self.changes.pause()

    def action_won(self) -> None:
        self.changes.won()

    def action_undo(self) -> None:
        self.changes.undo()
