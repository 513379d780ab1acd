"""The contacts pane: the contact log, newest first, with the selected contact in full."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll

from fieldcrm.i18n import t
from fieldcrm.store.account_view import AccountView
from fieldcrm.store.models import Activity
from fieldcrm.tui.plain import PlainStatic, PlainTable
from fieldcrm.tui.screens.account.names import DASH, clip, dots
from fieldcrm.tui.screens.account.tables import keep_cursor, selected_key
from fieldcrm.untrusted import visible

SUMMARY_CELLS = 40
STEP_CELLS = 30


class ContactsPane(Vertical):
    """Every contact with its influence, how long it lasts and the next step it set."""

    data: AccountView | None = None  # what the pane shows, once shown

    def compose(self) -> ComposeResult:
        yield PlainTable(id="contacts-table", cursor_type="row")
        with VerticalScroll(id="contact-detail"):
            yield PlainStatic(id="contact-text")

    def on_mount(self) -> None:
        table = self.query_one("#contacts-table", PlainTable)
        for key in (
            "contact.date",
            "contact.kind",
            "contact.person",
            "contact.summary",
            "contact.influence_short",
            "contact.lasts_short",
            "contact.next",
            "contact.due",
        ):
            table.add_column(t(key), key=key)

    @property
    def selected(self) -> Activity | None:
        """The contact under the cursor."""
        if self.data is None:
            return None
        key = selected_key(self.query_one("#contacts-table", PlainTable))
        return next((a for a in self.data.activities if str(a.id) == key), None)

    def focus_main(self) -> None:
        self.query_one("#contacts-table").focus()

    def show(self, data: AccountView) -> None:
        self.data = data
        table = self.query_one("#contacts-table", PlainTable)
        with keep_cursor(table):
            for a in data.activities:
                person = data.person(a.person_id)
                table.add_row(
                    a.occurred_on.isoformat(),
                    t(f"kind.{a.kind}"),
                    person.name if person else DASH,
                    clip(a.summary, SUMMARY_CELLS),
                    dots(a.influence),
                    t("contact.days", days=a.persistence_days),
                    clip(a.next_step, STEP_CELLS),
                    self._due(a, data),
                    key=str(a.id),
                )
        self._show_selected()

    @staticmethod
    def _when(activity: Activity) -> str:
        """The step's due day, with its time of day when it has one."""
        due = activity.next_due.isoformat()
        return f"{due} {activity.next_time}" if activity.next_time else due

    @classmethod
    def _due(cls, activity: Activity, data: AccountView) -> Text:
        """The step's due day and time, marked done or overdue."""
        when = cls._when(activity)
        if activity.next_done:
            return Text(f"✓ {when}", style="dim")
        if activity.next_due < data.today:
            return Text(f"⚠ {when}", style="bold")
        return Text(when)

    @on(PlainTable.RowHighlighted, "#contacts-table")
    def _show_selected(self) -> None:
        if self.data is None:
            return
        activity = self.selected
        text = Text(t("contacts.none"), style="dim")
        if activity is not None:
            text = Text.assemble(
                (f"{activity.occurred_on} · {t(f'kind.{activity.kind}')}\n", "bold"),
                visible(activity.summary),
                "\n",
                t("contact.detail_next", step=activity.next_step, due=self._when(activity)),
            )
            if activity.next_owner:
                text.append("\n" + t("contact.detail_owner", owner=activity.next_owner))
            if activity.note:
                text.append("\n" + visible(activity.note), style="italic")
        self.query_one("#contact-text", PlainStatic).update(text)
