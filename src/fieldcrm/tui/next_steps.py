"""The keys of the daily loop, the same on the board, the agenda and the account screen: log a
contact (``l``), and mark the next step done (``d``), move it (``m``) or hand it over (``o``)
without logging one. Each change is one transaction and goes on the app's undo stack."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from fieldcrm import clock
from fieldcrm.i18n import t
from fieldcrm.tui.keys import localized
from fieldcrm.tui.undo import remember

if TYPE_CHECKING:
    from sqlalchemy import Engine


class StepHost(Protocol):
    """A screen whose keys act on one account's contacts."""

    @property
    def engine(self) -> Engine: ...

    @property
    def app(self) -> Any: ...

    def notify(self, message: str, *, severity: Any = ..., timeout: float | None = ...) -> None: ...

    def account_changed(self, account_id: int) -> None:
        """Redraw after a change of the account's rows."""


class StepChanges:
    """What ``l``, ``d``, ``m`` and ``o`` do on one screen."""

    def __init__(self, host: StepHost) -> None:
        self.host = host

    def log(self, account_id: int | None, person_id: int | None = None) -> None:
        """Open the contact form for the account (read off the UI thread first)."""
        if account_id is None:
            self.host.app.bell()
            return
        self.host.app.run_worker(
            lambda: self._read_for_log(account_id, person_id), thread=True, group="log-contact"
        )

    def _read_for_log(self, account_id: int, person_id: int | None) -> None:
        from fieldcrm.store.account_view import read_account

        data = read_account(self.host.engine, account_id, clock.today())
        self.host.app.call_from_thread(self._open_log, account_id, data, person_id)

    def _open_log(self, account_id: int, data: Any, person_id: int | None) -> None:
        from fieldcrm.tui.screens.account.contact_form import ContactForm

        if data is None:
            self.host.notify(t("account.gone"), severity="error")
            self.host.account_changed(account_id)
            return

        def closed(saved: bool | None) -> None:
            if saved:
                self.host.notify(t("account.contact_logged"), timeout=2)
            if saved is not None:
                self.host.account_changed(account_id)

        self.host.app.push_screen(localized(ContactForm)(self.host.engine, data, person_id), closed)

    def _step(self, activity_id: int | None, account_id: int | None) -> Any:
        """The contact whose next step the key acts on; None (and said why) when there is none."""
        from fieldcrm.store import activities

        try:
            if activity_id is not None:
                return activities.get_contact(self.host.engine, activity_id)
            found = None if account_id is None else activities.open_step(self.host.engine, account_id)
        except activities.ContactGone:
            self.host.notify(t("account.gone"), severity="error")
            return None
        if found is None:
            self.host.notify(t("step.none"), severity="warning")
        return found

    def done(self, activity_id: int | None = None, account_id: int | None = None) -> None:
        """Mark the step done (a done one opens again)."""
        from fieldcrm.store import activities

        step = self._step(activity_id, account_id)
        if step is None:
            return
        try:
            change = activities.finish_step(self.host.engine, step.id, done=not step.next_done)
        except LookupError:
            self.host.notify(t("account.gone"), severity="error")
        else:
            remember(self.host.app, change)
            key = "step.reopened" if step.next_done else "step.done"
            self.host.notify(t(key, step=step.next_step), timeout=3)
        self.host.account_changed(step.account_id)

    def move(self, activity_id: int | None = None, account_id: int | None = None) -> None:
        from fieldcrm.tui.screens.account.step_forms import MoveStepForm

        self._form(MoveStepForm, activity_id, account_id, "step.moved")

    def hand(self, activity_id: int | None = None, account_id: int | None = None) -> None:
        from fieldcrm.tui.screens.account.step_forms import HandStepForm

        self._form(HandStepForm, activity_id, account_id, "step.handed")

    def _form(self, form: type[Any], activity_id: int | None, account_id: int | None, done: str) -> None:
        step = self._step(activity_id, account_id)
        if step is None:
            return
        dialog = localized(form)(self.host.engine, step)

        def closed(saved: bool | None) -> None:
            if saved:
                remember(self.host.app, dialog.result)
                self.host.notify(t(done, step=step.next_step), timeout=3)
            if saved is not None:
                self.host.account_changed(step.account_id)

        self.host.app.push_screen(dialog, closed)
