"""Logging contacts: every one sets the next step, which the board card then shows."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text
from textual.widgets import DataTable, Select

from fieldcrm.tui.screens.account.contact_form import ContactForm
from fieldcrm.tui.screens.board import BoardScreen

from .conftest import TODAY, add_account
from .test_account import SIZE, app_for, error_of, focus_field, open_account, rich_account, row


def activity_rows(engine: Engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT * FROM activity ORDER BY id"))]


async def test_a_logged_contact_updates_the_board_card(engine: Engine, db_path: Path) -> None:
    account_id = add_account(engine, "Acme Packaging")
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await open_account(pilot)
        await pilot.press("l")
        assert isinstance(pilot.app.screen, ContactForm)
        await focus_field(pilot, "summary")
        await pilot.press(*"Met the buyer")
        await focus_field(pilot, "next_step")
        await pilot.press(*"Send samples", "ctrl+s")
        assert row(
            engine,
            "SELECT occurred_on, kind, summary, influence, persistence_days, next_step, "
            "next_due, next_done FROM activity",
        ) == ("2026-11-27", "visit", "Met the buyer", 3, 14, "Send samples", "2026-12-04", 0)
        assert row(
            engine, "SELECT next_step, next_due, last_contact FROM account WHERE id = :i", i=account_id
        ) == ("Send samples", "2026-12-04", TODAY.isoformat())
        await pilot.press("escape")
        board = pilot.app.screen
        assert isinstance(board, BoardScreen)
        card = board.selected()
        assert card is not None and (card.next_step, str(card.next_due)) == ("Send samples", "2026-12-04")
        column = board.column(1)
        drawn = "\n".join(column.render_line(y).text for y in range(6))
        assert "Send samples" in drawn and "due 2026-12-04" in drawn


async def test_a_new_contact_follows_up_the_open_step(engine: Engine, db_path: Path) -> None:
    rich_account(engine)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        screen = await open_account(pilot, "right")
        await pilot.press("2", "l")  # from People: with the selected person
        form = pilot.app.screen
        (wang,) = row(engine, "SELECT id FROM person WHERE name = 'Wang Jianguo'")
        assert form.query_one("#f-person_id", Select).value == wang
        await focus_field(pilot, "summary")
        await pilot.press(*"Sent references")
        await focus_field(pilot, "next_step")
        await pilot.press(*"Call back", "ctrl+s")
        assert row(engine, "SELECT count(*) FROM activity WHERE next_done = 0") == (1,)
        assert row(engine, "SELECT next_step FROM account") == ("Call back",)
        await pilot.press("3")
        table = screen.query_one("#contacts-table", DataTable)
        assert [str(table.get_row_at(i)[6]) for i in range(2)] == [
            "Call back",
            "Send the proposal with refere…",
        ]


async def test_bad_contact_input_shows_errors_and_saves_nothing(engine: Engine, db_path: Path) -> None:
    rich_account(engine)
    before = activity_rows(engine)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await open_account(pilot, "right")
        await pilot.press("3", "l")
        form = pilot.app.screen
        await pilot.press(*"2026-02-30")  # the date is selected on entry: typing replaces it
        assert error_of(form, "occurred_on") == "Enter a date as YYYY-MM-DD."
        await pilot.press("ctrl+s")  # no summary, no next step either
        assert error_of(form, "occurred_on") == "Enter a date as YYYY-MM-DD."
        assert error_of(form, "summary") == "Required."
        assert error_of(form, "next_step") == "Required."
        await focus_field(pilot, "occurred_on")  # where the cursor went: the first error
        await pilot.press("home", "ctrl+k", *"2026-12-20")
        await focus_field(pilot, "summary")
        await pilot.press(*"Visit")
        await focus_field(pilot, "next_step")
        await pilot.press(*"Call", "ctrl+s")  # due 2026-12-04 is before the contact
        assert error_of(form, "next_due") == "The next step cannot be due before the contact date."
        assert error_of(form, "summary") == ""
        assert pilot.app.screen is form
    assert activity_rows(engine) == before
