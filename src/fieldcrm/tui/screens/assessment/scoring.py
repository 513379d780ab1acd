"""The scoring form: seven factors scored from the keyboard, the result following every key."""

from __future__ import annotations

from sqlalchemy import Engine
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen

from fieldcrm.domain.scoring import FACTORS, SCORE_MAX, SCORE_MIN, Result, assess
from fieldcrm.i18n import factor_name, t
from fieldcrm.store.accounts import get_account
from fieldcrm.store.assessments import latest, save_assessment
from fieldcrm.store.changes import AccountGone
from fieldcrm.store.models import AssessmentCreate
from fieldcrm.store.settings import load_scoring
from fieldcrm.tui.keys import HasKeys, KeySpec, localized
from fieldcrm.tui.plain import PlainStatic
from fieldcrm.tui.screens.assessment.common import STYLES, NoteDialog, leave
from fieldcrm.tui.screens.help import HelpScreen
from fieldcrm.tui.widgets.assessment_result import ResultPanel, number
from fieldcrm.tui.widgets.factor_row import CHOICES, FactorRow
from fieldcrm.tui.widgets.footer import KeysFooter

NARROW = 120  # below this many columns the result goes under the factors


class ScoringScreen(Screen[bool], HasKeys):
    """Score one account's seven factors; dismisses with True once an assessment is saved."""

    CSS_PATH = STYLES
    AUTO_FOCUS = None

    KEYS = (
        KeySpec("score.down", "down,j", "cursor(1)", show=False),
        KeySpec("score.up", "up,k", "cursor(-1)", show=False),
        KeySpec("score.raise", "right", "adjust(1)", show=False),
        KeySpec("score.lower", "left", "adjust(-1)", show=False),
        *(
            KeySpec(f"score.{n}", str(n), f"set_score({n})", show=False)
            for n in range(SCORE_MIN, SCORE_MAX + 1)
        ),
        KeySpec("score.unknown", "0,x", "set_score(0)", show=False),
        KeySpec("score.note", "n", "note"),
        KeySpec("score.save", "ctrl+s", "save"),
        KeySpec("score.history", "h", "history"),
        KeySpec("score.weights", "W", "weights"),  # w and p are won and pause on the board
        KeySpec("score.plan", "P", "plan"),
        KeySpec("score.help", "question_mark", "help", key_display="?"),
        KeySpec("score.back", "escape", "back"),
    )

    def __init__(self, engine: Engine, account_id: int) -> None:
        super().__init__()
        self.engine = engine
        self.account_id = account_id
        self.account = get_account(engine, account_id)
        self.settings = load_scoring(engine)
        prior = latest(engine, account_id)
        self.scores: dict[str, int | None] = prior.scores if prior else dict.fromkeys(FACTORS)
        self.notes: dict[str, str] = prior.notes if prior else {}
        self._saved = (dict(self.scores), dict(self.notes))
        self.cursor = 0
        self.elsewhere = False  # the plan or the grades changed from here: the caller redraws

    def compose(self) -> ComposeResult:
        yield PlainStatic(self._title(), id="score-title")
        if self.account is not None:
            with Horizontal(id="score-body"):
                with VerticalScroll(id="factors"):
                    for f in FACTORS:
                        yield FactorRow(f, self.settings.weights[f], self.scores[f], self.notes.get(f, ""))
                    yield PlainStatic(t("score.hint"), id="score-hint")
                yield ResultPanel(id="result")
        yield KeysFooter()

    def _title(self) -> str:
        if self.account is None:
            return t("board.gone")
        parts = [t("score.title"), self.account.name]
        if self.account.grade:
            parts.append(t("score.current", grade=self.account.grade, score=number(self.account.score)))
        return " · ".join(parts)

    def on_mount(self) -> None:
        if self.account is not None:
            self._select(0)
            self._refresh_result()

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW
        self.set_class(narrow, "-narrow")
        for row in self.rows():
            row.brief = narrow

    # -- state -----------------------------------------------------------------------------

    def rows(self) -> list[FactorRow]:
        return list(self.query(FactorRow))

    @property
    def dirty(self) -> bool:
        return (self.scores, self.notes) != self._saved

    def result(self) -> Result:
        return assess(self.scores, self.settings.weights, self.settings.thresholds)

    def _refresh_result(self) -> None:
        self.query_one(ResultPanel).show(
            self.result(), self.scores, self.settings.weights, self.settings.thresholds
        )

    def _select(self, index: int) -> None:
        rows = self.rows()
        self.cursor = index
        for i, row in enumerate(rows):
            row.selected = i == index
        rows[index].scroll_visible(animate=False)

    def _set(self, score: int | None) -> None:
        factor = FACTORS[self.cursor]
        self.scores[factor] = score
        self.rows()[self.cursor].score = score
        self._refresh_result()

    # -- actions ---------------------------------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        if self.account is not None:
            self._select(min(max(0, self.cursor + delta), len(FACTORS) - 1))

    def action_adjust(self, delta: int) -> None:
        if self.account is not None:
            at = CHOICES.index(self.scores[FACTORS[self.cursor]])
            self._set(CHOICES[min(max(0, at + delta), len(CHOICES) - 1)])

    def action_set_score(self, score: int) -> None:
        if self.account is not None:
            self._set(score or None)

    def action_note(self) -> None:
        if self.account is None:
            return
        factor = FACTORS[self.cursor]

        def keep(note: str | None) -> None:
            if note is None:
                return
            if note:
                self.notes[factor] = note
            else:
                self.notes.pop(factor, None)
            self.rows()[self.cursor].note = note

        title = t("score.note_title", factor=factor, name=factor_name(factor))
        self.app.push_screen(localized(NoteDialog)(title, self.notes.get(factor, "")), keep)

    def action_save(self) -> None:
        if self.account is None:
            return
        data = AssessmentCreate(account_id=self.account_id, scores=self.scores, notes=self.notes)
        try:
            _, result = save_assessment(self.engine, data)
        except AccountGone:
            self.notify(t("board.gone"), severity="error")
            self.dismiss(False)
            return
        if result.grade is None:
            self.notify(t("score.saved_insufficient", name=self.account.name), severity="warning")
        else:
            self.notify(
                t(
                    "score.saved",
                    name=self.account.name,
                    grade=result.grade.value,
                    score=number(result.total),
                ),
                timeout=3,
            )
        from fieldcrm.store.accounts import get_account
        from fieldcrm.tui.offers import after_scoring

        now = get_account(self.engine, self.account_id)
        if now is None:
            self.dismiss(True)
            return

        def done() -> None:
            self.dismiss(True)

        after_scoring(self.app, self.engine, now, result, done)

    def action_history(self) -> None:
        from fieldcrm.tui.screens.assessment.history import HistoryScreen

        if self.account is not None:
            self.app.push_screen(localized(HistoryScreen)(self.engine, self.account_id))

    def action_weights(self) -> None:
        from fieldcrm.tui.screens.assessment.weights import WeightsScreen

        def changed(saved: bool | None) -> None:
            if saved and self.account is not None:
                self.elsewhere = True
                self.settings = load_scoring(self.engine)
                for row in self.rows():
                    row.weight = self.settings.weights[row.factor]
                    row.refresh()
                self._refresh_result()

        self.app.push_screen(localized(WeightsScreen)(self.engine), changed)

    def action_plan(self) -> None:
        from fieldcrm.tui.screens.assessment.plan import PlanScreen

        def closed(changed: bool | None) -> None:
            self.elsewhere = self.elsewhere or bool(changed)

        if self.account is not None:
            self.app.push_screen(localized(PlanScreen)(self.engine, self.account_id), closed)

    def action_help(self) -> None:
        self.app.push_screen(localized(HelpScreen)(t("score.title"), self.KEYS))

    def action_back(self) -> None:
        leave(self, self.dirty, saved=self.elsewhere)
