"""Decision simulation (two weighted, ordered lists of reasons) and the forces pane."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text
from textual.widgets import DataTable

from fieldcrm.tui.dialog import ConfirmDialog
from fieldcrm.tui.screens.account.reason_form import ReasonForm
from fieldcrm.tui.widgets.meter import BalanceBar, Meter

from .conftest import add_account
from .test_account import SIZE, app_for, error_of, focus_field, open_account, rich_account, shown


def reasons(engine: Engine) -> list[tuple[str, str, int, int]]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text("SELECT kind, text, weight, position FROM sim_reason ORDER BY kind, position")
            )
        ]


async def test_add_edit_reorder_and_delete_reasons(engine: Engine, db_path: Path) -> None:
    add_account(engine, "Acme Packaging")
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        screen = await open_account(pilot)
        await pilot.press("4", "n")  # into the focused list: why the customer would choose us
        assert isinstance(pilot.app.screen, ReasonForm)
        await focus_field(pilot, "text")
        await pilot.press(*"Faster delivery", "ctrl+s")
        await pilot.press("n")
        await focus_field(pilot, "text")
        await pilot.press(*"Lower price", "tab", "2", "ctrl+s")
        await pilot.press("tab", "n")  # the other list
        await focus_field(pilot, "text")
        await pilot.press(*"We fixed his line stop", "ctrl+s")
        assert reasons(engine) == [
            ("customer", "Faster delivery", 3, 0),
            ("customer", "Lower price", 2, 1),
            ("decision_maker", "We fixed his line stop", 3, 0),
        ]
        await pilot.press("shift+tab", "down", "shift+up")  # Lower price to the top
        assert [r[1] for r in reasons(engine)[:2]] == ["Lower price", "Faster delivery"]
        table = screen.query_one("#reasons-customer", DataTable)
        assert table.cursor_row == 0 and str(table.get_row_at(0)[1]) == "Lower price"
        await pilot.press("enter")  # edit it
        await focus_field(pilot, "weight")
        await pilot.press("5", "ctrl+s")
        assert reasons(engine)[0] == ("customer", "Lower price", 5, 0)
        assert "(2) · total weight 8" in shown(screen, "#title-customer")
        await pilot.press("D")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("y")
        assert reasons(engine) == [
            ("customer", "Faster delivery", 3, 0),
            ("decision_maker", "We fixed his line stop", 3, 0),
        ]


async def test_a_reason_needs_text_and_a_weight_of_one_to_five(engine: Engine, db_path: Path) -> None:
    add_account(engine, "Acme Packaging")
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await open_account(pilot)
        await pilot.press("4", "n")
        form = pilot.app.screen
        await focus_field(pilot, "weight")
        await pilot.press("9", "ctrl+s")
        assert (error_of(form, "text"), error_of(form, "weight")) == ("Required.", "Must be at most 5.")
        assert reasons(engine) == []


async def test_forces_weigh_people_by_influence(engine: Engine, db_path: Path) -> None:
    rich_account(engine)  # support: Li Mei 3; neutral: Wang Jianguo 5; oppose: Zhao Lei 4
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        screen = await open_account(pilot, "right")
        await pilot.press("5")
        assert shown(screen, "#stance-title-support") == "Support · influence 3 (25%)"
        assert shown(screen, "#stance-title-oppose") == "Oppose · influence 4 (33%)"
        assert screen.query_one("#net-support", BalanceBar).value == -8  # (3 - 4) / 12
        assert screen.query_one("#penetration", Meter).value == 25
        grow = shown(screen, "#forces-grow").splitlines()
        assert "Wang Jianguo" in grow[0] and "Zhao Lei" in grow[1]
