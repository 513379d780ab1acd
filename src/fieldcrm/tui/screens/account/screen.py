"""The account screen: seven panes (overview, people, contacts, decision simulation, forces,
stage work, record).

Opened with ``enter`` from the board. The panes only show; every change goes through a form
or a confirmation, is one transaction, and is followed by one re-read of the account.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Engine
from textual import on, work
from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import TabbedContent, TabPane

from fieldcrm import clock
from fieldcrm.domain.forces import Role
from fieldcrm.i18n import t
from fieldcrm.store.account_view import AccountView, read_account
from fieldcrm.store.board import Card, card_in
from fieldcrm.store.changes import Change, Undoable
from fieldcrm.store.models import Account, Activity, Material, Person, SimReason
from fieldcrm.store.people import has_role, step_ladder
from fieldcrm.store.simulation import move_reason
from fieldcrm.tui.card_changes import CardChanges, CardKeys
from fieldcrm.tui.dialog import Dialog
from fieldcrm.tui.keys import HasKeys, localized
from fieldcrm.tui.next_steps import StepChanges
from fieldcrm.tui.offers import after_verdict
from fieldcrm.tui.plain import PlainStatic, PlainTable
from fieldcrm.tui.screens.account.account_form import AccountForm
from fieldcrm.tui.screens.account.bindings import KEYS, PANES, WHERE
from fieldcrm.tui.screens.account.contact_form import ContactForm
from fieldcrm.tui.screens.account.contacts import ContactsPane
from fieldcrm.tui.screens.account.data import Pane
from fieldcrm.tui.screens.account.deleting import confirm_delete
from fieldcrm.tui.screens.account.forces import ForcesPane
from fieldcrm.tui.screens.account.form import FormDialog
from fieldcrm.tui.screens.account.overview import OverviewPane
from fieldcrm.tui.screens.account.people import PeoplePane
from fieldcrm.tui.screens.account.person_form import PersonForm
from fieldcrm.tui.screens.account.reason_form import ReasonForm
from fieldcrm.tui.screens.account.record import RecordPane
from fieldcrm.tui.screens.account.requests import Asks
from fieldcrm.tui.screens.account.simulation import SimulationPane
from fieldcrm.tui.screens.account.title import account_title
from fieldcrm.tui.screens.account.work import WorkPane
from fieldcrm.tui.screens.account.work_forms import (
    CounterPlanForm,
    MaterialForm,
    MilestoneForm,
    ReviewForm,
    opponents,
)
from fieldcrm.tui.screens.help import HelpScreen
from fieldcrm.tui.stylesheets import stylesheet
from fieldcrm.tui.undo import remember
from fieldcrm.tui.widgets.footer import KeysFooter

STYLES = stylesheet("account")
NARROW = 110  # below this many columns the split panes stack
_PANE_TYPES = (OverviewPane, PeoplePane, ContactsPane, SimulationPane, ForcesPane, WorkPane, RecordPane)


@dataclass
class AccountRead(Message):
    """The account as read by the worker (None: it no longer exists)."""

    data: AccountView | None
    select_reason: int | None


class AccountScreen(CardKeys, Screen[None], HasKeys):
    """Everything the method asks the rep to record about one account, in five panes."""

    CSS_PATH = STYLES
    AUTO_FOCUS = None
    KEYS = KEYS

    def __init__(self, engine: Engine, account_id: int) -> None:
        super().__init__()
        self.engine = engine
        self.account_id = account_id
        self.data: AccountView | None = None
        self.changes = CardChanges(self)  # the board's keys for this account's card
        self.steps = StepChanges(self)
        self.asks = Asks(self)  # requests to the team's managers

    def compose(self) -> ComposeResult:
        yield PlainStatic(id="account-title")
        with TabbedContent(id="panes"):
            for n, (pane, widget) in enumerate(zip(PANES, _PANE_TYPES, strict=True), start=1):
                with TabPane(f"{n} {t(f'pane.{pane}')}", id=pane):
                    yield widget(id=f"{pane}-pane")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#account-title", PlainStatic).update(t("account.loading"))
        self.reload()

    @on(Resize)
    def _resized(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    # -- reading ---------------------------------------------------------------------------

    @property
    def pane(self) -> str:
        return self.query_one("#panes", TabbedContent).active

    def pane_of(self, name: str) -> Pane:
        return cast(Pane, self.query_one(f"#{name}-pane"))

    @property
    def people(self) -> PeoplePane:
        return self.query_one("#people-pane", PeoplePane)

    @property
    def simulation(self) -> SimulationPane:
        return self.query_one("#simulation-pane", SimulationPane)

    @property
    def contacts(self) -> ContactsPane:
        return self.query_one("#contacts-pane", ContactsPane)

    @property
    def stage_work(self) -> WorkPane:
        return self.query_one("#work-pane", WorkPane)

    @property
    def forces(self) -> ForcesPane:
        return self.query_one("#forces-pane", ForcesPane)

    def selected_item(self) -> Person | SimReason | Activity | Material | str | None:
        """The person, contact, reason or material under the cursor of the current pane, or
        the milestone (by its item) on the stage work pane."""
        if self.pane == "people":
            return self.people.selected
        if self.pane == "contacts":
            return self.contacts.selected
        if self.pane == "work":
            return self.stage_work.selected_item or self.stage_work.selected_material
        return self.simulation.selected if self.pane == "simulation" else None

    def reload(self, select_reason: int | None = None) -> None:
        """Read the account again (off the UI thread), then redraw every pane."""
        self._read(select_reason)

    @work(thread=True, exclusive=True, group="account")
    def _read(self, select_reason: int | None) -> None:
        self.post_message(
            AccountRead(read_account(self.engine, self.account_id, clock.today()), select_reason)
        )

    @on(AccountRead)
    def _show(self, message: AccountRead) -> None:
        data = message.data
        if data is None:
            self.notify(t("account.gone"), severity="error")
            self.dismiss(None)
            return
        first = self.data is None
        self.data = data
        self.query_one("#account-title", PlainStatic).update(account_title(data))
        for pane in ("overview", "people", "contacts", "forces", "work", "record"):
            self.pane_of(pane).show(data)
        self.simulation.show(data, select=message.select_reason)
        self.refresh_bindings()
        if first:
            self.pane_of(self.pane).focus_main()

    # -- panes and keys --------------------------------------------------------------------

    def action_pane(self, pane: str) -> None:
        self.query_one("#panes", TabbedContent).active = pane
        self.call_after_refresh(self.pane_of(pane).focus_main)

    @on(TabbedContent.TabActivated)
    def _pane_shown(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Pane actions dim without a selection; off their panes they still run, to say where
        they work (see :meth:`_here`), but the footer leaves them out. Requests to the managers
        exist in team mode only."""
        if action == "ask_request":
            return self.asks.in_team
        if action not in WHERE or self.pane not in WHERE[action]:
            return True
        if action == "ladder":
            person = self.people.selected
            return True if person is not None and has_role(person, Role.INSIDER) else None
        if action in ("edit", "delete", "move_reason") and self.pane != "overview":
            return None if self.selected_item() is None else True
        return True

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The footer shows a pane's own actions only on that pane."""
        return {
            key: active
            for key, active in super().active_bindings.items()
            if self.pane in WHERE.get(active.binding.action.split("(")[0], PANES)
        }

    def _here(self, action: str) -> bool:
        """True when ``action`` works on the current pane; else say where it does."""
        panes = WHERE[action]
        if self.pane in panes:
            return True
        names = " · ".join(t(f"pane.{p}") for p in panes)
        self.notify(t("account.key_elsewhere", panes=names), severity="warning")
        return False

    def action_help(self) -> None:
        notes = (t("help.closeness"), t("help.insider"), t("help.records"))
        self.app.push_screen(localized(HelpScreen)(t("account.help_title"), self.KEYS, notes))

    def action_back(self) -> None:
        self.dismiss(None)

    @on(PlainTable.RowSelected)
    def _row_chosen(self, event: PlainTable.RowSelected) -> None:
        """Enter on a person or a reason edits it."""
        if self.pane in WHERE["edit"]:
            self.action_edit()

    # -- changes ---------------------------------------------------------------------------

    def action_ask_request(self) -> None:
        self.asks.ask()

    def _open(
        self, dialog: Dialog[bool], done: str, undoable: bool = False, then: Callable[[], None] | None = None
    ) -> None:
        """Show a form; when it saved, re-read the account and say so (and remember the change
        for ``u`` when it is ``undoable``; run ``then``)."""

        def closed(saved: bool | None) -> None:
            if saved is not None:  # False: the row was gone, and the form has said so
                self.reload()
            if saved:
                if undoable and isinstance(dialog, FormDialog):
                    remember(self.app, cast(Undoable, dialog.result))
                self.notify(done, timeout=2)
                if then is not None:
                    then()

        self.app.push_screen(dialog, closed)

    def action_log_contact(self) -> None:
        if self.data is None:
            return
        person = self.people.selected if self.pane == "people" else None
        form = localized(ContactForm)(self.engine, self.data, person.id if person else None)
        self._open(form, t("account.contact_logged"))

    def action_new(self) -> None:
        if self.data is None or not self._here("new"):
            return
        if self.pane == "contacts":
            self.action_log_contact()
        elif self.pane == "people":
            self._open(localized(PersonForm)(self.engine, self.account_id), t("account.saved"))
        elif self.pane == "simulation":
            form = localized(ReasonForm)(
                self.engine, self.data, self.simulation.kind, self.simulation.person_id
            )
            self._open(form, t("account.saved"))
        elif self.pane == "work":
            self._open(localized(MaterialForm)(self.engine, self.data), t("account.saved"))

    def action_edit(self) -> None:
        if self.data is None or not self._here("edit"):
            return
        if self.pane == "overview":
            editing = localized(AccountForm)(self.engine, self.data.account)
            verdict_before = self.data.account.opportunity

            def verdict() -> None:
                saved = cast(Account, editing.result)
                if verdict_before is not False:  # the verdict just became "no opportunity"
                    after_verdict(self.app, self.engine, saved, self.reload)

            self._open(editing, t("account.saved"), then=verdict)
            return
        selected = self.selected_item()
        if isinstance(selected, Person):
            self._open(localized(PersonForm)(self.engine, self.account_id, selected), t("account.saved"))
        elif isinstance(selected, SimReason):
            form = localized(ReasonForm)(self.engine, self.data, selected.kind, selected.person_id, selected)
            self._open(form, t("account.saved"))
        elif isinstance(selected, Material):
            self._open(localized(MaterialForm)(self.engine, self.data, selected), t("account.saved"))
        elif isinstance(selected, str):
            self._open(localized(MilestoneForm)(self.engine, self.data, selected), t("account.saved"))
        elif isinstance(selected, Activity):
            correcting = localized(ContactForm)(self.engine, self.data, row=selected)
            self._open(correcting, t("account.contact_saved"), undoable=True)

    def action_delete(self) -> None:
        if self.data is not None and self._here("delete"):
            confirm_delete(self, self.data)

    def action_ladder(self, delta: int) -> None:
        if not self._here("ladder"):
            return
        person = self.people.selected if self.pane == "people" else None
        if person is None or not has_role(person, Role.INSIDER) or person.id is None:
            self.notify(t("ladder.not_insider"), severity="warning")
            return
        moved = step_ladder(self.engine, person.id, up=delta > 0)
        if moved is None:
            self.notify(t("ladder.top" if delta > 0 else "ladder.bottom"), severity="warning")
            return
        self.reload()

    def action_review(self) -> None:
        """Keep today's forces at the account, with a note (定期做出评估)."""
        if self.data is not None and self._here("review"):
            self._open(localized(ReviewForm)(self.engine, self.data), t("forces.reviewed"))

    def action_counter(self) -> None:
        """A counter-plan for the selected opponent (the most influential one if none is)."""
        if self.data is None or not self._here("counter"):
            return
        person = self.forces.selected or next(iter(opponents(self.data)), None)
        if person is None:
            self.notify(t("forces.no_opponents"), severity="warning")
            return
        self._open(localized(CounterPlanForm)(self.engine, self.data, person), t("account.saved"))

    def action_move_reason(self, delta: int) -> None:
        if not self._here("move_reason"):
            return
        reason = self.simulation.selected if self.pane == "simulation" else None
        if reason is None or reason.id is None:
            self.app.bell()
            return
        if move_reason(self.engine, reason.id, delta):
            self.reload(select_reason=reason.id)

    # -- the board's keys for this account (tui/card_changes.py, tui/next_steps.py) ----------

    def selected(self) -> Card | None:
        """This account's card, as the board's keys act on it."""
        with self.engine.connect() as conn:
            now = card_in(conn, self.account_id)
        if now is None:
            self.notify(t("account.gone"), severity="error")
        return now

    def show_change(
        self, change: Change, stages: Iterable[int] | None = None, moved: tuple[int, int] | None = None
    ) -> None:
        self.reload()

    def account_changed(self, account_id: int) -> None:
        self.reload()

    def action_score(self) -> None:
        from fieldcrm.tui.screens.assessment import ScoringScreen

        self._open_screen(ScoringScreen)

    def action_plan(self) -> None:
        from fieldcrm.tui.screens.assessment import PlanScreen

        self._open_screen(PlanScreen)

    def _open_screen(self, screen: type[Screen[bool]]) -> None:
        opened = cast(Any, localized(screen))(self.engine, self.account_id)
        self.app.push_screen(opened, lambda _: self.reload())

    def _step_of_pane(self) -> dict[str, int]:
        """On Contacts the selected contact's next step; elsewhere the account's open one."""
        contact = self.contacts.selected if self.pane == "contacts" else None
        if contact is not None and contact.id is not None:
            return {"activity_id": contact.id}
        return {"account_id": self.account_id}

    def action_step_done(self) -> None:
        self.steps.done(**self._step_of_pane())

    def action_step_move(self) -> None:
        self.steps.move(**self._step_of_pane())

    def action_step_hand(self) -> None:
        self.steps.hand(**self._step_of_pane())
