"""Every screen walked with hostile text in every field a user or a file can fill.

After each key the screen is drawn as Textual would draw it to the terminal; the test fails
on a crash, on a control character from the data in that output, or on a name that does not
show as it was typed (markup parsed, brackets eaten).
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from itertools import cycle
from pathlib import Path

import pytest
from fault_support import BOARD_READY, Terminal, child_env, demo_db, fieldcrm
from hostile import LEAVE_ALTERNATE, LITERAL, NAMES, drawn_text, foreign_controls
from sqlalchemy import Engine, text
from textual.pilot import Pilot

from fieldcrm.domain.stages import Status
from fieldcrm.i18n import t
from fieldcrm.store.accounts import create_account, set_status
from fieldcrm.store.activities import log_contact
from fieldcrm.store.forces import record_review, set_counter_plan
from fieldcrm.store.milestones import add_material, record_milestone
from fieldcrm.store.models import (
    AccountCreate,
    ActivityCreate,
    CounterPlanCreate,
    ForcesReviewCreate,
    MaterialCreate,
    MilestoneCreate,
    PersonCreate,
    PersonUpdate,
    PlanTaskCreate,
    SimReasonCreate,
)
from fieldcrm.store.people import create_person, update_person
from fieldcrm.store.plan import add_task
from fieldcrm.store.simulation import add_reason
from fieldcrm.tui.app import FieldCRM
from fieldcrm.tui.screens.account import AccountScreen
from fieldcrm.tui.screens.board import BoardScreen

SIZE = (160, 48)
TODAY = date(2026, 11, 27)
TEXT_COLUMNS = {
    "account": (
        "industry",
        "phone",
        "address",
        "notes",
        "need_reason",
        "cooperation",
        "obstacles",
        "deal_path",
    ),
    "person": (
        "name",
        "title",
        "phone",
        "hometown",
        "interests",
        "family",
        "approach_plan",
        "notes",
        "counter_plan",
    ),
    "activity": ("summary", "next_step", "note"),
    "plan_task": ("step", "task", "support", "owner_role"),
    "sim_reason": ("text",),
    "stage_event": ("reason",),
    "milestone": ("note",),
    "material_sent": ("what",),
    "forces_review": ("note",),
}


@pytest.fixture
def hostile(engine: Engine, frozen_today: date) -> Engine:
    """One account per hostile name, over the five stages, each with a person, a contact, a
    plan step and a reason; then every text column is overwritten with hostile text, as a
    file written by another tool (or an older fieldcrm) could hold it."""
    for n, _name in enumerate(NAMES):
        account = create_account(engine, AccountCreate(name=f"Account {n}", stage=n % 5 + 1))
        assert account.id is not None
        person = create_person(
            engine, PersonCreate(account_id=account.id, name=f"Person {n}", role="insider")
        )
        log_contact(
            engine,
            ActivityCreate(
                account_id=account.id,
                person_id=person.id,
                occurred_on=TODAY - timedelta(days=40),
                kind="visit",
                summary="Visit",
                next_step="Call",
                next_due=TODAY - timedelta(days=n % 3),
            ),
        )
        add_task(engine, PlanTaskCreate(account_id=account.id, step="Step", due_on=TODAY))
        add_reason(engine, SimReasonCreate(account_id=account.id, kind="customer", text="Reason", weight=3))
        boss = create_person(
            engine, PersonCreate(account_id=account.id, name="Boss", role="decision_maker", stance="oppose")
        )
        assert boss.id is not None
        add_reason(
            engine,
            SimReasonCreate(account_id=account.id, kind="decision_maker", text="Bonus", person_id=boss.id),
        )
        plan = CounterPlanCreate(
            account_id=account.id, person_id=boss.id, plan="Plan", step="Lunch", due_on=TODAY
        )
        set_counter_plan(engine, plan)
        update_person(
            engine, boss.id, PersonUpdate(name="Boss", role="decision_maker", stance="oppose", influence=5)
        )
        record_milestone(
            engine, MilestoneCreate(account_id=account.id, item="inspection", on=TODAY, note="Note")
        )
        add_material(engine, MaterialCreate(account_id=account.id, what="Case", on=TODAY, person_id=boss.id))
        record_review(engine, ForcesReviewCreate(account_id=account.id, on=TODAY, note="Note"))
    for account_id in (3, 8):
        set_status(engine, account_id, Status.TERMINATED, "Reason")
    with engine.begin() as conn:
        for n, name in enumerate(NAMES, start=1):
            conn.execute(
                text("UPDATE account SET name = :v, next_step = :v WHERE id = :id"), {"v": name, "id": n}
            )
        for table, columns in TEXT_COLUMNS.items():
            ids = [r[0] for r in conn.execute(text(f"SELECT id FROM {table} ORDER BY id"))]
            values = cycle(NAMES)
            for row_id in ids:
                sets = ", ".join(f"{c} = :{c}" for c in columns)
                conn.execute(
                    text(f"UPDATE {table} SET {sets} WHERE id = :id"),
                    {"id": row_id, **{c: next(values) for c in columns}},
                )
    return engine


def terminal_output(app: FieldCRM) -> str:
    """What Textual writes to the terminal to draw the whole screen now (filters applied)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert update is not None
    return update.render_segments(app.console)


class Walk:
    """Press keys, and after each check what the terminal would be sent."""

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot = pilot
        self.seen = ""

    async def press(self, *keys: str) -> None:
        for key in keys:
            await self.pilot.press(key)
            await self.pilot.pause()
            self.check(key)

    def check(self, key: str) -> None:
        output = terminal_output(self.pilot.app)
        found = foreign_controls(output)
        assert not found, f"after {key!r} on {type(self.pilot.app.screen).__name__}: {found[:5]}"
        self.seen += drawn_text(output)


@pytest.mark.slow
async def test_every_screen_shows_hostile_text_as_text(hostile: Engine, db_path: Path) -> None:
    app = FieldCRM(hostile, db_path, "en", offer_demo=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        walk = Walk(pilot)
        walk.check("start")
        await walk.press("v", "v", "v")  # every view: closed accounts too
        for column in range(5):  # one account per stage; its rows hold every kind of text
            await walk.press("enter")
            assert isinstance(app.screen, AccountScreen)
            # the forms with hostile values in their inputs, the delete questions; on Contacts
            # the correction form, the step forms and the contact's delete question
            for key in ("e", "l", "D", "m", "o", "3", "e", "m", "o", "D", "1"):
                await walk.press(key)
                while not isinstance(app.screen, AccountScreen):
                    await walk.press("escape")
            # the method's records: a review and a counter-plan on Forces, a milestone, material
            # and a removal on Stage work, the record
            for key in ("5", "R", "c", "6", "enter", "n", "D", "7", "down"):
                await walk.press(key)
                while not isinstance(app.screen, AccountScreen):
                    await walk.press("escape")
            await walk.press("2", "3", "4", "5", "2", "enter")
            while not isinstance(app.screen, BoardScreen):
                await walk.press("escape")
            for key in ("right_square_bracket", "s", "P", "t", "p", "l", "m", "o"):
                await walk.press(key)
                while not isinstance(app.screen, BoardScreen):
                    await walk.press("escape")
            if column < 4:
                await walk.press("right")
        await walk.press("a", *["down"] * 6, "escape", "r", "tab", "tab", "escape", "question_mark", "escape")
        await walk.press("slash", "[", "/", "]", "enter", "f", "escape", "x", "escape")
        assert app.is_running
    for name in LITERAL:
        assert name in walk.seen, f"{name!r} was not shown as typed"
    assert "Clip\u241b]52;c;" in walk.seen  # the escape shown by its stand-in, ␛


@pytest.mark.parametrize("name", LITERAL)
async def test_new_account_with_markup_in_its_name(engine: Engine, db_path: Path, name: str) -> None:
    app = FieldCRM(engine, db_path, "en", offer_demo=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        walk = Walk(pilot)
        await walk.press("n")
        await pilot.press(*name)
        await walk.press("enter")
        await pilot.pause(0.3)  # the notification's toast is mounted
        walk.check("saved")
        await walk.press("enter", "escape", "right_square_bracket", "escape", "t", "escape")
        assert pilot.app.is_running
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM account")).scalar_one() == name
    assert t("board.created", name=name) in walk.seen  # the notification too


@pytest.mark.slow
def test_hostile_names_never_reach_the_real_terminal(tmp_path: Path) -> None:
    """The real app in a pseudo-terminal, the hostile corpus on its board: the byte stream it
    writes holds none of the sequences the names carry."""
    db = demo_db(tmp_path / "data" / "crm.db", accounts=len(NAMES))
    con = sqlite3.connect(db)
    for n, name in enumerate(NAMES, start=1):
        con.execute("UPDATE account SET name = ?, status = 'active' WHERE id = ?", (name, n))
    con.commit()
    con.close()
    term = Terminal(fieldcrm("--db", str(db), "--lang", "en"), child_env(tmp_path))
    try:
        term.wait_for(BOARD_READY)
        term.wait_for(b"Trading")
        term.type(b"q")
        assert term.finish() == 0
    finally:
        term.close()
    out = term.output
    assert b"\x1b]52" not in out and b"\x1b]2;" not in out and "\x9b".encode() not in out
    assert out.count(LEAVE_ALTERNATE.encode()) == 1  # only when the app itself leaves
    assert "Clip\u241b]52;c;".encode() in out  # the name shown, its escape as a stand-in
