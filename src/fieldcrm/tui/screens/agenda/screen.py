"""The agenda: what is due today and what needs attention, section by section.

Sections list on the left with their counts; the chosen section's entries on the right, a
page at a time (a section can hold 20,000 entries: they are counted and paged in SQL, never
all drawn). Reads run in a thread worker that reports back by a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from rich.text import Text
from sqlalchemy import Engine
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from fieldcrm import clock
from fieldcrm.i18n import t
from fieldcrm.store import agenda
from fieldcrm.store.agenda import BIRTHDAY_DAYS, NEXT_STEPS, SECTIONS, Entry
from fieldcrm.store.export_queries import AGENDA_DAYS
from fieldcrm.store.settings import AgendaLimits, load_agenda_limits, save_agenda_limits
from fieldcrm.store.team_view import team_of
from fieldcrm.tui.keys import HasKeys, KeySpec, localized
from fieldcrm.tui.next_steps import StepChanges
from fieldcrm.tui.plain import PlainStatic, PlainTable
from fieldcrm.tui.screens.agenda.columns import COLUMNS, cell, numbered_stage
from fieldcrm.tui.screens.agenda.limits import LimitsDialog
from fieldcrm.tui.screens.help import HelpScreen
from fieldcrm.tui.stylesheets import stylesheet
from fieldcrm.tui.widgets.charts import fit
from fieldcrm.tui.widgets.footer import KeysFooter

STYLES = stylesheet("agenda")
PAGE = 100  # entries drawn at a time
NARROW = 110  # below this many columns the section list goes above the entries
SECTION_CELLS = 28  # the section list's text width (see agenda.tcss)


@dataclass
class AgendaRead(Message):
    """A worker read one page of a section, and the counts of all when asked for them."""

    section: str
    start: int
    entries: list[Entry]
    counts: dict[str, int] | None
    limits: AgendaLimits


class AgendaScreen(Screen[None], HasKeys):
    """Overdue, today, the week, plan steps, birthdays, stalled accounts, stuck insiders."""

    CSS_PATH = STYLES
    AUTO_FOCUS = "#entries"
    # fmt: off
    KEYS = (
        KeySpec("agenda.down", "j", "cursor(1)", show=False),
        KeySpec("agenda.up", "k", "cursor(-1)", show=False),
        KeySpec("agenda.next_section", "right", "section(1)", show=False, priority=True),
        KeySpec("agenda.prev_section", "left", "section(-1)", show=False, priority=True),
        *(KeySpec(f"agenda.section_{n}", str(n % 10), f"jump({n - 1})", show=False)
          for n in range(1, min(len(SECTIONS), 10) + 1)),
        KeySpec("agenda.open", "enter", "open_account", priority=True),
        KeySpec("agenda.log", "l", "log_contact"),
        KeySpec("agenda.done", "d", "done"),
        KeySpec("agenda.step_move", "m", "step_move"),
        KeySpec("agenda.step_hand", "o", "step_hand", show=False),
        KeySpec("agenda.next_page", "greater_than_sign", "page(1)", key_display=">"),
        KeySpec("agenda.prev_page", "less_than_sign", "page(-1)", key_display="<"),
        KeySpec("agenda.limits", "L", "limits"),
        KeySpec("agenda.accept", "y", "answer(True)", show=False),
        KeySpec("agenda.decline", "n", "answer(False)", show=False),
        KeySpec("agenda.export", "x", "export"),
        KeySpec("agenda.help", "question_mark", "help", key_display="?"),
        KeySpec("agenda.back", "escape,q", "back"),
    )
    # fmt: on

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        team = team_of(engine)
        self.sections = agenda.sections_for(bool(team and team.led), team is not None)
        self.section = self.sections[0]
        self.start = 0
        self.counts: dict[str, int] = dict.fromkeys(self.sections, 0)
        self.entries: list[Entry] = []
        self.limits = AgendaLimits()
        self.drawn = False  # the latest read is on screen
        self._keep_row = 0  # the row the cursor returns to after the read
        self.steps = StepChanges(self)

    def compose(self) -> ComposeResult:
        yield PlainStatic(id="agenda-header")
        with Horizontal(id="agenda-body"):
            yield OptionList(id="sections")
            with Vertical(id="agenda-main"):
                yield PlainStatic(id="section-title")
                yield PlainStatic(id="section-note")
                yield PlainTable(id="entries", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#sections", OptionList).can_focus = False
        self.read(recount=True)

    @on(Resize)
    def _resized(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    # -- reading ---------------------------------------------------------------------------

    def read(self, recount: bool = False, keep_row: bool = False) -> None:
        """Read the current page (and every count when ``recount``) off the UI thread."""
        self._keep_row = self.query_one("#entries", PlainTable).cursor_row if keep_row else 0
        self.query_one("#entries", PlainTable).loading = True
        self.drawn = False
        self._read(self.section, self.start, recount)

    @work(thread=True, exclusive=True, group="agenda")
    def _read(self, section: str, start: int, recount: bool) -> None:
        limits = load_agenda_limits(self.engine)
        counts, entries = agenda.read(
            self.engine, clock.today(), limits, section, start, PAGE, recount, self.sections
        )
        self.post_message(AgendaRead(section, start, entries, counts, limits))

    @on(AgendaRead)
    def _read_done(self, message: AgendaRead) -> None:
        if message.counts is not None:
            self.counts = message.counts
        if (message.section, message.start) != (self.section, self.start):
            self._draw_sections()  # the user moved on; that page's own read follows
            return
        self.limits, self.entries = message.limits, message.entries
        if not self.entries and self.start:  # the last page emptied: show the one before
            self.start = max(0, (self.counts[self.section] - 1) // PAGE * PAGE)
            self.read()
            return
        self._draw()

    # -- drawing ---------------------------------------------------------------------------

    def _draw(self) -> None:
        today = clock.today()
        header = [t("agenda.header", today=today.isoformat())]
        if self.counts["overdue"]:
            header.append(t("board.overdue_count", count=f"{self.counts['overdue']:,}"))
        self.query_one("#agenda-header", PlainStatic).update("  ·  ".join(header))
        self._draw_sections()
        count = self.counts[self.section]
        title = Text(t(f"agenda.section.{self.section}"), style="bold")
        if self.entries:
            last = self.start + len(self.entries)
            title.append("  ·  " + t("agenda.range", first=self.start + 1, last=last, count=f"{count:,}"))
        if count > PAGE:
            title.append("  ·  " + t("agenda.paging"))
        self.query_one("#section-title", PlainStatic).update(title)
        self.query_one("#section-note", PlainStatic).update(self._note())
        table = self.query_one("#entries", PlainTable)
        table.clear(columns=True)
        columns = COLUMNS[self.section]
        table.add_columns(*(t(f"agenda.col.{c}") for c in columns))
        for entry in self.entries:
            table.add_row(*(cell(c, entry, today) for c in columns))
        if not self.entries:
            table.add_row(*([t("agenda.empty")] + [""] * (len(columns) - 1)))
        table.move_cursor(row=min(self._keep_row, max(0, len(self.entries) - 1)), animate=False)
        table.loading = False
        self.drawn = True

    def _draw_sections(self) -> None:
        options = self.query_one("#sections", OptionList)
        options.clear_options()
        for n, section in enumerate(self.sections, start=1):
            count = f"{self.counts[section]:,}"
            name = fit(f"{n} {t(f'agenda.section.{section}')}", SECTION_CELLS - len(count) - 1)
            options.add_option(Option(Text.assemble(name, " ", (count, "bold")), id=section))
        options.highlighted = self.sections.index(self.section)

    def _note(self) -> str:
        today = clock.today()
        week = today + timedelta(days=AGENDA_DAYS)
        if self.section == "week":
            first = today + timedelta(days=1)
            return t("agenda.note.week", first=first.isoformat(), last=week.isoformat())
        if self.section == "plan":
            return t("agenda.note.plan", last=week.isoformat())
        if self.section == "birthdays":
            return t("agenda.note.birthdays", days=BIRTHDAY_DAYS)
        if self.section == "stalled":
            days = " · ".join(f"{numbered_stage(s)} {d}" for s, d in self.limits.stalled_days.items())
            return t("agenda.note.stalled", limits=days)
        if self.section == "insiders":
            return t("agenda.note.insiders", days=self.limits.insider_days)
        if self.section == "reviews":
            return t("agenda.note.reviews", days=self.limits.review_days)
        return t(f"agenda.note.{self.section}")

    # -- moving ----------------------------------------------------------------------------

    def selected(self) -> Entry | None:
        table = self.query_one("#entries", PlainTable)
        row = table.cursor_row
        return self.entries[row] if self.entries and 0 <= row < len(self.entries) else None

    def _show(self, section: str) -> None:
        if section != self.section:
            self.section, self.start = section, 0
            self.read()

    def action_section(self, delta: int) -> None:
        self._show(self.sections[(self.sections.index(self.section) + delta) % len(self.sections)])

    def action_jump(self, index: int) -> None:
        if index < len(self.sections):
            self._show(self.sections[index])

    @on(OptionList.OptionSelected, "#sections")
    def _section_clicked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._show(event.option.id)

    def action_cursor(self, delta: int) -> None:
        table = self.query_one("#entries", PlainTable)
        table.move_cursor(row=max(0, table.cursor_row + delta))

    def action_page(self, direction: int) -> None:
        start = self.start + direction * PAGE
        if 0 <= start < self.counts[self.section]:
            self.start = start
            self.read()
        else:
            self.app.bell()

    # -- changes ---------------------------------------------------------------------------

    def _changed(self, _result: object = None) -> None:
        """Something may have changed: count again and redraw, keeping the row."""
        self.read(recount=True, keep_row=True)

    def action_open_account(self) -> None:
        from fieldcrm.tui.screens.account import AccountScreen

        entry = self.selected()
        if entry is None:
            self.app.bell()
            return
        self.app.push_screen(localized(AccountScreen)(self.engine, entry.account_id), self._changed)

    @on(PlainTable.RowSelected, "#entries")
    def _row_chosen(self) -> None:
        self.action_open_account()

    def account_changed(self, account_id: int) -> None:
        self._changed()

    def action_log_contact(self) -> None:
        entry = self.selected()
        if entry is None:
            self.app.bell()
            return
        self.steps.log(entry.account_id, entry.person_id)

    def _step_entry(self) -> Entry | None:
        """The selected next step; None (and said why) outside the next-step sections."""
        if self.section not in NEXT_STEPS:
            self.notify(t("agenda.only_steps"), severity="warning")
            return None
        entry = self.selected()
        if entry is None or entry.ref is None:
            self.app.bell()
            return None
        return entry

    def action_step_move(self) -> None:
        entry = self._step_entry()
        if entry is not None:
            self.steps.move(activity_id=entry.ref)

    def action_step_hand(self) -> None:
        entry = self._step_entry()
        if entry is not None:
            self.steps.hand(activity_id=entry.ref)

    def action_answer(self, accepted: bool) -> None:
        """A manager accepts or declines the selected request (it syncs back to the asker)."""
        from fieldcrm.store.requests import RequestRefused, answer

        entry = self.selected()
        if self.section != "requests" or entry is None or entry.ref is None:
            self.notify(t("agenda.only_requests"), severity="warning")
            return
        try:
            answer(self.engine, entry.ref, accepted)
        except RequestRefused as refused:
            self.notify(t(refused.key), severity="warning")
            return
        self.notify(t("request.answered_now" if accepted else "request.declined_now"), timeout=3)
        self.read(recount=True, keep_row=True)

    def action_done(self) -> None:
        from fieldcrm.store.plan import TaskGone, set_done

        if self.section in NEXT_STEPS:
            entry = self._step_entry()
            if entry is not None:
                self.steps.done(activity_id=entry.ref)
            return
        entry = self.selected()
        if self.section != "plan":
            self.notify(t("agenda.only_plan"), severity="warning")
            return
        if entry is None or entry.ref is None:
            self.app.bell()
            return
        try:
            set_done(self.engine, entry.ref, True)
        except TaskGone:
            self.notify(t("account.gone"), severity="error")
        else:
            self.notify(t("agenda.step_done", step=entry.text), timeout=2)
        self._changed()

    def action_limits(self) -> None:
        def chosen(limits: AgendaLimits | None) -> None:
            if limits is not None and limits != self.limits:
                save_agenda_limits(self.engine, limits)
                self.notify(t("agenda.limits.saved"), timeout=2)
                self._changed()

        self.app.push_screen(localized(LimitsDialog)(self.limits), chosen)

    def action_export(self) -> None:
        from fieldcrm.tui.screens.files import ExportDialog

        self.app.push_screen(localized(ExportDialog)(self.engine, "agenda", ("agenda", "plan", "calendar")))

    def action_help(self) -> None:
        self.app.push_screen(localized(HelpScreen)(t("agenda.title"), self.KEYS))

    def action_back(self) -> None:
        self.workers.cancel_group(self, "agenda")
        self.dismiss(None)
