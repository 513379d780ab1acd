"""The overview pane: the company information by stage, the exit checklist, completeness."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll

from fieldcrm.domain.forces import Role
from fieldcrm.domain.gates import COMPANY_FIELDS, INFO_SUFFICIENT_PCT, exit_checklist
from fieldcrm.domain.profile import PROFILE_FIELDS, completeness
from fieldcrm.domain.stages import Stage
from fieldcrm.i18n import stage_name, t
from fieldcrm.store.account_view import AccountView
from fieldcrm.store.models import Account
from fieldcrm.store.people import has_role
from fieldcrm.tui.plain import PlainLabel, PlainStatic
from fieldcrm.tui.screens.account.account_form import ACCOUNT_FIELDS
from fieldcrm.tui.screens.account.names import DASH, label, shown
from fieldcrm.tui.widgets.checklist import Checklist
from fieldcrm.tui.widgets.meter import Meter


def _filled(value: object) -> bool:
    return value is not None and value != ""


def _item(key: str, lacks: tuple[str, ...]) -> str:
    """A gate item, the insider's with the points the best insider still lacks."""
    text = t(f"gate.{key}")
    if lacks:
        text += "\n  " + t(
            "gate.lacks", points=t("list.sep").join(label(f"qualification.{q}") for q in lacks)
        )
    return text


class OverviewPane(VerticalScroll):
    """What is known about the company, and what its current stage still misses."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="overview-info", classes="main"):
            yield PlainStatic(id="overview-fields")
        with Vertical(id="overview-side", classes="side"):
            yield PlainLabel(id="checklist-title", classes="heading")
            yield Checklist(id="exit-checklist")
            yield PlainLabel(t("overview.completeness"), classes="heading")
            yield Meter(id="info-meter")
            yield PlainStatic(id="info-detail", classes="muted")

    def focus_main(self) -> None:
        """The information scrolls by itself when side by side; stacked, the pane scrolls."""
        info = self.query_one("#overview-info")
        (info if info.allow_vertical_scroll else self).focus()

    def show(self, data: AccountView) -> None:
        a = data.account
        self.query_one("#overview-fields", PlainStatic).update(self._fields(a))
        stage = Stage(a.stage)
        self.query_one("#checklist-title", PlainLabel).update(
            t("overview.checklist", stage=f"{stage}. {stage_name(stage)}")
        )
        self.query_one("#exit-checklist", Checklist).show(
            (_item(item.key, item.lacks), item.met) for item in exit_checklist(data.facts)
        )
        self.query_one("#info-meter", Meter).value = data.facts.info_completeness
        self.query_one("#info-detail", PlainStatic).update(self._detail(data))

    @staticmethod
    def _fields(a: Account) -> Table:
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        for f in ACCOUNT_FIELDS:
            if f.section:
                if table.row_count:
                    table.add_row("", "")
                table.add_row(Text(label(f.section), style="bold underline"), "")
            if f.name == "name":  # the screen's title
                continue
            value = getattr(a, f.name)
            table.add_row(
                Text(label(f.label), style="dim"),
                Text(shown(value), style="dim" if shown(value) == DASH else ""),
            )
        return table

    @staticmethod
    def _detail(data: AccountView) -> str:
        """How the figure is made and what would raise it."""
        profiles = [
            completeness({f: getattr(p, f) for f in PROFILE_FIELDS})
            for p in data.people
            if has_role(p, Role.DECISION_MAKER)
        ]
        missing = [label(f"field.{f}") for f in COMPANY_FIELDS if not _filled(getattr(data.account, f))]
        lines = [
            t("overview.needed", pct=INFO_SUFFICIENT_PCT),
            t("overview.company_part", filled=len(COMPANY_FIELDS) - len(missing), total=len(COMPANY_FIELDS)),
            t("overview.profile_part", pct=max(profiles)) if profiles else t("overview.no_dm"),
        ]
        if missing:
            lines.append(t("overview.missing", fields=t("list.sep").join(missing)))
        return "\n".join(lines)
