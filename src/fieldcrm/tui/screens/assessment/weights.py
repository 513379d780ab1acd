"""Settings: the seven weights and the grade thresholds, with re-grading on confirmation."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import Engine
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input

from fieldcrm.domain.scoring import FACTORS, MAX_UNKNOWN, InvalidThresholds, InvalidWeights, Thresholds
from fieldcrm.i18n import factor_name, t
from fieldcrm.store.assessments import RegradePlan, regrade_plan, save_settings
from fieldcrm.store.settings import ScoringSettings, load_scoring
from fieldcrm.tui.dialog import CANCEL, Dialog
from fieldcrm.tui.keys import HasKeys, KeySpec, localized
from fieldcrm.tui.plain import PlainLabel, PlainStatic
from fieldcrm.tui.screens.assessment.common import STYLES, leave
from fieldcrm.tui.screens.help import HelpScreen
from fieldcrm.tui.widgets.assessment_result import number
from fieldcrm.tui.widgets.footer import KeysFooter

LIMITS = ("value_low", "value_high", "difficulty_ok", "difficulty_max")


class RegradeDialog(Dialog[str]):
    """How many accounts the new settings would re-grade; re-grade, only save, or go back."""

    KEYS = (
        CANCEL,
        KeySpec("regrade.yes", "y", "choose('regrade')"),
        KeySpec("regrade.keep", "s", "choose('keep')"),
        KeySpec("regrade.no", "n", "cancel"),
    )

    def __init__(self, plan: RegradePlan) -> None:
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        moves = "\n".join(
            t("regrade.move", old=old or "—", new=new or "—", count=n)
            for (old, new), n in sorted(self.plan.moves().items(), key=str)
        )
        with Vertical(classes="dialog"):
            yield PlainLabel(t("regrade.title"), classes="dialog-title")
            yield PlainStatic(
                t("regrade.text", grades=self.plan.grade_changes, scores=self.plan.score_changes),
                classes="dialog-text",
            )
            if moves:
                yield PlainStatic(moves, classes="dialog-text", id="regrade-moves")
            yield PlainStatic(t("regrade.history"), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("regrade.button.yes"), id="regrade", variant="primary")
                yield Button(t("regrade.button.keep"), id="keep")
                yield Button(t("regrade.button.no"), id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


class WeightsScreen(Screen[bool], HasKeys):
    """Edit the weights (adding up to 100) and thresholds; dismisses with True once saved."""

    CSS_PATH = STYLES

    KEYS = (
        KeySpec("weights.save", "ctrl+s", "save"),
        KeySpec("weights.defaults", "ctrl+r", "defaults"),
        KeySpec("weights.next", "down", "app.focus_next", show=False),
        KeySpec("weights.previous", "up", "app.focus_previous", show=False),
        KeySpec("weights.help", "question_mark", "help", key_display="?"),
        KeySpec("weights.back", "escape", "back"),
    )

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        self.stored = load_scoring(engine)
        self._initial: list[str] = []

    def compose(self) -> ComposeResult:
        yield PlainStatic(t("weights.title"), id="weights-title")
        with VerticalScroll(id="weights-form"):
            yield PlainStatic(t("weights.intro"), classes="weights-intro")
            yield PlainLabel(t("weights.section"), classes="weights-section")
            for f in FACTORS:
                with Horizontal(classes="weights-row"):
                    yield PlainLabel(f"{f}  {factor_name(f)}", classes="weights-label")
                    yield Input(type="integer", max_length=3, id=f"w-{f}", classes="weights-input")
            yield PlainStatic(id="weights-sum")
            yield PlainLabel(t("thresholds.section"), classes="weights-section")
            for key in LIMITS:
                with Horizontal(classes="weights-row"):
                    yield PlainLabel(t(f"thresholds.{key}"), classes="weights-label")
                    yield Input(type="number", max_length=5, id=f"t-{key}", classes="weights-input")
            yield PlainStatic(id="weights-error", classes="field-error")
            yield PlainLabel(t("formula.section"), classes="weights-section")
            yield PlainStatic(self._formula(), id="weights-formula", classes="weights-intro")
        yield KeysFooter()

    def _formula(self) -> str:
        """How a grade is worked out, with the thresholds as stored (domain.scoring)."""
        limits = {key: number(value) for key, value in asdict(self.stored.thresholds).items()}
        return t("formula.text", unknown=MAX_UNKNOWN, **limits)

    def on_mount(self) -> None:
        self._fill(self.stored)
        self._initial = self._raw()
        self.query_one(f"#w-{FACTORS[0]}", Input).focus()

    def _fill(self, settings: ScoringSettings) -> None:
        for f in FACTORS:
            self.query_one(f"#w-{f}", Input).value = str(settings.weights[f])
        for key, value in asdict(settings.thresholds).items():
            self.query_one(f"#t-{key}", Input).value = number(value)

    def _raw(self) -> list[str]:
        return [i.value for i in self.query(".weights-input").results(Input)]

    def _weights(self) -> dict[str, int]:
        raw = {f: self.query_one(f"#w-{f}", Input).value.strip() for f in FACTORS}
        return {f: int(v) if v.lstrip("-").isdigit() else 0 for f, v in raw.items()}

    @on(Input.Changed)
    def _changed(self) -> None:
        total = sum(self._weights().values())
        line = self.query_one("#weights-sum", PlainStatic)
        line.update(t("weights.sum_ok" if total == 100 else "weights.sum_off", total=total))
        line.set_class(total != 100, "-off")
        self.query_one("#weights-error", PlainStatic).update("")

    def _read(self) -> ScoringSettings | None:
        """The settings on screen, or None after showing why they are refused."""
        error = self.query_one("#weights-error", PlainStatic)
        try:
            limits = {k: float(self.query_one(f"#t-{k}", Input).value) for k in LIMITS}
            return ScoringSettings(self._weights(), Thresholds(**limits))
        except (InvalidWeights, InvalidThresholds) as exc:
            error.update(t(str(exc)))
        except ValueError:
            error.update(t("thresholds.range"))
        return None

    def action_save(self) -> None:
        settings = self._read()
        if settings is None:
            return
        if settings == self.stored:
            self.notify(t("weights.unchanged"), timeout=2)
            self.dismiss(False)
            return
        self._busy(True)
        self._preview(settings)

    def _busy(self, busy: bool) -> None:
        """Show that accounts are being counted or re-graded (seconds, with 100,000 of them)."""
        self.query_one("#weights-form").loading = busy

    @work(thread=True, exclusive=True, group="regrade")
    def _preview(self, settings: ScoringSettings) -> None:
        """Count the accounts the new settings would re-grade, off the UI thread."""
        plan = regrade_plan(self.engine, settings)
        self.app.call_from_thread(self._ask, settings, plan)

    def _ask(self, settings: ScoringSettings, plan: RegradePlan) -> None:
        if not plan.changes:
            self._store(settings, False)
            return
        self._busy(False)

        def chosen(choice: str | None) -> None:
            if choice is not None:
                self._busy(True)
                self._store(settings, choice == "regrade")

        self.app.push_screen(localized(RegradeDialog)(plan), chosen)

    @work(thread=True, exclusive=True, group="regrade")
    def _store(self, settings: ScoringSettings, regrade: bool) -> None:
        count = save_settings(self.engine, settings, regrade=regrade, note=t("regrade.note"))
        self.app.call_from_thread(self._stored, count if regrade else None)

    def _stored(self, regraded: int | None) -> None:
        if regraded is None:
            self.notify(t("weights.saved"), timeout=3)
        else:
            self.notify(t("weights.saved_regraded", count=regraded), timeout=3)
        self.dismiss(True)

    def action_defaults(self) -> None:
        self._fill(ScoringSettings())

    def action_help(self) -> None:
        self.app.push_screen(localized(HelpScreen)(t("weights.title"), self.KEYS))

    def action_back(self) -> None:
        leave(self, self._raw() != self._initial)
