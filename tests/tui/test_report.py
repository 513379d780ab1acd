"""The pipeline report through the keys a user presses, against a hand count of a small history.

History (days before 2026-11-27):
    -60 A, B, C created;  -50 A and B -> Information;  -40 A -> Assessment
    -20 D created, C terminated "No budget";  -10 B lost "Chose a competitor"
    -5  E created and terminated "No budget";  A is graded A, contacted on days -30 and -3
Hand count, last 90 days: entered Prospect A-E (5), moved on A, B: 40.0%; entered Information
A, B, moved on A: 50.0%; entered Assessment A, moved on none: 0.0%. Last 30 days: entered
Prospect D, E (2), none moved on; one contact with A (day -30 falls outside). Median days in
stage of the active ones: Prospect D, 20; Assessment A, 40.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from textual.pilot import Pilot
from textual.widgets import Static

from fieldcrm.domain.stages import Stage, Status
from fieldcrm.store import accounts
from fieldcrm.store.activities import log_contact
from fieldcrm.store.models import AccountCreate, ActivityCreate
from fieldcrm.tui.screens.board import BoardScreen
from fieldcrm.tui.screens.report import ReportScreen
from fieldcrm.tui.screens.transfer import ExportDialog
from fieldcrm.tui.widgets.charts import BarChart, Funnel

from .conftest import TODAY
from .test_account import SIZE, app_for


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


@pytest.fixture
def history(engine: Engine, freeze_clock: Callable[[date], None]) -> Engine:
    ids: dict[str, int] = {}

    def on(n: int, *names: str) -> None:
        freeze_clock(day(n))
        for name in names:
            created = accounts.create_account(engine, AccountCreate(name=name))
            assert created.id is not None
            ids[name] = created.id

    on(-60, "A", "B", "C")
    on(-50)
    accounts.move_stage(engine, ids["A"], Stage.INFORMATION)
    accounts.move_stage(engine, ids["B"], Stage.INFORMATION)
    on(-40)
    accounts.move_stage(engine, ids["A"], Stage.ASSESSMENT)
    on(-20, "D")
    accounts.set_status(engine, ids["C"], Status.TERMINATED, "No budget")
    on(-10)
    accounts.set_status(engine, ids["B"], Status.LOST, "Chose a competitor")
    on(-5, "E")
    accounts.set_status(engine, ids["E"], Status.TERMINATED, "No budget")
    freeze_clock(TODAY)
    with engine.begin() as conn:
        conn.execute(text("UPDATE account SET grade = 'A' WHERE id = :i"), {"i": ids["A"]})
    for n in (-30, -3):
        data = ActivityCreate(
            account_id=ids["A"], occurred_on=day(n), summary="Call", next_step="Call", next_due=TODAY
        )
        log_contact(engine, data)
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
            (0, "✓ —% won (0)"),
        ]
        funnel = drawn(screen, "#funnel")
        assert "1. Prospect" in funnel and "5 entered" in funnel and "40.0% moved on (2)" in funnel
        stages = drawn(screen, "#stages-chart")
        assert "1 active · median 20 d" in stages and "1 active · median 40 d" in stages
        assert "A 1 · B 0 · C 0 · D 0 · ungraded 0" in stages
        outcomes = drawn(screen, "#outcomes-chart")
        for shown in ("in Prospect 2", "• No budget  2", "in Information 1", "• Chose a competitor  1"):
            assert shown in outcomes
        assert "2.0 per account · 2 contacts / 1 accounts" in drawn(screen, "#effort-chart")


async def test_the_period_changes_the_figures(history: Engine, db_path: Path) -> None:
    async with app_for(history, db_path).run_test(size=SIZE) as pilot:
        screen = await open_report(pilot)
        await choose(pilot, "1")
        assert header(screen) == "Pipeline report  ·  30 days  ·  2026-10-29 to 2026-11-27"
        steps = screen.query_one("#funnel", Funnel).steps
        assert [s.value for s in steps] == [2, 0, 0, 0, 0] and steps[0].onward == "↓ 0.0% moved on (0)"
        effort = screen.query_one("#effort-chart", BarChart).rows
        assert "1.0 per account · 1 contacts / 1 accounts" in effort[0].figure  # type: ignore[union-attr]
        await choose(pilot, "p")  # 90 days again
        assert [s.value for s in screen.query_one("#funnel", Funnel).steps][:2] == [5, 2]
        await pilot.click("#period-all")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert header(screen) == "Pipeline report  ·  all time  ·  to 2026-11-27"


async def test_x_exports_the_report_of_the_period(history: Engine, db_path: Path) -> None:
    async with app_for(history, db_path).run_test(size=SIZE) as pilot:
        await open_report(pilot, "1")
        await choose(pilot, "x")
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog)
        assert (dialog.what, dialog.scope.since) == ("report", day(-29))
        await pilot.press("escape", "escape")
        assert isinstance(pilot.app.screen, BoardScreen)
