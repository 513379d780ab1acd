"""The agenda through the keys a user presses: its sections, logging a contact, completing a plan
step, opening an account, the limits, paging and exporting; on a frozen day (2026-11-27)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static

from csv_sections import read_tables, records
from fieldcrm.domain.stages import Status
from fieldcrm.store.accounts import create_account, set_status
from fieldcrm.store.activities import log_contact
from fieldcrm.store.models import AccountCreate, ActivityCreate, PersonCreate, PlanTaskCreate
from fieldcrm.store.people import create_person
from fieldcrm.store.plan import add_task
from fieldcrm.tui.screens.account import AccountScreen
from fieldcrm.tui.screens.account.contact_form import ContactForm
from fieldcrm.tui.screens.agenda import AgendaScreen
from fieldcrm.tui.screens.agenda.limits import LimitsDialog
from fieldcrm.tui.screens.board import BoardScreen
from fieldcrm.tui.screens.files import ExportDialog

from .conftest import TODAY
from .test_account import SIZE, app_for, focus_field, row


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


def account(engine: Engine, name: str, stage: int = 1) -> int:
    created = create_account(engine, AccountCreate(name=name, stage=stage))
    assert created.id is not None
    return created.id


def contact(
    engine: Engine, account_id: int, on: int, step: str, due: int, person_id: int | None = None
) -> None:
    log_contact(
        engine,
        ActivityCreate(
            account_id=account_id,
            occurred_on=day(on),
            summary="Visit",
            next_step=step,
            next_due=day(due),
            person_id=person_id,
        ),
    )


@pytest.fixture
def week(engine: Engine, freeze_clock: Callable[[date], None]) -> Engine:
    """One of everything the agenda lists, and some things it must leave out."""
    freeze_clock(day(-40))
    acme = account(engine, "Acme Packaging")
    li = create_person(engine, PersonCreate(account_id=acme, name="Li Na", role="insider"))
    granite = account(engine, "Granite Works", 4)  # in Relationship for 40 days, never reviewed
    contact(engine, granite, 0, "Review the forces", 60)
    harbor = account(engine, "Harbor Foods")
    set_status(engine, harbor, Status.PAUSED, "Grade D: observe", review_on=day(-1))
    freeze_clock(TODAY)
    contact(engine, acme, -10, "Send samples", -3, li.id)
    contact(engine, account(engine, "Blue River"), -2, "Call the buyer", 0)
    contact(engine, account(engine, "Cobalt Tools", 2), -1, "Quote the trial order", 5)
    contact(engine, account(engine, "Far Future Ltd"), -1, "Visit in January", 40)
    delta = account(engine, "Delta Fasteners", 3)
    contact(engine, delta, -1, "Prepare the plan", 6)
    for step, due in (("Trial order", -4), ("Site visit", 2), ("Contract", 30)):
        add_task(
            engine, PlanTaskCreate(account_id=delta, step=step, owner_role="BD specialist", due_on=day(due))
        )
    evergreen = account(engine, "Evergreen Plastics", 4)
    contact(engine, evergreen, -1, "Lunch with the GM", 3)
    for name, birthday in (("Wang Jianguo", "1970-12-01"), ("Zhou Min", "12-25")):
        create_person(
            engine, PersonCreate(account_id=evergreen, name=name, role="decision_maker", birthday=birthday)
        )
    contact(engine, account(engine, "Foxglove Metals", 5), -10, "Executive visit", 1)  # Close: 7 days
    return engine


async def settle(pilot: Pilot) -> None:
    """Let the agenda's read finish and its message arrive."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_agenda(pilot: Pilot) -> AgendaScreen:
    await pilot.press("a")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AgendaScreen), type(screen)
    return screen


async def show(pilot: Pilot, key: str) -> list[list[str]]:
    """Press ``key`` (a section's number, a page key...), and return the table's rows."""
    await pilot.press(key)
    await settle(pilot)
    return rows(pilot.app.screen)


def rows(screen: AgendaScreen) -> list[list[str]]:
    table = screen.query_one("#entries", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def counts(screen: AgendaScreen) -> list[str]:
    options = screen.query_one("#sections", OptionList)
    return [str(options.get_option_at_index(i).prompt).split()[-1] for i in range(options.option_count)]


def title(screen: AgendaScreen) -> str:
    return str(screen.query_one("#section-title", Static).render())


async def test_each_section_lists_its_entries(week: Engine, db_path: Path) -> None:
    async with app_for(week, db_path).run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        assert counts(screen) == ["1", "1", "4", "2", "1", "1", "1", "1", "1"]
        assert "1 overdue" in str(screen.query_one("#agenda-header", Static).render())
        assert rows(screen) == [
            ["2026-11-24", "3 d late", "Acme Packaging", "Send samples", "Li Na", "1. Prospect", "—"]
        ]
        assert [r[2] for r in await show(pilot, "2")] == ["Call the buyer"]
        week_rows = await show(pilot, "3")
        assert [(r[0], r[1], r[2]) for r in week_rows] == [
            ("2026-11-28", "in 1 d", "Foxglove Metals"),
            ("2026-11-30", "in 3 d", "Evergreen Plastics"),
            ("2026-12-02", "in 5 d", "Cobalt Tools"),
            ("2026-12-03", "in 6 d", "Delta Fasteners"),
        ]  # Far Future's step is beyond the week
        assert [(r[3], r[1]) for r in await show(pilot, "4")] == [
            ("Trial order", "4 d late"),
            ("Site visit", "in 2 d"),
        ]
        assert [(r[2], r[0], r[1]) for r in await show(pilot, "5")] == [
            ("Wang Jianguo", "2026-12-01", "in 4 d")
        ]
        stalled = await show(pilot, "6")  # Acme's 10 days of silence are within Prospect's 21
        assert [(r[2], r[1]) for r in stalled] == [("Foxglove Metals", "10 d")]
        assert "Close 7" in str(screen.query_one("#section-note", Static).render())
        assert [(r[2], r[3], r[1]) for r in await show(pilot, "7")] == [("Li Na", "Acquainted", "40 d")]
        reviews = await show(pilot, "8")  # due 30 days after entering Relationship
        assert [(r[0], r[1], r[2]) for r in reviews] == [("2026-11-17", "10 d late", "Granite Works")]
        assert "30 days" in str(screen.query_one("#section-note", Static).render())
        paused = await show(pilot, "9")
        assert [(r[0], r[2], r[3]) for r in paused] == [("2026-11-26", "Harbor Foods", "Grade D: observe")]
        await pilot.press("left", "left", "left", "left")
        await settle(pilot)
        assert title(screen).startswith("Birthdays")


async def test_logging_a_contact_moves_the_item(week: Engine, db_path: Path) -> None:
    async with app_for(week, db_path).run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await pilot.press("l")
        form = pilot.app.screen
        assert isinstance(form, ContactForm)
        await focus_field(pilot, "summary")
        await pilot.press(*"Brought samples")
        await pilot.press("ctrl+s")  # the next step is required, as everywhere
        assert isinstance(pilot.app.screen, ContactForm)
        await focus_field(pilot, "next_step")
        await pilot.press(*"Collect feedback", "ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        acme = "(SELECT id FROM account WHERE name = 'Acme Packaging')"
        open_step = (
            f"SELECT next_step, next_due, person_id FROM activity WHERE next_done = 0 AND account_id = {acme}"
        )
        assert row(week, open_step) == (
            "Collect feedback",
            "2026-12-04",
            row(week, "SELECT id FROM person WHERE name = 'Li Na'")[0],
        )
        assert counts(screen)[:3] == ["0", "1", "5"]
        assert rows(screen) == [["Nothing here.", "", "", "", "", "", ""]]
        assert ["2026-12-04", "in 7 d", "Acme Packaging"] in [r[:3] for r in await show(pilot, "3")]
        await pilot.press("escape")
        board = pilot.app.screen
        assert isinstance(board, BoardScreen)
        assert "overdue" not in str(board.query_one("#board-header", Static).render())


async def test_a_plan_step_is_marked_done_from_its_section(week: Engine, db_path: Path) -> None:
    async with app_for(week, db_path).run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await pilot.press("d")  # overdue next steps are not plan steps
        assert row(week, "SELECT count(*) FROM plan_task WHERE done = 1") == (0,)
        await show(pilot, "4")
        plan = await show(pilot, "d")
        assert row(week, "SELECT step, done_on FROM plan_task WHERE done = 1") == (
            "Trial order",
            "2026-11-27",
        )
        assert [r[3] for r in plan] == ["Site visit"]
        assert counts(screen)[3] == "1"


async def test_enter_opens_the_account_and_escape_comes_back(week: Engine, db_path: Path) -> None:
    async with app_for(week, db_path).run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await show(pilot, "5")
        await pilot.press("enter")
        opened = pilot.app.screen
        assert isinstance(opened, AccountScreen)
        assert opened.account_id == row(week, "SELECT id FROM account WHERE name = 'Evergreen Plastics'")[0]
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen and title(screen).startswith("Birthdays")


async def test_limits_change_what_counts_as_stalled(week: Engine, db_path: Path) -> None:
    async with app_for(week, db_path).run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        await show(pilot, "6")
        await pilot.press("L")
        dialog = pilot.app.screen
        assert isinstance(dialog, LimitsDialog)
        box = dialog.query_one("#stage-5", Input)
        box.value = "0"
        await pilot.press("ctrl+s")
        assert "1 to 3650" in str(dialog.query_one("#limits-error", Static).render())
        assert row(week, "SELECT count(*) FROM setting") == (0,)
        box.value = "30"
        dialog.query_one("#stage-1", Input).value = "5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert [r[2] for r in rows(screen)] == ["Acme Packaging"]
        assert "Close 30" in str(screen.query_one("#section-note", Static).render())


async def test_long_sections_are_paged(engine: Engine, db_path: Path) -> None:
    for n in range(105):
        contact(engine, account(engine, f"Account {n:03d}"), -5, f"Step {n:03d}", -1)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        screen = await open_agenda(pilot)
        assert "1–100 of 105" in title(screen) and len(rows(screen)) == 100
        last = await show(pilot, "greater_than_sign")
        assert "101–105 of 105" in title(screen)
        assert [r[3] for r in last] == [f"Step {n:03d}" for n in range(100, 105)]
        await show(pilot, "greater_than_sign")  # no further page: it stays
        assert "101–105 of 105" in title(screen)
        assert (await show(pilot, "less_than_sign"))[0][3] == "Step 000"


async def test_x_exports_every_section_with_birthdays_when_asked(
    week: Engine, db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "agenda.csv"
    async with app_for(week, db_path).run_test(size=SIZE) as pilot:
        await open_agenda(pilot)
        await pilot.press("x")
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog)
        assert (dialog.what, dialog.offer) == ("agenda", ("agenda", "plan", "calendar"))
        dialog.query_one("#file", Input).value = str(out)
        await pilot.click("#personal")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AgendaScreen)
    sections = {table[0][0]: records(table) for table in read_tables(out)}
    assert list(sections) == [
        "Due", "Next birthday", "Last contact", "On ladder step since", "Review due", "Review on"
    ]  # fmt: skip
    assert len(sections["Due"]) == 1 + 1 + 4 + 2  # overdue, today, the week, plan steps
    assert [(r["Person"], r["Next birthday"], r["Days until"]) for r in sections["Next birthday"]] == [
        ("Wang Jianguo", "2026-12-01", "4")
    ]
    assert [(r["Company"], r["Days without contact"]) for r in sections["Last contact"]] == [
        ("Foxglove Metals", "10")
    ]
    insiders = sections["On ladder step since"]
    assert [(r["Person"], r["Insider ladder step"], r["Days on the step"]) for r in insiders] == [
        ("Li Na", "Acquainted", "40")
    ]
    assert [(r["Company"], r["Review due"], r["Days overdue"]) for r in sections["Review due"]] == [
        ("Granite Works", "2026-11-17", "10")
    ]
    assert [(r["Company"], r["Why paused"]) for r in sections["Review on"]] == [
        ("Harbor Foods", "Grade D: observe")
    ]


async def test_x_writes_the_calendar_file_for_a_phone(week: Engine, db_path: Path, tmp_path: Path) -> None:
    async with app_for(week, db_path).run_test(size=SIZE, notifications=True) as pilot:
        await open_agenda(pilot)
        await pilot.press("x")
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog)
        await pilot.click("#what-calendar")
        box = dialog.query_one("#file", Input)
        assert box.value.endswith(".ics")  # the name follows the choice
        out = tmp_path / "steps.ics"
        box.value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AgendaScreen)
        assert "calendar events" in list(pilot.app._notifications)[-1].message
    text = out.read_text(encoding="utf-8")
    with week.connect() as conn:  # every open step and dated plan step, not only this week's
        (steps,) = conn.exec_driver_sql(
            "SELECT (SELECT count(*) FROM activity v JOIN account a ON a.id = v.account_id"
            " WHERE NOT v.next_done AND a.status = 'active')"
            " + (SELECT count(*) FROM plan_task p JOIN account a ON a.id = p.account_id"
            " WHERE NOT p.done AND p.due_on IS NOT NULL AND a.status = 'active')"
        ).one()
    assert text.startswith("BEGIN:VCALENDAR") and text.count("BEGIN:VEVENT") == steps > 1 + 1 + 4 + 2
