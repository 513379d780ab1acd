"""The stage work pane: what stages 3 to 5 record beyond contacts. The deal's probability and
path (stage 3), the proposal's six points of strength and the tailored material sent
(stage 4), and the three closing steps (stage 5), each ticked by its own dated record."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll

from fieldcrm.domain.milestones import CLOSE_STEPS, PROPOSAL_POINTS
from fieldcrm.domain.stages import Stage
from fieldcrm.i18n import stage_name, t
from fieldcrm.store.account_view import AccountView
from fieldcrm.store.models import Material
from fieldcrm.tui.plain import PlainStatic, PlainTable
from fieldcrm.tui.screens.account.names import DASH, clip
from fieldcrm.tui.screens.account.tables import keep_cursor, selected_key
from fieldcrm.untrusted import visible

NOTE_CELLS = 44
MILESTONE = "m:"  # row keys: a milestone's item, or a material record's id
MATERIAL = "s:"


def deal_line(data: AccountView) -> Text:
    """The deal's probability and path, as recorded in stage 3."""
    a = data.account
    probability = t("work.percent", pct=a.deal_probability) if a.deal_probability is not None else DASH
    return Text.assemble(
        (t("work.probability") + " ", "bold"),
        probability,
        "   ",
        (t("work.path") + " ", "bold"),
        visible(a.deal_path) if a.deal_path else DASH,
    )


class WorkPane(Vertical):
    """A table of the stage-4 and stage-5 items and the material sent, with the selected one
    in full beneath it."""

    data: AccountView | None = None

    def compose(self) -> ComposeResult:
        yield PlainStatic(id="work-deal")
        yield PlainTable(id="work-table", cursor_type="row")
        with VerticalScroll(id="work-detail"):
            yield PlainStatic(id="work-text")

    def on_mount(self) -> None:
        table = self.query_one("#work-table", PlainTable)
        for key in ("work.part", "work.item", "work.done", "work.note"):
            table.add_column(t(key), key=key)

    def focus_main(self) -> None:
        self.query_one("#work-table").focus()

    @property
    def selected_item(self) -> str | None:
        """The milestone under the cursor, if the row is one."""
        key = selected_key(self.query_one("#work-table", PlainTable)) or ""
        return key.removeprefix(MILESTONE) if key.startswith(MILESTONE) else None

    @property
    def selected_material(self) -> Material | None:
        key = selected_key(self.query_one("#work-table", PlainTable)) or ""
        if self.data is None or not key.startswith(MATERIAL):
            return None
        return next((m for m in self.data.materials if str(m.id) == key.removeprefix(MATERIAL)), None)

    def show(self, data: AccountView) -> None:
        self.data = data
        self.query_one("#work-deal", PlainStatic).update(deal_line(data))
        table = self.query_one("#work-table", PlainTable)
        with keep_cursor(table):
            for part, items in ((Stage.RELATIONSHIP, PROPOSAL_POINTS), (Stage.CLOSE, CLOSE_STEPS)):
                for item in items:
                    done = data.milestones.get(item)
                    table.add_row(
                        f"{int(part)}. {stage_name(part)}",
                        t(f"milestone.{item}"),
                        Text(f"✓ {done.on}") if done else Text("✗", style="dim"),
                        clip(done.note, NOTE_CELLS) if done and done.note else DASH,
                        key=MILESTONE + item,
                    )
            for m in data.materials:
                person = data.person(m.person_id)
                table.add_row(
                    t("work.material"),
                    clip(m.what, NOTE_CELLS),
                    Text(f"✓ {m.on}"),
                    clip(person.name, NOTE_CELLS) if person else DASH,
                    key=MATERIAL + str(m.id),
                )
        self._show_selected()

    @on(PlainTable.RowHighlighted, "#work-table")
    def _show_selected(self) -> None:
        if self.data is None:
            return
        item, material = self.selected_item, self.selected_material
        text = Text(t("work.hint"), style="dim")
        if item is not None:
            done = self.data.milestones.get(item)
            text = Text(t(f"milestone.{item}.long"))
            if done:
                text.append("\n" + t("work.done_on", day=done.on.isoformat()), style="bold")
                if done.note:
                    text.append("\n" + visible(done.note), style="italic")
        elif material is not None:
            text = Text.assemble(
                (visible(material.what), "bold"), "\n", t("work.sent_on", day=material.on.isoformat())
            )
        self.query_one("#work-text", PlainStatic).update(text)
        self.screen.refresh_bindings()
