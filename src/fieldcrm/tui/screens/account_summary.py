"""A read-only summary of one account: checklist, company information, people, recent contacts."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from sqlalchemy import Engine
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from fieldcrm import clock
from fieldcrm.domain.gates import COMPANY_FIELDS, exit_checklist
from fieldcrm.domain.insider import Ladder
from fieldcrm.domain.stages import STAGES, Stage
from fieldcrm.i18n import language, t
from fieldcrm.store.accounts import get_account
from fieldcrm.store.activities import activities_of
from fieldcrm.store.facts import account_facts
from fieldcrm.store.models import Account
from fieldcrm.store.people import people_of
from fieldcrm.tui.keys import HasKeys, KeySpec

RECENT_CONTACTS = 10


class AccountSummaryScreen(Screen[None], HasKeys):
    """What is known and what is missing, at a glance."""

    KEYS = (KeySpec("summary.back", "escape,q", "app.pop_screen", "Back to board", "返回看板"),)

    def __init__(self, engine: Engine, account_id: int) -> None:
        super().__init__()
        self.engine = engine
        self.account_id = account_id

    def compose(self) -> ComposeResult:
        account = get_account(self.engine, self.account_id)
        with VerticalScroll(id="summary"):
            if account is None:
                yield Static(t("board.gone"))
            else:
                yield Static(self._title(account), id="summary-title")
                yield Static(self._checklist(), classes="section")
                yield Static(self._company(account), classes="section")
                yield Static(self._people(), classes="section")
                yield Static(self._contacts(), classes="section")
        yield Footer()

    def _title(self, a: Account) -> Text:
        stage = STAGES[Stage(a.stage)]
        text = Text(a.name, style="bold")
        text.append(f"   {stage.stage}. {stage.name(language())} · {t('status.' + a.status)}")
        if a.grade:
            text.append(f" · {t('summary.grade')} {a.grade}")
        if a.score is not None:
            text.append(f" · {t('card.score', score=round(a.score))}")
        if a.status_reason:
            text.append(f" · {a.status_reason}")
        return text

    def _checklist(self) -> Text:
        facts = account_facts(self.engine, self.account_id)
        text = Text(t("summary.checklist") + "\n", style="bold")
        for item in exit_checklist(facts):
            text.append(f"  {'✓' if item.met else '✗'} {t('gate.' + item.key)}\n",
                        style="" if item.met else "italic")
        text.append(t("summary.completeness", pct=facts.info_completeness))
        return text

    def _company(self, a: Account) -> Table:
        table = Table(title=t("summary.company"), title_justify="left", show_header=False,
                      expand=True, box=None)
        table.add_column(ratio=1)
        table.add_column(ratio=3)
        for field in ("industry", "phone", "address", *COMPANY_FIELDS, "cooperation", "obstacles"):
            value = getattr(a, field)
            table.add_row(t(f"field.{field}"), "—" if value is None else str(value))
        return table

    def _people(self) -> Table:
        table = Table(title=t("summary.people"), title_justify="left", expand=True)
        for key in ("person.name", "person.title", "person.role", "person.stance",
                    "person.influence", "person.ladder"):
            table.add_column(t(key))
        people = people_of(self.engine, self.account_id)
        for p in people:
            ladder = Ladder(p.ladder_step).name_in(language()) if p.ladder_step else ""
            table.add_row(p.name, p.title or "", t(f"role.{p.role}"), t(f"stance.{p.stance}"),
                          str(p.influence), ladder)
        if not people:
            table.add_row(t("summary.none"), "", "", "", "", "")
        return table

    def _contacts(self) -> Table:
        table = Table(title=t("summary.contacts"), title_justify="left", expand=True)
        for key in ("contact.date", "contact.kind", "contact.summary", "contact.next", "contact.due"):
            table.add_column(t(key))
        today = clock.today()
        rows = activities_of(self.engine, self.account_id, limit=RECENT_CONTACTS)
        for a in rows:
            overdue = not a.next_done and a.next_due < today
            table.add_row(a.occurred_on.isoformat(), t(f"kind.{a.kind}"), a.summary, a.next_step,
                          Text(a.next_due.isoformat(), style="bold" if overdue else ""))
        if not rows:
            table.add_row(t("summary.none"), "", "", "", "")
        return table
