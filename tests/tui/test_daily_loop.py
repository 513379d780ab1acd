"""The rep's daily loop through the keys: correct or delete a contact, a next step done, moved or
handed over without a contact, from the account, the board and the agenda; ``u`` undoes each;
the account screen answers the board's keys for its own account."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine
from textual.pilot import Pilot
from textual.widgets import Input

from fieldcrm.tui.dialog import ConfirmDialog
from fieldcrm.tui.screens.account import AccountScreen
from fieldcrm.tui.screens.account.contact_form import ContactForm
from fieldcrm.tui.screens.account.step_forms import HandStepForm, MoveStepForm
from fieldcrm.tui.screens.agenda import AgendaScreen
from fieldcrm.tui.screens.board import BoardScreen

from .conftest import TODAY, add_account
from .test_account import SIZE, app_for, focus_field, open_account, rich_account, row

CARD = "SELECT next_step, next_due FROM account WHERE id = :i"


async def settle(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def on_contacts(pilot: Pilot) -> AccountScreen:
    screen = await open_account(pilot, "right")  # the stage-2 account
    await settle(pilot)
    await pilot.press("3")
    return screen


async def test_a_contact_is_corrected_and_undone_from_the_account(engine: Engine, db_path: Path) -> None:
    account_id = rich_account(engine)
    async with app_for(engine, db_path).run_test(size=SIZE, notifications=True) as pilot:
        await on_contacts(pilot)
        await pilot.press("e")
        form = pilot.app.screen
        assert isinstance(form, ContactForm)
        await focus_field(pilot, "next_step")
        await pilot.press("ctrl+a", "ctrl+k", *"Send the proposal in Chinese")
        await focus_field(pilot, "next_time")
        await pilot.press(*"15:30", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AccountScreen)
        assert row(engine, CARD, i=account_id) == ("Send the proposal in Chinese", "2026-11-30")
        assert row(engine, "SELECT count(*), max(next_time) FROM activity") == (3, "15:30")
        await pilot.press("u")
        await settle(pilot)
        assert row(engine, CARD, i=account_id) == ("Send the proposal with references", "2026-11-30")
        assert row(engine, "SELECT max(next_time) FROM activity") == (None,)


async def test_a_contact_is_deleted_after_asking_and_undo_brings_it_back(
    engine: Engine, db_path: Path
) -> None:
    account_id = rich_account(engine)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await on_contacts(pilot)
        await pilot.press("D")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert row(engine, "SELECT count(*) FROM activity") == (2,)
        # the step the deleted contact had followed up is open again, and is on the card
        assert row(engine, CARD, i=account_id) == ("Meet the general manager", "2026-11-05")
        await pilot.press("u")
        await settle(pilot)
        assert row(engine, "SELECT count(*) FROM activity") == (3,)
        assert row(engine, CARD, i=account_id) == ("Send the proposal with references", "2026-11-30")


async def test_a_key_on_the_wrong_pane_says_where_it_works(engine: Engine, db_path: Path) -> None:
    rich_account(engine)
    async with app_for(engine, db_path).run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_account(pilot, "right")
        await settle(pilot)
        await pilot.press("5", "e")
        assert [n.message for n in pilot.app._notifications] == [
            "This key works on: Overview · People · Contacts · Decision simulation · Stage work."
        ]
        keys = {b.binding.id for b in screen.active_bindings.values()}
        assert "account.edit" not in keys and "account.log" in keys  # the footer leaves it out


async def test_the_next_step_is_done_moved_and_handed_over_from_the_board(
    engine: Engine, db_path: Path
) -> None:
    account_id = add_account(engine, "Acme Packaging", next_due=TODAY - timedelta(days=2))
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await pilot.press("m")
        form = pilot.app.screen
        assert isinstance(form, MoveStepForm)
        await pilot.press("ctrl+a", "ctrl+k", *"2026-12-03")
        await focus_field(pilot, "next_time")
        await pilot.press(*"9:00", "ctrl+s")
        assert isinstance(pilot.app.screen, BoardScreen)
        assert row(engine, CARD, i=account_id) == ("Call the buyer", "2026-12-03")
        assert row(engine, "SELECT kind, due_before, due_after, time_after FROM next_step_change") == (
            "rescheduled",
            "2026-11-25",
            "2026-12-03",
            "09:00",
        )
        board = pilot.app.screen
        assert isinstance(board, BoardScreen)
        card = board.selected()
        assert card is not None and str(card.next_due) == "2026-12-03"

        await pilot.press("o")
        assert isinstance(pilot.app.screen, HandStepForm)
        await pilot.press(*"Zhao Lei", "ctrl+s")
        assert row(engine, "SELECT next_owner FROM activity") == ("Zhao Lei",)

        await pilot.press("d")
        assert row(engine, CARD, i=account_id) == (None, None)
        await pilot.press("u", "u", "u")  # done, handed over, moved: each taken back
        assert row(engine, CARD, i=account_id) == ("Call the buyer", "2026-11-25")
        assert row(engine, "SELECT next_owner, next_time, count(*) FROM activity") == (None, None, 1)
        assert row(engine, "SELECT count(*) FROM next_step_change") == (0,)


async def test_a_step_moved_before_its_contact_is_refused_beside_the_field(
    engine: Engine, db_path: Path
) -> None:
    add_account(engine, "Acme Packaging", next_due=TODAY)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await pilot.press("m", "ctrl+a", "ctrl+k", *"2020-01-01", "ctrl+s")
        form = pilot.app.screen
        assert isinstance(form, MoveStepForm)
        assert form.query_one("#e-next_due").error == "The next step cannot be due before the contact date."
        assert form.query_one("#f-next_time", Input).placeholder == "HH:MM (empty: any time that day)"
    assert row(engine, "SELECT next_due FROM activity") == (TODAY.isoformat(),)


async def test_a_card_without_a_next_step_says_so(engine: Engine, db_path: Path) -> None:
    add_account(engine, "Cobalt Tools")
    async with app_for(engine, db_path).run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("d")
        assert [n.message for n in pilot.app._notifications] == [
            "This account has no open next step: log a contact (l) to set one."
        ]


async def test_l_logs_a_contact_from_the_board(engine: Engine, db_path: Path) -> None:
    account_id = add_account(engine, "Cobalt Tools")
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ContactForm)
        await focus_field(pilot, "summary")
        await pilot.press(*"Called the buyer")
        await focus_field(pilot, "next_step")
        await pilot.press(*"Visit", "ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BoardScreen)
        assert row(engine, CARD, i=account_id) == ("Visit", "2026-12-04")
        card = pilot.app.screen.selected()
        assert card is not None and card.next_step == "Visit"


async def test_the_agenda_marks_a_next_step_done(engine: Engine, db_path: Path) -> None:
    account_id = add_account(engine, "Acme Packaging", next_due=TODAY - timedelta(days=3))
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AgendaScreen)
        await pilot.press("d")
        await settle(pilot)
        assert row(engine, "SELECT next_done FROM activity") == (1,)
        assert row(engine, CARD, i=account_id) == (None, None)
        await pilot.press("m")
        assert not isinstance(pilot.app.screen, MoveStepForm)  # the overdue list is empty now
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("u")
        assert row(engine, "SELECT next_done FROM activity") == (0,)


async def test_the_account_screen_answers_the_board_keys(engine: Engine, db_path: Path) -> None:
    account_id = add_account(engine, "Cobalt Tools")
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await open_account(pilot)
        await settle(pilot)
        await pilot.press("p", *"Watch", "ctrl+s")
        await settle(pilot)
        assert row(engine, "SELECT status FROM account WHERE id = :i", i=account_id) == ("paused",)
        await pilot.press("p")
        await settle(pilot)
        assert row(engine, "SELECT status FROM account WHERE id = :i", i=account_id) == ("active",)
        await pilot.press("right_square_bracket")  # stage 1's gate: nothing is known yet
        gate = pilot.app.screen
        assert not isinstance(gate, AccountScreen)
        await pilot.press("o")  # override
        await settle(pilot)
        assert row(engine, "SELECT stage FROM account WHERE id = :i", i=account_id) == (2,)
        screen = pilot.app.screen
        assert isinstance(screen, AccountScreen)
        assert "2. Information" in str(screen.query_one("#account-title").render())
        await pilot.press("u")
        await settle(pilot)
        assert row(engine, "SELECT stage FROM account WHERE id = :i", i=account_id) == (1,)
        await pilot.press("escape", "u")  # the board's undo takes back the pause made in the account
        assert row(engine, "SELECT status FROM account WHERE id = :i", i=account_id) == ("paused",)
