"""The account screen through the keys a user presses: overview, the account form, leaving, deleting.

``rich_account`` builds the account the other account tests and the snapshots use.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, TabbedContent

from fieldcrm import clock
from fieldcrm.store.accounts import create_account
from fieldcrm.store.activities import log_contact
from fieldcrm.store.models import AccountCreate, ActivityCreate, PersonCreate, SimReasonCreate
from fieldcrm.store.people import create_person, step_ladder
from fieldcrm.store.simulation import add_reason
from fieldcrm.tui.app import FieldCRM
from fieldcrm.tui.dialog import ConfirmDialog
from fieldcrm.tui.screens.account import AccountScreen
from fieldcrm.tui.screens.account import screen as screen_module
from fieldcrm.tui.screens.account.account_form import AccountForm
from fieldcrm.tui.screens.account.form import FieldLabel
from fieldcrm.tui.screens.board import BoardScreen
from fieldcrm.tui.screens.help import HelpScreen
from fieldcrm.tui.widgets.checklist import Checklist
from fieldcrm.tui.widgets.meter import Meter

from .conftest import TODAY

SIZE = (160, 48)
NAME = "Eastern Precision Machinery"


def rich_account(engine: Engine) -> int:
    """A stage-2 account with company information, a decision maker with a profile, an insider
    two steps up the ladder, an opponent, three contacts and three reasons."""
    account = create_account(
        engine,
        AccountCreate(
            name=NAME,
            stage=2,
            industry="Machinery",
            years_in_business=18,
            scale="320 staff, two plants",
            current_state="Growing, a new line in 2027",
            need_reason="The supplier misses delivery dates",
            urgency=4,
            supplier_structure="One main supplier, one backup",
            supplier_problems="Late deliveries, no on-site support",
            need_strength=4,
            opportunity=True,
            proposal_provided=True,
            change_wish="Wants a second source",
            change_strength=3,
        ),
    )
    assert account.id is not None
    clock.freeze(date(2026, 10, 1))
    dm = create_person(
        engine,
        PersonCreate(
            account_id=account.id,
            name="Wang Jianguo",
            title="General manager",
            role="decision_maker",
            influence=5,
            hometown="Wuxi",
            birthday="1974-12-09",
            interests="Go (weiqi), tea",
            hobbies="Fishing",
            tenure="12 years",
            authority="Signs every supplier contract",
            personality="Careful, quiet",
            approach_plan="Invite him to the tea fair with our GM.",
            executive_meet=True,
        ),
    )
    insider = create_person(
        engine,
        PersonCreate(
            account_id=account.id,
            name="Li Mei",
            title="Buyer",
            role="insider",
            stance="support",
            q_close_contact=True,
            q_endorses_us=True,
            q_trusts_rep=True,
            c_buyer_or_service=True,
            c_well_disposed=True,
            notes="Prefers WeChat",
        ),
    )
    for day in (date(2026, 10, 20), date(2026, 11, 20)):
        clock.freeze(day)
        step_ladder(engine, insider.id, up=True)
    create_person(
        engine,
        PersonCreate(
            account_id=account.id,
            name="Zhao Lei",
            title="Quality manager",
            role="influencer",
            stance="oppose",
            influence=4,
        ),
    )
    for on, person, kind, summary, step, due in (
        (
            date(2026, 10, 1),
            insider,
            "visit",
            "First visit, met the buyer",
            "Send samples",
            date(2026, 10, 8),
        ),
        (
            date(2026, 10, 20),
            insider,
            "meal",
            "Lunch; she explained the supplier problems",
            "Meet the general manager",
            date(2026, 11, 5),
        ),
        (
            date(2026, 11, 20),
            dm,
            "executive_meeting",
            "Our GM met Wang at the plant",
            "Send the proposal with references",
            date(2026, 11, 30),
        ),
    ):
        log_contact(
            engine,
            ActivityCreate(
                account_id=account.id,
                person_id=person.id,
                occurred_on=on,
                kind=kind,
                summary=summary,
                next_step=step,
                next_due=due,
                influence=4,
            ),
        )
    for kind, reason, weight in (
        ("customer", "On-time delivery, every week", 5),
        ("customer", "On-site technical support", 4),
        ("decision_maker", "We solved his line stop last winter", 5),
    ):
        add_reason(engine, SimReasonCreate(account_id=account.id, kind=kind, text=reason, weight=weight))
    clock.freeze(TODAY)
    return account.id


def app_for(engine: Engine, db_path: Path, lang: str = "en") -> FieldCRM:
    """The app on the board; animations off, so a key press need not wait for a tab underline."""
    app = FieldCRM(engine, db_path, lang, offer_demo=False)
    app.animation_level = "none"
    return app


async def open_account(pilot: Pilot, *keys: str) -> AccountScreen:
    """Press ``keys`` on the board (to reach the card), then enter."""
    await pilot.press(*keys, "enter")
    screen = pilot.app.screen
    assert isinstance(screen, AccountScreen), type(screen)
    return screen


async def focus_field(pilot: Pilot, name: str) -> None:
    """Tab through the form to the field ``name``, as a user would."""
    for _ in range(60):
        focused = pilot.app.screen.focused
        if focused is not None and focused.id == f"f-{name}":
            return
        await pilot.press("tab")
    raise AssertionError(f"no field {name}")


def shown(screen: Screen[object], selector: str) -> str:
    """The text a widget shows, as drawn at its current size."""
    widget = screen.query_one(selector)
    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return "\n".join(line.text.rstrip() for line in lines)


def error_of(form: Screen[object], field: str) -> str:
    """The error shown beside a form field ('' when none)."""
    return form.query_one(f"#e-{field}", FieldLabel).error


def row(engine: Engine, sql: str, **params: object) -> tuple:
    with engine.connect() as conn:
        return tuple(conn.execute(text(sql), params).one())


def account_row(engine: Engine) -> tuple:
    with engine.connect() as conn:
        return tuple(conn.execute(text("SELECT * FROM account")).one())


async def test_enter_opens_the_overview_with_checklist_and_completeness(
    engine: Engine, db_path: Path
) -> None:
    rich_account(engine)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        screen = await open_account(pilot, "right")
        assert screen.query_one("#panes", TabbedContent).active == "overview"
        assert NAME in shown(screen, "#account-title")
        assert "Send the proposal with references (due 2026-11-30)" in shown(screen, "#account-title")
        fields = shown(screen, "#overview-fields")
        assert "320 staff, two plants" in fields and "Late deliveries, no on-site support" in fields
        checklist = screen.query_one("#exit-checklist", Checklist)
        assert checklist.items == [
            ("Proposal or samples provided", True),
            (
                "A qualified insider (all six points)\n  lacks: Knows their effort will be rewarded, "
                "We have invested cost or feeling, There is a next-step plan for them",
                False,
            ),
            ("Information sufficient (60% complete or more)", True),
            ("Need clear (supplier situation and strength of need)", True),
        ]
        # 10 of 17 company fields (70%) and a 70% profile (30%): 0.7 * 10/17 + 0.3 * 0.7 = 62%
        assert screen.query_one("#info-meter", Meter).value == 62
        assert "Business plans" in shown(screen, "#info-detail")
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, BoardScreen)


async def test_the_account_is_read_off_the_ui_thread(
    engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rich_account(engine)
    threads: list[threading.Thread] = []
    real = screen_module.read_account

    def recorded(*args: object) -> object:
        threads.append(threading.current_thread())
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(screen_module, "read_account", recorded)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        screen = await open_account(pilot, "right")
        assert NAME in shown(screen, "#account-title")
        assert threads and all(t is not threading.main_thread() for t in threads)


async def test_panes_switch_with_number_keys(engine: Engine, db_path: Path) -> None:
    rich_account(engine)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        screen = await open_account(pilot, "right")
        panes = screen.query_one("#panes", TabbedContent)
        for key, pane in (
            ("2", "people"),
            ("3", "contacts"),
            ("4", "simulation"),
            ("5", "forces"),
            ("1", "overview"),
        ):
            await pilot.press(key)
            assert panes.active == pane
        await pilot.press("3")
        table = screen.query_one("#contacts-table", DataTable)
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [
            "2026-11-20",
            "2026-10-20",
            "2026-10-01",
        ]


async def test_account_form_saves_in_one_go(engine: Engine, db_path: Path) -> None:
    account_id = rich_account(engine)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        screen = await open_account(pilot, "right")
        await pilot.press("e")
        assert isinstance(pilot.app.screen, AccountForm)
        await focus_field(pilot, "urgency")
        await pilot.press("5")
        await focus_field(pilot, "business_plans")
        await pilot.press(*"Suzhou")
        await focus_field(pilot, "supplier_tenure")
        await pilot.press(*"2019")
        await pilot.press("ctrl+s")
        assert pilot.app.screen is screen
        assert row(
            engine,
            "SELECT business_plans, supplier_tenure, urgency, scale FROM account WHERE id = :i",
            i=account_id,
        ) == ("Suzhou", "2019", 5, "320 staff, two plants")
        assert "Suzhou" in shown(screen, "#overview-fields")
        assert screen.query_one("#info-meter", Meter).value == 70  # 12 of 17 fields now


async def test_bad_account_input_shows_errors_and_saves_nothing(engine: Engine, db_path: Path) -> None:
    rich_account(engine)
    before = account_row(engine)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await open_account(pilot, "right")
        await pilot.press("e")
        form = pilot.app.screen
        await pilot.press("backspace")  # the name is selected on entry: this empties it
        assert error_of(form, "name") == "Required."  # said while typing
        await focus_field(pilot, "need_strength")
        await pilot.press("9")
        assert error_of(form, "need_strength") == "Must be at most 5."
        await pilot.press("ctrl+s")
        assert pilot.app.screen is form
        assert error_of(form, "name") == "Required."
        assert error_of(form, "need_strength") == "Must be at most 5."
        assert form.focused is not None and form.focused.id == "f-name"  # the first error
        assert account_row(engine) == before


async def test_chinese_errors_beside_the_field(engine: Engine, db_path: Path) -> None:
    rich_account(engine)
    async with app_for(engine, db_path, "zh").run_test(size=SIZE) as pilot:
        await open_account(pilot, "right")
        await pilot.press("e", "backspace", "ctrl+s")
        assert error_of(pilot.app.screen, "name") == "必填。"


async def test_leaving_a_changed_form_asks_first(engine: Engine, db_path: Path) -> None:
    rich_account(engine)
    before = account_row(engine)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        screen = await open_account(pilot, "right")
        await pilot.press("e", "escape")  # unchanged: leaves at once
        assert pilot.app.screen is screen
        await pilot.press("e", *"Renamed")
        form = pilot.app.screen
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")  # stay
        assert pilot.app.screen is form
        await pilot.press("escape", "y")  # discard
        assert pilot.app.screen is screen
        assert account_row(engine) == before


async def test_deleting_the_account_asks_then_erases_everything(engine: Engine, db_path: Path) -> None:
    rich_account(engine)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await open_account(pilot, "right")
        await pilot.press("D")
        dialog = pilot.app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "3 people, 3 contacts, 3 reasons" in shown(dialog, ".dialog-text")
        await pilot.press("escape")
        assert row(engine, "SELECT count(*) FROM account") == (1,)
        await pilot.press("D", "y")
        board = pilot.app.screen
        assert isinstance(board, BoardScreen)
        assert board.model.counts[2] == 0
    for table in ("account", "person", "ladder_event", "activity", "sim_reason", "stage_event"):
        assert row(engine, f"SELECT count(*) FROM {table}") == (0,), table


async def test_help_lists_the_screen_keys(engine: Engine, db_path: Path) -> None:
    rich_account(engine)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await open_account(pilot, "right")
        await pilot.press("question_mark")
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        table = help_screen.query_one(DataTable)
        cells = [list(map(str, table.get_row_at(i))) for i in range(table.row_count)]
        assert ["+", "Insider: one step up the ladder (dated today)"] in cells
        assert ["l", "Log a contact with its next step (from People: with the selected person)"] in cells
        await pilot.press("escape", "4")
        assert pilot.app.screen.query_one("#panes", TabbedContent).active == "simulation"
