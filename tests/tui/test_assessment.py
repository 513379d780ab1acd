"""The scoring form through the keys a team lead presses: live result, saving, history, notes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console
from sqlalchemy import Engine, text
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable

from fieldcrm.domain.scoring import FACTORS
from fieldcrm.store.assessments import save_assessment
from fieldcrm.store.models import AssessmentCreate
from fieldcrm.tui.app import FieldCRM
from fieldcrm.tui.dialog import ConfirmDialog
from fieldcrm.tui.screens.assessment.history import HistoryScreen
from fieldcrm.tui.screens.assessment.scoring import ScoringScreen
from fieldcrm.tui.screens.board import BoardScreen
from fieldcrm.tui.widgets.assessment_result import ResultPanel
from fieldcrm.tui.widgets.factor_row import FactorRow

from .conftest import add_account

SIZE = (160, 48)
S = TypeVar("S", bound=Screen[Any])
EXAMPLE = {"A": 4, "B": 3, "C": 2, "D": 5, "E": 2, "F": 4, "G": 3}  # docs/scoring.md: A, 73.8


def app_for(engine: Engine, db_path: Path, lang: str = "en") -> FieldCRM:
    return FieldCRM(engine, db_path, lang, offer_demo=False)


def rows(engine: Engine, sql: str, **params: object) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


def on_screen(pilot: Pilot, kind: type[S]) -> S:
    """The screen on top, checked to be of ``kind``."""
    screen = pilot.app.screen
    assert isinstance(screen, kind), type(screen)
    return screen


def form(pilot: Pilot) -> ScoringScreen:
    return on_screen(pilot, ScoringScreen)


def board(pilot: Pilot) -> BoardScreen:
    return on_screen(pilot, BoardScreen)


def rendered(widget: Widget, width: int = 58) -> str:
    """What a widget shows, as plain text on one line."""
    console = Console(width=width, file=io.StringIO(), color_system=None)
    console.print(widget.render())
    return " ".join(console.file.getvalue().split())


def panel_text(pilot: Pilot) -> str:
    """The result panel, as the user reads it."""
    return rendered(form(pilot).query_one(ResultPanel))


def card_text(pilot: Pilot) -> str:
    """The selected card's four lines, as drawn in its column."""
    b = board(pilot)
    column = b.column()
    top = column.cursor * 5 - column.scroll_offset.y
    return "\n".join(column.render_line(top + i).text for i in range(4))


async def score_all(pilot: Pilot, scores: dict[str, int]) -> None:
    """Type each factor's digit, moving down between them."""
    for factor in FACTORS:
        await pilot.press(str(scores[factor]), "j")


async def test_score_from_the_board_and_see_the_card_change(engine: Engine, db_path: Path) -> None:
    account_id = add_account(engine, "Evergreen Plastics", 3)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "s")
        assert form(pilot).account_id == account_id
        assert "Information insufficient" in panel_text(pilot)  # nothing scored yet
        await score_all(pilot, EXAMPLE)
        shown = panel_text(pilot)
        assert "Value 87.5" in shown and "Difficulty 35.4" in shown and "Total 73.8" in shown
        assert "A All-out: enter the key sales process and design the development plan" in shown
        assert (
            "Graded A: value 87.5 is at least 65 and difficulty 35.4 is at most 50. Carried most by "
            "D Value of the deal to our business (5), A Share of the customer's business we would "
            "win (4), C Deal risk (2)."
        ) in shown
        await pilot.press("ctrl+s")
        assert rows(engine, "SELECT grade, total FROM assessment") == [("A", 73.8)]
        assert rows(engine, "SELECT grade, score FROM account WHERE id = :i", i=account_id) == [("A", 73.8)]
        card = board(pilot).selected()
        assert card is not None and (card.id, card.grade, card.score) == (account_id, "A", 73.8)
        drawn = card_text(pilot)
        assert " A  v88 d35" in drawn.splitlines()[0]  # the grade with the value and difficulty behind it
        assert "⚑ no plan" in drawn  # A means all-out: a development plan is expected


async def test_the_result_follows_every_key(engine: Engine, db_path: Path) -> None:
    add_account(engine, "Evergreen Plastics")
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await score_all(pilot, EXAMPLE)
        rows_ = list(form(pilot).query(FactorRow))
        assert form(pilot).cursor == 6 and rows_[6].selected
        await pilot.press("k", "k", "k", "k")  # to C (deal risk), 2
        await pilot.press("right", "right", "right")  # 5: the highest risk
        assert rows_[2].score == 5 and form(pilot).scores["C"] == 5
        assert "Difficulty 54.2" in panel_text(pilot) and "Graded B" in panel_text(pilot)
        await pilot.press("right")  # stays at 5
        assert rows_[2].score == 5
        await pilot.press("x")
        assert rows_[2].score is None
        assert "Unknown factors: C" in panel_text(pilot) and "Graded A" in panel_text(pilot)
        await pilot.press("left")  # stays unknown, the left end of the scale
        await pilot.press("right")
        assert rows_[2].score == 1
        await pilot.press("0")
        assert rows_[2].score is None
        await pilot.press("up", "0", "down", "down", "down", "0")  # B and E unknown too: three
        shown = panel_text(pilot)
        assert "3 factors are unknown (B, C, E); at most 2 may be." in shown
        assert "belongs back in information gathering" in shown
        assert "Total —" in shown and "Graded" not in shown


async def test_insufficient_information_saves_no_grade(engine: Engine, db_path: Path) -> None:
    account_id = add_account(engine, "Evergreen Plastics")
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await pilot.press("s", "5", "j", "j", "j", "4")  # only the value factors A and D
        assert "5 factors are unknown" in panel_text(pilot)
        await pilot.press("ctrl+s")
        assert rows(engine, "SELECT grade, total, value FROM assessment") == [(None, None, 87.5)]
        assert rows(engine, "SELECT count(*) FROM assessment_factor WHERE score IS NULL") == [(5,)]
        assert rows(engine, "SELECT grade, score FROM account WHERE id = :i", i=account_id) == [(None, None)]
        card = board(pilot).selected()
        assert card is not None and card.grade is None


async def test_escape_asks_before_dropping_unsaved_scores(engine: Engine, db_path: Path) -> None:
    add_account(engine, "Evergreen Plastics")
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await pilot.press("s", "escape")  # nothing changed: straight back
        board(pilot)
        await pilot.press("s", "3", "escape")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        assert form(pilot).scores["A"] == 3
        await pilot.press("escape", "y")
        board(pilot)
        assert rows(engine, "SELECT count(*) FROM assessment") == [(0,)]


async def test_notes_prefill_and_history_newest_first(engine: Engine, db_path: Path) -> None:
    account_id = add_account(engine, "Evergreen Plastics")
    save_assessment(engine, AssessmentCreate(account_id=account_id, scores=dict.fromkeys(FACTORS, 3)))
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert form(pilot).scores == dict.fromkeys(FACTORS, 3)  # the latest scores, ready to revise
        await pilot.press("5", "n", *"They buy 40% elsewhere", "enter")
        assert form(pilot).query_one("#factor-A", FactorRow).note == "They buy 40% elsewhere"
        await pilot.press("ctrl+s")
        assert rows(
            engine, "SELECT note FROM assessment_factor WHERE factor = 'A' ORDER BY assessment_id"
        ) == [(None,), ("They buy 40% elsewhere",)]
        await pilot.press("s")
        assert form(pilot).notes == {"A": "They buy 40% elsewhere"}
        await pilot.press("h")
        history = pilot.app.screen
        assert isinstance(history, HistoryScreen)
        table = history.query_one(DataTable)
        assert [str(table.get_row_at(i)[2]) for i in range(table.row_count)] == ["60", "50"]
        assert "A: They buy 40% elsewhere" in str(history.query_one("#history-detail").render())
        await pilot.press("escape", "escape")
        board(pilot)


async def test_the_form_speaks_chinese(engine: Engine, db_path: Path) -> None:
    add_account(engine, "华东精密机械有限公司")
    async with app_for(engine, db_path, "zh").run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await score_all(pilot, EXAMPLE)
        shown = panel_text(pilot)
        assert "A 全力以赴" in shown
        assert "评为 A：价值 87.5 不低于 65，难度 35.4 不高于 50。" in shown
        assert "主要因素：D（成交对我司经营方面的价值，5分）" in shown
