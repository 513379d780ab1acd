"""Weights and thresholds: refused unless they add up, re-grading only once the user confirms."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from textual.pilot import Pilot
from textual.widgets import Static

from fieldcrm.domain.scoring import DEFAULT_WEIGHTS, FACTORS
from fieldcrm.store.assessments import save_assessment
from fieldcrm.store.models import AssessmentCreate
from fieldcrm.store.settings import load_scoring
from fieldcrm.tui.app import FieldCRM
from fieldcrm.tui.screens.assessment.scoring import ScoringScreen
from fieldcrm.tui.screens.assessment.weights import RegradeDialog, WeightsScreen

from . import test_assessment as shared
from .conftest import add_account

SIZE = (160, 48)
MIDDLE = dict.fromkeys(FACTORS, 3)
VALUE_HEAVY = {"A": 40, "B": 10, "C": 10, "D": 10, "E": 10, "F": 10, "G": 10}


rows = shared.rows


def scored(engine: Engine, name: str, scores: dict[str, int]) -> int:
    account_id = add_account(engine, name, 3)
    save_assessment(engine, AssessmentCreate(account_id=account_id, scores=scores))
    return account_id


async def open_weights(pilot: Pilot) -> WeightsScreen:
    await pilot.press("right", "right", "s", "W")
    return shared.on_screen(pilot, WeightsScreen)


async def type_weights(pilot: Pilot, weights: dict[str, int]) -> None:
    """Go down the weight fields, retyping those that change (they start at the defaults)."""
    for factor in FACTORS:
        if weights[factor] != DEFAULT_WEIGHTS[factor]:
            await pilot.press("end", "backspace", "backspace", *str(weights[factor]))
        await pilot.press("down")


async def settle(pilot: Pilot) -> None:
    """Let the thread worker that counts or writes the re-grades finish."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def propose(pilot: Pilot, weights: dict[str, int]) -> None:
    """Open the settings from the scoring form, type the weights, save: re-grading is asked."""
    await open_weights(pilot)
    await type_weights(pilot, weights)
    await pilot.press("ctrl+s")
    await settle(pilot)


def sum_line(screen: WeightsScreen) -> str:
    return str(screen.query_one("#weights-sum", Static).render())


async def test_weights_must_add_up_to_100(engine: Engine, db_path: Path) -> None:
    scored(engine, "Share Co", MIDDLE)
    async with FieldCRM(engine, db_path, "en", offer_demo=False).run_test(size=SIZE) as pilot:
        screen = await open_weights(pilot)
        assert sum_line(screen) == "Sum 100 ✓"
        await pilot.press("end", "backspace", "backspace", "4", "0")  # A: 20 -> 40
        assert sum_line(screen) == "Sum 120: the weights must add up to 100."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert str(screen.query_one("#weights-error", Static).render()) == "The weights must add up to 100."
        assert rows(engine, "SELECT count(*) FROM setting") == [(0,)]
        await pilot.press("ctrl+r")  # back to the defaults
        assert sum_line(screen) == "Sum 100 ✓"
        await pilot.press("escape", "y")
        assert isinstance(pilot.app.screen, ScoringScreen)


async def test_thresholds_out_of_order_are_refused(engine: Engine, db_path: Path) -> None:
    scored(engine, "Share Co", MIDDLE)
    async with FieldCRM(engine, db_path, "en", offer_demo=False).run_test(size=SIZE) as pilot:
        screen = await open_weights(pilot)
        screen.query_one("#t-value_low").focus()
        await pilot.press("end", "backspace", "backspace", "7", "0")  # above value_high (65)
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = str(screen.query_one("#weights-error", Static).render())
        assert error.startswith("The low value threshold must not exceed the high one")
        assert rows(engine, "SELECT count(*) FROM setting") == [(0,)]


async def test_edit_weights_then_confirm_regrading(engine: Engine, db_path: Path) -> None:
    share = scored(engine, "Share Co", {**MIDDLE, "A": 5, "D": 2})  # C 55 -> A 67.5
    example = scored(engine, "Example Co", {"A": 4, "B": 3, "C": 2, "D": 5, "E": 2, "F": 4, "G": 3})
    steady = scored(engine, "Steady Co", MIDDLE)  # C 50 either way
    async with FieldCRM(engine, db_path, "en", offer_demo=False).run_test(size=SIZE) as pilot:
        await propose(pilot, VALUE_HEAVY)
        dialog = shared.on_screen(pilot, RegradeDialog)
        told = " ".join(str(w.render()) for w in dialog.query(".dialog-text"))
        assert "accounts whose grade changes: 1; accounts whose score alone changes: 1." in told
        assert "C → A: 1" in told
        assert rows(engine, "SELECT count(*) FROM assessment") == [(3,)]  # nothing written yet
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ScoringScreen)
        assert load_scoring(engine).weights == VALUE_HEAVY
        assert rows(engine, "SELECT id, grade, score FROM account ORDER BY id") == [
            (share, "A", 67.5),
            (example, "A", 72.5),
            (steady, "C", 50.0),
        ]
        assert rows(engine, "SELECT account_id, note FROM assessment WHERE id > 3 ORDER BY account_id") == [
            (share, "Re-graded after the weights or thresholds changed."),
            (example, "Re-graded after the weights or thresholds changed."),
        ]
        assert "weight 40" in shared.rendered(pilot.app.screen.query_one("#factor-A"), 120)
        assert "Weights: A 40 · B 10 · C 10 · D 10" in shared.panel_text(pilot)
        await pilot.press("escape")  # the form was not edited, but the grades changed: redraw
        board = shared.board(pilot)
        grades = {
            board.column(3).source.card_at(i).id: board.column(3).source.card_at(i).grade for i in range(3)
        }
        assert grades == {share: "A", example: "A", steady: "C"}


async def test_save_only_or_go_back(engine: Engine, db_path: Path) -> None:
    share = scored(engine, "Share Co", {**MIDDLE, "A": 5, "D": 2})
    async with FieldCRM(engine, db_path, "en", offer_demo=False).run_test(size=SIZE) as pilot:
        await propose(pilot, VALUE_HEAVY)
        await pilot.press("n")  # go back: nothing stored
        assert isinstance(pilot.app.screen, WeightsScreen)
        assert load_scoring(engine).weights == DEFAULT_WEIGHTS
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("s")  # save only: the grades stay as they were assessed
        await settle(pilot)
        assert isinstance(pilot.app.screen, ScoringScreen)
        assert load_scoring(engine).weights == VALUE_HEAVY
        assert rows(engine, "SELECT grade FROM account WHERE id = :i", i=share) == [("C",)]
        assert rows(engine, "SELECT count(*) FROM assessment") == [(1,)]


async def test_the_formula_is_on_the_weights_screen_with_the_thresholds_in_force(
    engine: Engine, db_path: Path
) -> None:
    scored(engine, "Acme", {"A": 4})
    async with FieldCRM(engine, db_path, "en", offer_demo=False).run_test(size=SIZE) as pilot:
        screen = await open_weights(pilot)
        formula = str(screen.query_one("#weights-formula").render())
        assert "(score − 1) ÷ 4" in formula and "(5 − score) ÷ 4" in formula
        assert "D when value < 40 or difficulty ≥ 80" in formula
        assert "A when value ≥ 65 and difficulty ≤ 50" in formula
        assert "More than 2 unknown factors" in formula
        assert "docs/" not in str(screen.query_one(".weights-intro").render())
