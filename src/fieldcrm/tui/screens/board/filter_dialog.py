"""The board filter: which accounts (active, paused, closed), grades, overdue, stalled,
industry and city."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, RadioButton, RadioSet

from fieldcrm.domain.scoring import GRADES
from fieldcrm.domain.stages import Status
from fieldcrm.i18n import t
from fieldcrm.store.board import BoardFilter
from fieldcrm.tui.dialog import CANCEL, Dialog
from fieldcrm.tui.keys import KeySpec
from fieldcrm.tui.plain import PlainLabel, PlainStatic

VIEWS: dict[str, tuple[str, ...]] = {
    "active": (Status.ACTIVE.value,),
    "paused": (Status.PAUSED.value,),
    "closed": (Status.WON.value, Status.LOST.value, Status.TERMINATED.value),
    "all": tuple(s.value for s in Status),
}
CHOICES = (*GRADES, "")  # "": not graded yet


def view_of(statuses: tuple[str, ...]) -> str:
    return next((name for name, v in VIEWS.items() if v == statuses), "active")


def describe(f: BoardFilter) -> str:
    """A short line for the header: what the board is narrowed to."""
    parts = [t(f"view.{view_of(f.statuses)}")]
    if f.grades:
        parts.append(t("filter.grades_short", grades="/".join(g or "–" for g in f.grades)))
    if f.overdue:
        parts.append(t("filter.overdue_short"))
    if f.stalled_days is not None:
        parts.append(t("filter.stalled_short", days=f.stalled_days))
    if f.industry:
        parts.append(t("filter.industry_short", text=f.industry))
    if f.city:
        parts.append(t("filter.city_short", text=f.city))
    if f.search:
        parts.append(t("filter.search_short", text=f.search))
    return " · ".join(parts)


class FilterDialog(Dialog[BoardFilter]):
    """Edit the board filter; the search text and the view of whose accounts are kept."""

    KEYS = (
        CANCEL,
        KeySpec("filter.apply", "ctrl+s", "apply"),
        KeySpec("filter.reset", "ctrl+r", "reset"),
    )

    def __init__(self, current: BoardFilter) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        f = self.current
        with Vertical(classes="dialog"):
            yield PlainLabel(t("filter.title"), classes="dialog-title")
            yield PlainLabel(t("filter.view"))
            with RadioSet(id="view"):
                for name in VIEWS:
                    yield RadioButton(t(f"view.{name}"), id=f"view-{name}", value=name == view_of(f.statuses))
            yield PlainLabel(t("filter.grades"))
            with Horizontal(classes="checks"):
                for g in CHOICES:
                    yield Checkbox(g or t("filter.ungraded"), value=g in f.grades, id=f"grade-{g or 'none'}")
            yield Checkbox(t("filter.overdue"), value=f.overdue, id="overdue")
            yield PlainLabel(t("filter.stalled"))
            yield Input(
                "" if f.stalled_days is None else str(f.stalled_days),
                id="stalled",
                placeholder=t("filter.stalled_placeholder"),
                type="integer",
            )
            yield PlainStatic("", id="stalled-error", classes="field-error")
            with Horizontal(classes="pair"):
                yield PlainLabel(t("filter.industry"))
                yield Input(f.industry, id="industry", max_length=200, compact=True)
                yield PlainLabel(t("filter.city"))
                yield Input(f.city, id="city", max_length=200, compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("filter.apply"), id="apply", variant="primary")
                yield Button(t("filter.reset"), id="reset")
                yield Button(t("dialog.cancel"), id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"apply": self.action_apply, "reset": self.action_reset}.get(
            event.button.id or "", self.action_cancel
        )()

    def on_input_submitted(self) -> None:
        self.action_apply()

    def action_reset(self) -> None:
        """Every narrowing off but the search and, in team mode, whose accounts (V)."""
        self.dismiss(BoardFilter(search=self.current.search, owners=self.current.owners))

    def action_apply(self) -> None:
        stalled_text = self.query_one("#stalled", Input).value.strip()
        stalled = int(stalled_text) if stalled_text else None
        if stalled is not None and not 1 <= stalled <= 3650:
            self.query_one("#stalled-error", PlainStatic).update(t("filter.stalled_range"))
            return
        pressed = self.query_one("#view", RadioSet).pressed_button
        view = (pressed.id or "view-active").removeprefix("view-") if pressed else "active"
        grades = tuple(g for g in CHOICES if self.query_one(f"#grade-{g or 'none'}", Checkbox).value)
        overdue = self.query_one("#overdue", Checkbox).value
        industry, city = (self.query_one(f"#{name}", Input).value.strip() for name in ("industry", "city"))
        chosen = replace(self.current, statuses=VIEWS[view], grades=grades, overdue=overdue)
        self.dismiss(replace(chosen, stalled_days=stalled, industry=industry, city=city))
