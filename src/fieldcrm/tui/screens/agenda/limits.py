"""The agenda's limits: when an account counts as stalled (per stage), an insider as stuck,
and how often the forces of a stage-4 account are reviewed."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, Input

from fieldcrm.domain.stages import Stage
from fieldcrm.i18n import t
from fieldcrm.store.settings import LIMIT_DAYS, AgendaLimits, InvalidLimits
from fieldcrm.tui.dialog import CANCEL, Dialog
from fieldcrm.tui.keys import KeySpec
from fieldcrm.tui.plain import PlainLabel, PlainStatic
from fieldcrm.tui.screens.account.fields import placeholder, rules
from fieldcrm.tui.screens.agenda.columns import numbered_stage
from fieldcrm.tui.stylesheets import stylesheet

BOUNDS = {"ge": LIMIT_DAYS[0], "le": LIMIT_DAYS[1]}


class LimitsDialog(Dialog[AgendaLimits]):
    """Days per stage and for insiders, checked while typing; dismissed with the new limits."""

    CSS_PATH = stylesheet("agenda")
    KEYS = (CANCEL, KeySpec("limits.save", "ctrl+s", "save"))

    def __init__(self, limits: AgendaLimits) -> None:
        super().__init__()
        self.limits = limits

    def _input(self, wid: str, days: int) -> Input:
        return Input(
            str(days),
            id=wid,
            compact=True,
            restrict=r"\d*",
            max_length=len(str(LIMIT_DAYS[1])),
            validators=rules("int", BOUNDS),
            placeholder=placeholder("int", BOUNDS),
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog limits"):
            yield PlainLabel(t("agenda.limits.title"), classes="dialog-title")
            yield PlainStatic(t("agenda.limits.stalled"))
            with Grid(classes="limits-grid"):
                for stage in Stage:
                    yield PlainLabel(numbered_stage(stage))
                    yield self._input(f"stage-{int(stage)}", self.limits.stalled_days[int(stage)])
            yield PlainStatic(t("agenda.limits.insider"))
            with Grid(classes="limits-grid"):
                yield PlainLabel(t("role.insider"))
                yield self._input("insider", self.limits.insider_days)
            yield PlainStatic(t("agenda.limits.review"))
            with Grid(classes="limits-grid"):
                yield PlainLabel(numbered_stage(Stage.RELATIONSHIP))
                yield self._input("review", self.limits.review_days)
            yield PlainStatic("", id="limits-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("agenda.limits.save"), id="save", variant="primary", compact=True)
                yield Button(t("dialog.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#stage-1", Input).focus()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        result = event.validation_result
        problem = "" if result is None or result.is_valid else result.failure_descriptions[0]
        self.query_one("#limits-error", PlainStatic).update(problem)

    @on(Input.Submitted)
    def _next(self) -> None:
        self.focus_next(Input)

    def action_save(self) -> None:
        try:
            stalled = {int(s): int(self.query_one(f"#stage-{int(s)}", Input).value) for s in Stage}
            insider, review = (int(self.query_one(f"#{w}", Input).value) for w in ("insider", "review"))
            limits = AgendaLimits(stalled, insider, review)
        except (ValueError, InvalidLimits):
            self.query_one("#limits-error", PlainStatic).update(t("agenda.limits_range"))
            return
        self.dismiss(limits)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()
