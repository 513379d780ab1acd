"""The account screen: five panes (overview, people, contacts, decision simulation, forces).

Opened with ``enter`` from the board. The panes only show; every change goes through a form
or a confirmation, is one transaction, and is followed by one re-read of the account.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from sqlalchemy import Engine
from textual import on
from textual.app import ComposeResult
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from fieldcrm.domain.forces import Role
from fieldcrm.domain.stages import STAGES, Stage
from fieldcrm.i18n import language, t
from fieldcrm.store.models import Person, SimReason
from fieldcrm.tui.keys import HasKeys, KeySpec, localized
from fieldcrm.tui.screens.account.account_form import AccountForm
from fieldcrm.tui.screens.account.confirm import ConfirmDialog
from fieldcrm.tui.screens.account.contact_form import ContactForm
from fieldcrm.tui.screens.account.contacts import ContactsPane
from fieldcrm.tui.screens.account.data import AccountData, Pane, load
from fieldcrm.tui.screens.account.deleting import confirm_delete
from fieldcrm.tui.screens.account.forces import ForcesPane
from fieldcrm.tui.screens.account.overview import OverviewPane
from fieldcrm.tui.screens.account.people import PeoplePane
from fieldcrm.tui.screens.account.person_form import PersonForm
from fieldcrm.tui.screens.account.reason_form import ReasonForm
from fieldcrm.tui.screens.account.simulation import SimulationPane
from fieldcrm.tui.screens.dialogs import Dialog
from fieldcrm.tui.screens.help import HelpScreen

STYLES = Path(__file__).resolve().parent.parent.parent / "styles" / "account.tcss"
PANES = ("overview", "people", "contacts", "simulation", "forces")
NARROW = 110  # below this many columns the split panes stack
# the panes where each action applies
_WHERE = {
    "edit": ("overview", "people", "simulation"),
    "new": ("people", "contacts", "simulation"),
    "delete": ("overview", "people", "simulation"),
    "ladder": ("people",),
    "move_reason": ("simulation",),
}


def _pane_key(n: int, pane: str, en: str, zh: str) -> KeySpec:
    return KeySpec(
        f"account.{pane}",
        str(n),
        f"pane('{pane}')",
        en,
        zh,
        show=False,
        long_en=f"Show the {en.lower()} pane",
        long_zh=f"显示{zh}",
    )


class AccountScreen(Screen[None], HasKeys):
    """Everything the method asks the rep to record about one account, in five panes."""

    CSS_PATH = STYLES
    AUTO_FOCUS = None
    KEYS = (
        _pane_key(1, "overview", "Overview", "概况"),
        _pane_key(2, "people", "People", "人员"),
        _pane_key(3, "contacts", "Contacts", "联系记录"),
        _pane_key(4, "simulation", "Decision simulation", "决策模拟"),
        _pane_key(5, "forces", "Forces", "力量对比"),
        KeySpec(
            "account.log",
            "l",
            "log_contact",
            "Log contact",
            "记录联系",
            long_en="Log a contact with its next step (from People: with the selected person)",
            long_zh="记录一次联系及下一步（在人员页：与所选人员）",
        ),
        KeySpec(
            "account.new",
            "n",
            "new",
            "Add",
            "新增",
            long_en="Add a person, a contact or a reason (in that pane)",
            long_zh="新增人员、联系记录或理由（在对应页）",
        ),
        KeySpec(
            "account.edit",
            "e",
            "edit",
            "Edit",
            "编辑",
            long_en="Edit the company information, the selected person or reason",
            long_zh="编辑公司信息、所选人员或理由",
        ),
        KeySpec(
            "account.delete",
            "x",
            "delete",
            "Delete",
            "删除",
            long_en="Delete the selected person or reason (on Overview: the whole account)",
            long_zh="删除所选人员或理由（在概况页：整个客户）",
        ),
        KeySpec(
            "account.ladder_up",
            "right_square_bracket",
            "ladder(1)",
            "Ladder up",
            "关系升级",
            key_display="]",
            long_en="Insider: one step up the ladder (dated today)",
            long_zh="内线：关系阶梯上升一级（记今日）",
        ),
        KeySpec(
            "account.ladder_down",
            "left_square_bracket",
            "ladder(-1)",
            "Ladder down",
            "关系降级",
            key_display="[",
            long_en="Insider: one step down the ladder (dated today)",
            long_zh="内线：关系阶梯下降一级（记今日）",
        ),
        KeySpec(
            "account.reason_up",
            "shift+up",
            "move_reason(-1)",
            "Move up",
            "上移",
            long_en="Move the selected reason up its list",
            long_zh="所选理由上移",
        ),
        KeySpec(
            "account.reason_down",
            "shift+down",
            "move_reason(1)",
            "Move down",
            "下移",
            long_en="Move the selected reason down its list",
            long_zh="所选理由下移",
        ),
        KeySpec(
            "account.help",
            "question_mark",
            "help",
            "Help",
            "帮助",
            key_display="?",
            long_en="Show every key of this screen",
            long_zh="显示本屏所有按键",
        ),
        KeySpec(
            "account.back",
            "escape,q",
            "back",
            "Board",
            "看板",
            long_en="Back to the board",
            long_zh="返回看板",
        ),
    )

    def __init__(self, engine: Engine, account_id: int) -> None:
        super().__init__()
        self.engine = engine
        self.account_id = account_id
        self.data: AccountData | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="account-title")
        with TabbedContent(id="panes"):
            for n, (pane, widget) in enumerate(
                zip(
                    PANES,
                    (
                        OverviewPane(id="overview-pane"),
                        PeoplePane(id="people-pane"),
                        ContactsPane(id="contacts-pane"),
                        SimulationPane(id="simulation-pane"),
                        ForcesPane(id="forces-pane"),
                    ),
                    strict=True,
                ),
                start=1,
            ):
                with TabPane(f"{n} {t(f'pane.{pane}')}", id=pane):
                    yield widget
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    @on(Resize)
    def _resized(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    # -- reading ---------------------------------------------------------------------------

    @property
    def pane(self) -> str:
        return self.query_one("#panes", TabbedContent).active

    @property
    def people(self) -> PeoplePane:
        return self.query_one("#people-pane", PeoplePane)

    @property
    def simulation(self) -> SimulationPane:
        return self.query_one("#simulation-pane", SimulationPane)

    def selected_item(self) -> Person | SimReason | None:
        """The person or reason under the cursor of the current pane."""
        if self.pane == "people":
            return self.people.selected
        return self.simulation.selected if self.pane == "simulation" else None

    def reload(self, select_reason: int | None = None) -> None:
        """Read the account again and redraw every pane."""
        data = load(self.engine, self.account_id)
        if data is None:
            self.notify(t("account.gone"), severity="error")
            self.dismiss(None)
            return
        self.data = data
        self.query_one("#account-title", Static).update(self._title(data))
        for pane in ("overview", "people", "contacts", "forces"):
            self.query_one(f"#{pane}-pane", Pane).show(data)
        self.simulation.show(data, select=select_reason)
        self.refresh_bindings()

    @staticmethod
    def _title(data: AccountData) -> Text:
        a = data.account
        stage = Stage(a.stage)
        text = Text(a.name, style="bold")
        facts = [f"{stage}. {STAGES[stage].name(language())}", t(f"status.{a.status}")]
        if a.grade:
            facts.append(t("account.grade", grade=a.grade))
        if a.next_step and a.next_due:
            facts.append(t("account.next", step=a.next_step, due=a.next_due.isoformat()))
        else:
            facts.append(t("card.no_next_step"))
        text.append("  ·  " + "  ·  ".join(facts))
        return text

    # -- panes and keys --------------------------------------------------------------------

    def action_pane(self, pane: str) -> None:
        self.query_one("#panes", TabbedContent).active = pane
        self.query_one(f"#{pane}-pane", Pane).focus_main()

    @on(TabbedContent.TabActivated)
    def _pane_shown(self) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Pane actions show in the footer only on their panes (and dim without a selection)."""
        panes = _WHERE.get(action)
        if panes is None:
            return True
        if self.pane not in panes:
            return False
        if action == "ladder":
            person = self.people.selected
            return True if person is not None and person.role == Role.INSIDER else None
        if action in ("edit", "delete", "move_reason") and self.pane != "overview":
            return None if self.selected_item() is None else True
        return True

    def action_help(self) -> None:
        self.app.push_screen(localized(HelpScreen)(t("account.help_title"), self.KEYS))

    def action_back(self) -> None:
        self.dismiss(None)

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on a person or a reason edits it."""
        if self.pane in _WHERE["edit"]:
            self.action_edit()

    # -- changes ---------------------------------------------------------------------------

    def _open(self, dialog: Dialog[bool], done: str, after: Callable[[], None] | None = None) -> None:
        """Show a form; when it saved, re-read the account and say so."""

        def closed(saved: bool | None) -> None:
            if saved:
                self.reload()
                if after is not None:
                    after()
                self.notify(done, timeout=2)

        self.app.push_screen(dialog, closed)

    def action_log_contact(self) -> None:
        if self.data is None:
            return
        person = self.people.selected if self.pane == "people" else None
        form = localized(ContactForm)(self.engine, self.data, person.id if person else None)
        self._open(form, t("account.contact_logged"))

    def action_new(self) -> None:
        if self.data is None:
            return
        if self.pane == "contacts":
            self.action_log_contact()
        elif self.pane == "people":
            self._open(localized(PersonForm)(self.engine, self.account_id), t("account.saved"))
        elif self.pane == "simulation":
            form = localized(ReasonForm)(self.engine, self.account_id, self.simulation.kind)
            self._open(form, t("account.saved"))

    def action_edit(self) -> None:
        if self.data is None:
            return
        if self.pane == "overview":
            self._open(localized(AccountForm)(self.engine, self.data.account), t("account.saved"))
            return
        selected = self.selected_item()
        if isinstance(selected, Person):
            self._open(localized(PersonForm)(self.engine, self.account_id, selected), t("account.saved"))
        elif isinstance(selected, SimReason):
            form = localized(ReasonForm)(self.engine, self.account_id, selected.kind, selected)
            self._open(form, t("account.saved"))

    def action_delete(self) -> None:
        if self.data is not None:
            confirm_delete(self, self.data)

    def confirm(self, title: str, text: str, yes: str, then: Callable[[], None]) -> None:
        """Ask; run ``then`` only on yes."""

        def decided(ok: bool | None) -> None:
            if ok:
                then()

        self.app.push_screen(localized(ConfirmDialog)(title, text, yes), decided)

    def action_ladder(self, delta: int) -> None:
        from fieldcrm.store.people import step_ladder

        person = self.people.selected if self.pane == "people" else None
        if person is None or person.role != Role.INSIDER or person.id is None:
            self.notify(t("ladder.not_insider"), severity="warning")
            return
        moved = step_ladder(self.engine, person.id, up=delta > 0)
        if moved is None:
            self.notify(t("ladder.top" if delta > 0 else "ladder.bottom"), severity="warning")
            return
        self.reload()

    def action_move_reason(self, delta: int) -> None:
        from fieldcrm.store.simulation import move_reason

        reason = self.simulation.selected if self.pane == "simulation" else None
        if reason is None or reason.id is None:
            self.app.bell()
            return
        if move_reason(self.engine, reason.id, delta):
            self.reload(select_reason=reason.id)
