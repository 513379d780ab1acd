"""The development plan through the keyboard: add, complete, reorder, edit, delete; the card follows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from fieldcrm.store import plan
from fieldcrm.store.models import PlanTaskCreate
from fieldcrm.tui.app import FieldCRM
from fieldcrm.tui.dialog import ConfirmDialog
from fieldcrm.tui.screens.assessment.plan import PlanScreen
from fieldcrm.tui.screens.assessment.plan_dialog import PlanTaskDialog
from fieldcrm.tui.screens.board import BoardScreen

from . import test_assessment as shared
from .conftest import TODAY, add_account

SIZE = (160, 48)


rows = shared.rows


def plan_screen(pilot: Pilot) -> PlanScreen:
    return shared.on_screen(pilot, PlanScreen)


def table_rows(pilot: Pilot) -> list[list[str]]:
    table = plan_screen(pilot).query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def status(pilot: Pilot) -> str:
    return str(plan_screen(pilot).query_one("#plan-status", Static).render())


async def test_plan_steps_added_and_completed(engine: Engine, db_path: Path) -> None:
    account_id = add_account(engine, "Foxglove Metals", 4, grade="A")
    async with FieldCRM(engine, db_path, "en", offer_demo=False).run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "right")
        assert "⚑ no plan" in shared.card_text(pilot)
        await pilot.press("P")
        assert status(pilot).startswith("⚑ Grade A and no development plan")
        await pilot.press("a")
        assert isinstance(pilot.app.screen, PlanTaskDialog)
        await pilot.press(
            *"Plant visit",
            "tab",
            *"Show the production line",
            "tab",
            *"Plant manager's time",
            "tab",
            *"Business manager",
            "tab",
            *"2026-12-01",
            "ctrl+s",
        )
        await pilot.press("a", *"Trial order", "enter")
        assert table_rows(pilot) == [
            [
                "1",
                "",
                "Plant visit",
                "Show the production line",
                "Plant manager's time",
                "Business manager",
                "2026-12-01",
            ],
            ["2", "", "Trial order", "", "", "", ""],
        ]
        assert status(pilot) == "0 of 2 steps done"
        await pilot.press("k", "space")  # complete the plant visit
        assert rows(engine, "SELECT step, done, done_on FROM plan_task ORDER BY position") == [
            ("Plant visit", 1, TODAY.isoformat()),
            ("Trial order", 0, None),
        ]
        assert table_rows(pilot)[0][1] == "✓" and status(pilot) == "1 of 2 steps done"
        await pilot.press("J")  # move it below the trial order
        assert [r[2] for r in table_rows(pilot)] == ["Trial order", "Plant visit"]
        assert plan_screen(pilot).query_one(DataTable).cursor_row == 1  # the cursor moved with it
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, BoardScreen)
        drawn = shared.card_text(pilot)
        assert "plan 1/2" in drawn and "⚑" not in drawn
        assert plan.progress(engine, account_id) == plan.Progress(done=1, total=2)


async def test_a_step_needs_a_name_and_a_real_date(engine: Engine, db_path: Path) -> None:
    add_account(engine, "Foxglove Metals", 3)
    async with FieldCRM(engine, db_path, "en", offer_demo=False).run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "P", "a", "ctrl+s")
        dialog = pilot.app.screen
        assert isinstance(dialog, PlanTaskDialog)
        assert str(dialog.query_one("#step-error", Static).render()) == "Required."
        await pilot.press(*"Plant visit", "tab", "tab", "tab", "tab", *"next week", "ctrl+s")
        assert str(dialog.query_one("#due_on-error", Static).render()) == "Enter a date as YYYY-MM-DD."
        assert rows(engine, "SELECT count(*) FROM plan_task") == [(0,)]
        await pilot.press("escape")
        assert status(pilot) == "No steps yet: press a to add the first."


async def test_edit_reopen_and_delete(engine: Engine, db_path: Path) -> None:
    account_id = add_account(engine, "Foxglove Metals", 3)
    for step, due in (("Plant visit", date(2026, 11, 20)), ("Trial order", None)):
        plan.add_task(engine, PlanTaskCreate(account_id=account_id, step=step, due_on=due))
    async with FieldCRM(engine, db_path, "en", offer_demo=False).run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "P")
        assert table_rows(pilot)[0][6] == "⚠ 2026-11-20"  # overdue and not done
        await pilot.press("e")
        dialog = pilot.app.screen
        assert isinstance(dialog, PlanTaskDialog) and dialog.query_one("#step").value == "Plant visit"
        await pilot.press("end", *" with the CEO", "ctrl+s")
        assert table_rows(pilot)[0][2] == "Plant visit with the CEO"
        await pilot.press("d", "d")  # complete, then reopen
        assert rows(engine, "SELECT done, done_on FROM plan_task WHERE position = 0") == [(0, None)]
        await pilot.press("j", "D")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("y")
        assert rows(engine, "SELECT step FROM plan_task") == [("Plant visit with the CEO",)]
        await pilot.press("escape")
        assert "plan 0/1" in shared.card_text(pilot)


async def test_the_plan_opens_from_the_scoring_form_in_chinese(engine: Engine, db_path: Path) -> None:
    add_account(engine, "华东精密机械有限公司", 3, grade="A")
    async with FieldCRM(engine, db_path, "zh", offer_demo=False).run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "s", "P")
        assert status(pilot).startswith("⚑ A 级客户尚无开发程序")
        await pilot.press("a", *"plant", "ctrl+s", "escape", "escape")
        assert isinstance(pilot.app.screen, BoardScreen)  # the form was untouched: no question
        assert "计划 0/1" in shared.card_text(pilot)
