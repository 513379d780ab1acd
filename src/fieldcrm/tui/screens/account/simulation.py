"""The decision-simulation pane (决策模拟): why the customer would choose us, why the decision
maker would help us, each reason with its weight, in the rep's order."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll

from fieldcrm.domain.forces import Role
from fieldcrm.i18n import t
from fieldcrm.store.account_view import AccountView
from fieldcrm.store.models import SimReason
from fieldcrm.store.models.simulation import ReasonKind
from fieldcrm.store.people import has_role
from fieldcrm.tui.plain import PlainLabel, PlainTable
from fieldcrm.tui.screens.account.names import DASH, clip, dots
from fieldcrm.tui.screens.account.tables import keep_cursor, selected_key

REASON_CELLS = 60  # the full text is in the edit form
PERSON_CELLS = 16


class SimulationPane(VerticalScroll):
    """The two lists side by side; tab moves between them."""

    data: AccountView | None = None  # what the pane shows, once shown

    kind: str = ReasonKind.CUSTOMER.value  # the list last focused

    def compose(self) -> ComposeResult:
        for kind in ReasonKind:
            with Vertical(classes="reason-list"):
                yield PlainLabel(id=f"title-{kind.value}", classes="heading")
                yield PlainTable(id=f"reasons-{kind.value}", cursor_type="row", classes="reasons")

    def on_mount(self) -> None:
        for table in self.query(".reasons").results(PlainTable):
            table.add_column("#", key="n")
            if table.id == f"reasons-{ReasonKind.DECISION_MAKER.value}":
                table.add_column(t("reason.person"), key="person")
            table.add_column(t("reason.text"), key="text")
            table.add_column(t("reason.weight"), key="weight")

    def focus_main(self) -> None:
        self.query_one(f"#reasons-{self.kind}").focus()

    def table(self, kind: str) -> PlainTable:
        return self.query_one(f"#reasons-{kind}", PlainTable)

    @property
    def person_id(self) -> int | None:
        """Whose reason a new one is: the selected reason's decision maker, else the first."""
        chosen = self.selected
        if chosen is not None and chosen.person_id is not None:
            return chosen.person_id
        deciders = [p for p in self.data.people if has_role(p, Role.DECISION_MAKER)] if self.data else []
        return deciders[0].id if deciders else None

    @property
    def selected(self) -> SimReason | None:
        if self.data is None:
            return None
        key = selected_key(self.table(self.kind))
        return next((r for r in self.data.reasons if str(r.id) == key), None)

    def show(self, data: AccountView, select: int | None = None) -> None:
        """Refill both lists; ``select`` puts the cursor on that reason (after a move)."""
        self.data = data
        for kind in ReasonKind:
            reasons = data.reasons_in(kind.value)
            total = sum(r.weight for r in reasons)
            self.query_one(f"#title-{kind.value}", PlainLabel).update(
                t(f"reason.title.{kind.value}", count=len(reasons), total=total)
            )
            table = self.table(kind.value)
            whose = kind == ReasonKind.DECISION_MAKER
            with keep_cursor(table, str(select) if select is not None else None):
                for n, r in enumerate(reasons, start=1):
                    person = data.person(r.person_id)
                    cells = [clip(person.name, PERSON_CELLS) if person else DASH] if whose else []
                    table.add_row(
                        str(n),
                        *cells,
                        clip(r.text, REASON_CELLS),
                        f"{dots(r.weight)} {r.weight}",
                        key=str(r.id),
                    )

    @on(PlainTable.RowHighlighted, ".reasons")
    def _followed(self) -> None:
        self.screen.refresh_bindings()

    def on_descendant_focus(self) -> None:
        focused = self.screen.focused
        if isinstance(focused, PlainTable) and focused.id and focused.id.startswith("reasons-"):
            self.kind = focused.id.removeprefix("reasons-")
            self.screen.refresh_bindings()
