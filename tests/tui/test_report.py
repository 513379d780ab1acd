"""The pipeline report through the keys a user presses, against the hand count of a small
history (see report_history.py): the figures, the period keys, and the export of the period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from textual.pilot import Pilot
from textual.widgets import Input, RadioButton, Static

from csv_sections import read_tables
from fieldcrm.tui.screens.files import ExportDialog
from fieldcrm.tui.screens.report import ReportScreen
from fieldcrm.tui.widgets.charts import BarChart, Funnel
from report_history import build_history

from .test_account import SIZE, app_for


@pytest.fixture
def history(engine: Engine, freeze_clock: Callable[[date], None]) -> Engine:
    build_history(engine, freeze_clock)
    return engine


async def open_report(pilot: Pilot, *keys: str) -> ReportScreen:
    await pilot.press("r", *keys)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReportScreen), type(screen)
    return screen


async def choose(pilot: Pilot, key: str) -> None:
    await pilot.press(key)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def drawn(screen: ReportScreen, selector: str) -> str:
    return screen.query_one(selector).render().plain  # type: ignore[union-attr]


def header(screen: ReportScreen) -> str:
    return str(screen.query_one("#report-header", Static).render())


async def test_the_report_shows_the_hand_count(history: Engine, db_path: Path) -> None:
    async with app_for(history, db_path).run_test(size=SIZE) as pilot:
        screen = await open_report(pilot)
        assert header(screen) == "Pipeline report  ·  90 days  ·  2026-08-30 to 2026-11-27"
        steps = screen.query_one("#funnel", Funnel).steps
        assert [(s.value, s.onward) for s in steps] == [
            (5, "↓ 40.0% moved on (2)"),
            (2, "↓ 50.0% moved on (1)"),
            (1, "↓ 0.0% moved on (0)"),
            (0, "↓ —% moved on (0)"),
            (0, "✓ —% of these won (0)"),
        ]
        funnel = drawn(screen, "#funnel")
        assert "1. Prospect" in funnel and "5 entered" in funnel and "40.0% moved on (2)" in funnel
        stages = drawn(screen, "#stages-chart")
        assert "1 active · median 20 d" in stages and "1 active · median 40 d" in stages
        assert "A 1 · B 0 · C 0 · D 0 · ungraded 0" in stages
        outcomes = drawn(screen, "#outcomes-chart")
        for shown in ("in Prospect 2", "• 2 · No budget", "in Information 1", "• 1 · Chose a competitor"):
            assert shown in outcomes
        assert "2.0 per account · 2 contacts / 1 account" in drawn(screen, "#effort-chart")


async def test_the_period_changes_the_figures(history: Engine, db_path: Path) -> None:
    async with app_for(history, db_path).run_test(size=SIZE) as pilot:
        screen = await open_report(pilot)
        await choose(pilot, "1")
        assert header(screen) == "Pipeline report  ·  30 days  ·  2026-10-29 to 2026-11-27"
        steps = screen.query_one("#funnel", Funnel).steps
        assert [s.value for s in steps] == [2, 0, 0, 0, 0] and steps[0].onward == "↓ 0.0% moved on (0)"
        effort = screen.query_one("#effort-chart", BarChart).rows
        assert "1.0 per account · 1 contact / 1 account" in effort[0].figure  # type: ignore[union-attr]
        await choose(pilot, "p")  # 90 days again
        assert [s.value for s in screen.query_one("#funnel", Funnel).steps][:2] == [5, 2]
        await pilot.click("#period-all")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert header(screen) == "Pipeline report  ·  all time  ·  to 2026-11-27"


async def test_x_exports_the_report_of_the_period_shown(
    history: Engine, db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.csv"
    async with app_for(history, db_path).run_test(size=SIZE) as pilot:
        await open_report(pilot, "1")  # 30 days, where the screen opened at 90
        await choose(pilot, "x")
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog) and dialog.what == "report"
        assert "30 days" in str(dialog.query_one("#what-report", RadioButton).label)
        dialog.query_one("#file", Input).value = str(out)
        await choose(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, ReportScreen)
    period, stages, outcomes, effort, overrides = read_tables(out)
    assert period[1] == ["Last 30 days", "2026-10-29", "2026-11-27"]
    assert [row[14:] for row in stages[1:4]] == [["2", "0", "0.0"], ["0", "0", ""], ["0", "0", ""]]
    assert ["Terminated", "Reason", "No budget", "2"] in outcomes
    assert effort[1] == ["A", "1", "1", "1.0"]  # the contact of day -30 is outside
    assert overrides[0] == ["Stage", "Gate overrides"] and len(overrides) == 6


async def test_a_long_reason_keeps_its_count_in_view(engine: Engine, db_path: Path) -> None:
    from fieldcrm.domain.stages import Status
    from fieldcrm.store.accounts import create_account, set_status
    from fieldcrm.store.models import AccountCreate

    reason = "They signed a three-year framework agreement with the incumbent supplier " * 4
    for name in ("Acme", "Bolt"):
        account = create_account(engine, AccountCreate(name=name))
        assert account.id is not None
        set_status(engine, account.id, Status.TERMINATED, reason)
    async with app_for(engine, db_path).run_test(size=(100, 30)) as pilot:
        screen = await open_report(pilot)
        lines = drawn(screen, "#outcomes-chart").splitlines()
        line = next(x for x in lines if "framework" in x)
        assert line.strip().startswith("• 2 · They signed")
