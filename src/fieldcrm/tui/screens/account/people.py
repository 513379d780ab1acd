"""The people pane: everyone at the account, and the selected person in full."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from fieldcrm.i18n import ladder_name, t
from fieldcrm.store.account_view import AccountView
from fieldcrm.store.models import Person
from fieldcrm.tui.plain import PlainTable
from fieldcrm.tui.screens.account.names import dots
from fieldcrm.tui.screens.account.person_detail import PersonDetail
from fieldcrm.tui.screens.account.tables import keep_cursor, selected_key


class PeoplePane(VerticalScroll):
    """A table of people beside the selected one's profile or insider ladder."""

    data: AccountView | None = None  # what the pane shows, once shown

    def compose(self) -> ComposeResult:
        yield PlainTable(id="people-table", cursor_type="row", classes="main")
        with VerticalScroll(id="person-detail", classes="side"):
            yield PersonDetail()

    def on_mount(self) -> None:
        table = self.query_one("#people-table", PlainTable)
        for key in (
            "person.name",
            "person.role",
            "person.stance",
            "person.influence",
            "person.ladder",
            "person.closeness",
        ):
            table.add_column(t(key), key=key)

    def focus_main(self) -> None:
        self.query_one("#people-table").focus()

    @property
    def selected(self) -> Person | None:
        if self.data is None:
            return None
        key = selected_key(self.query_one("#people-table", PlainTable))
        return self.data.person(int(key)) if key else None

    def show(self, data: AccountView) -> None:
        self.data = data
        table = self.query_one("#people-table", PlainTable)
        with keep_cursor(table):
            for p in data.people:
                ladder = ladder_name(p.ladder_step) if p.ladder_step else ""
                table.add_row(
                    p.name,
                    t(f"role.{p.role}"),
                    t(f"stance.{p.stance}"),
                    dots(p.influence),
                    ladder,
                    str(data.closeness_of(p)),
                    key=str(p.id),
                )
        self._show_selected()

    @on(PlainTable.RowHighlighted, "#people-table")
    def _show_selected(self) -> None:
        if self.data is not None:
            self.query_one(PersonDetail).show(self.selected, self.data)
            self.screen.refresh_bindings()
