"""An account's past assessments, newest first, with the weights and notes each was made with."""

from __future__ import annotations

from rich.text import Text
from sqlalchemy import Engine
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen

from fieldcrm.domain.scoring import FACTORS, Grade
from fieldcrm.i18n import grade_action, t
from fieldcrm.store.accounts import get_account
from fieldcrm.store.assessments import AssessmentRecord, history
from fieldcrm.tui.keys import HasKeys, KeySpec, localized
from fieldcrm.tui.plain import PlainStatic, PlainTable
from fieldcrm.tui.screens.assessment.common import STYLES
from fieldcrm.tui.screens.help import HelpScreen
from fieldcrm.tui.widgets.assessment_result import number
from fieldcrm.tui.widgets.footer import KeysFooter
from fieldcrm.untrusted import one_line, visible


class HistoryScreen(Screen[None], HasKeys):
    """Every assessment of one account; the history is never rewritten."""

    CSS_PATH = STYLES

    KEYS = (
        KeySpec("history.back", "escape,q", "back"),
        KeySpec("history.help", "question_mark", "help", key_display="?"),
    )

    def __init__(self, engine: Engine, account_id: int) -> None:
        super().__init__()
        account = get_account(engine, account_id)
        self.name_text = account.name if account else ""
        self.records = history(engine, account_id)

    def compose(self) -> ComposeResult:
        yield PlainStatic(f"{t('history.title')} · {self.name_text}", id="history-title")
        if not self.records:
            yield PlainStatic(t("history.empty"), id="history-empty")
        else:
            table: PlainTable = PlainTable(id="history", cursor_type="row", zebra_stripes=True)
            table.add_columns(
                t("history.date"),
                t("history.grade"),
                t("result.total"),
                t("result.value"),
                t("result.difficulty"),
                *FACTORS,
            )
            for r in self.records:
                table.add_row(
                    r.created_at.strftime("%Y-%m-%d %H:%M"),
                    r.grade or t("history.insufficient"),
                    number(r.total),
                    number(r.value),
                    number(r.difficulty),
                    *("?" if r.scores[f] is None else str(r.scores[f]) for f in FACTORS),
                    key=str(r.id),
                )
            yield table
            yield PlainStatic(self._detail(self.records[0]), id="history-detail")
        yield KeysFooter()

    def _detail(self, r: AssessmentRecord) -> Text:
        text = Text()
        if r.grade:
            text.append(f"{r.grade}  {grade_action(Grade(r.grade))}\n", style="bold")
        else:
            text.append(t("history.insufficient_long") + "\n", style="bold")
        text.append(
            t("result.weights", weights=" · ".join(f"{f} {r.weights.get(f, 0)}" for f in FACTORS)) + "\n"
        )
        for f, note in r.notes.items():
            text.append(f"{f}: {visible(note)}\n")
        if r.note:
            text.append(visible(r.note) + "\n", style="italic")
        if r.assessed_by:
            text.append(t("history.assessed_by", login=one_line(r.assessed_by)) + "\n")
        return text

    @on(PlainTable.RowHighlighted)
    def _highlighted(self, event: PlainTable.RowHighlighted) -> None:
        record = next(r for r in self.records if str(r.id) == event.row_key.value)
        self.query_one("#history-detail", PlainStatic).update(self._detail(record))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        self.app.push_screen(localized(HelpScreen)(t("history.title"), self.KEYS))
