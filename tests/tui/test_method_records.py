"""The method in depth on the screens, as a rep works it: stage-4 and stage-5 records, forces
reviews and counter-plans, the record, the gate's roles and missing points, and the "do not
advance" offers after scoring and after the stage-1 verdict."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from textual.pilot import Pilot
from textual.widgets import Select, SelectionList

from fieldcrm.domain.insider import QUALIFICATION
from fieldcrm.store.activities import log_contact
from fieldcrm.store.models import ActivityCreate, PersonCreate
from fieldcrm.store.people import create_person
from fieldcrm.tui.dialog import ChoiceDialog
from fieldcrm.tui.screens.account import AccountScreen
from fieldcrm.tui.screens.account.account_form import AccountForm
from fieldcrm.tui.screens.account.contact_form import ContactForm
from fieldcrm.tui.screens.account.person_form import PersonForm
from fieldcrm.tui.screens.account.reason_form import ReasonForm
from fieldcrm.tui.screens.account.work_forms import CounterPlanForm, MaterialForm, MilestoneForm, ReviewForm
from fieldcrm.tui.screens.assessment import ScoringScreen
from fieldcrm.tui.screens.board import BoardScreen
from fieldcrm.tui.screens.board.dialogs import GateDialog, PauseDialog

from .conftest import TODAY, add_account
from .test_account import SIZE, app_for, focus_field, open_account, row, shown


async def open_in(pilot: Pilot[None], stage: int) -> AccountScreen:
    """Open the card of the only account in column ``stage``, as the rep steps to it."""
    for _ in range(stage - 1):
        await pilot.press("right")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    return await open_account(pilot)


def person(engine: Engine, account_id: int, name: str, role: str, **fields: object) -> int:
    created = create_person(engine, PersonCreate(account_id=account_id, name=name, role=role, **fields))
    assert created.id is not None
    return created.id


async def test_stage_work_records_a_closing_step_and_material(engine: Engine, db_path: Path) -> None:
    account_id = add_account(
        engine, "Cobalt Tools", 5, deal_probability=70, deal_path="Trial, then a contract"
    )
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        screen = await open_in(pilot, 5)
        await pilot.press("6")
        assert "70%" in shown(screen, "#work-deal") and "Trial, then a contract" in shown(
            screen, "#work-deal"
        )
        await pilot.press(*["down"] * 7, "enter")  # the 8th row: Inspection
        form = pilot.app.screen
        assert isinstance(form, MilestoneForm)
        await focus_field(pilot, "note")
        await pilot.press(*"Toured our warehouse", "ctrl+s")
        assert row(engine, 'SELECT item, "on", note FROM milestone') == (
            "inspection",
            TODAY.isoformat(),
            "Toured our warehouse",
        )
        await pilot.press("n")
        assert isinstance(pilot.app.screen, MaterialForm)
        await pilot.press(*"Cost comparison", "ctrl+s")
        assert row(engine, 'SELECT what, "on" FROM material_sent WHERE account_id = :i', i=account_id) == (
            "Cost comparison",
            TODAY.isoformat(),
        )
        assert "✓ 2026-11-27" in shown(screen, "#work-table")
        await pilot.press("7")
        record = shown(screen, "#record-table")
        assert "Recorded: Inspection" in record and "Tailored material sent: Cost comparison" in record
        await pilot.press("6", "D")  # the cursor stays on Inspection: remove its record, asked first
        await pilot.press("y")
        assert row(engine, "SELECT count(*) FROM milestone") == (0,)


async def test_a_forces_review_and_a_counter_plan(engine: Engine, db_path: Path) -> None:
    account_id = add_account(engine, "Delta Fasteners", 4)
    person(engine, account_id, "Wang", "decision_maker", stance="support", influence=4)
    zhao = person(engine, account_id, "Zhao", "user", stance="oppose", influence=2)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        screen = await open_in(pilot, 4)
        await pilot.press("5", "R")
        assert isinstance(pilot.app.screen, ReviewForm)
        await focus_field(pilot, "note")
        await pilot.press(*"Zhao still against", "ctrl+s")
        assert row(engine, "SELECT net_support, penetration, note FROM forces_review") == (
            33,
            67,
            "Zhao still against",
        )
        assert "net support +33 · penetration 67%" in shown(screen, "#forces-reviews")
        await pilot.press("c")
        form = pilot.app.screen
        assert isinstance(form, CounterPlanForm)
        await pilot.press(*"Show him the savings")
        await focus_field(pilot, "step")
        await pilot.press(*"Lunch with Zhao", "ctrl+s")
        assert row(engine, "SELECT counter_plan FROM person WHERE id = :i", i=zhao) == (
            "Show him the savings",
        )
        assert row(engine, "SELECT step, due_on, person_id FROM plan_task") == (
            "Lunch with Zhao",
            "2026-12-04",
            zhao,
        )
        opponents = shown(screen, "#opponents-table")
        assert "Show him the savings" in opponents and "Lunch with Zhao" in opponents


async def test_the_gate_names_its_roles_and_what_the_insider_lacks(engine: Engine, db_path: Path) -> None:
    account_id = add_account(engine, "Acme Packaging", 2)
    points = {f"q_{q}": q != "invested" for q in QUALIFICATION}
    person(engine, account_id, "Li Na", "insider", **points)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await pilot.press("right", "right_square_bracket")
        gate = pilot.app.screen
        assert isinstance(gate, GateDialog)
        text = "\n".join(str(w.render()) for w in gate.query("PlainStatic"))
        assert "Responsible: BD specialist" in text
        assert "A qualified insider (all six points)" in text and "We have invested cost or feeling" in text
        await pilot.press("o")
        (missing,) = row(engine, "SELECT missing FROM stage_event WHERE kind = 'moved'")
        assert "insider:invested" in missing.split(",")


async def test_grade_d_offers_a_pause_with_a_review_day(engine: Engine, db_path: Path) -> None:
    account_id = add_account(engine, "Evergreen Plastics", 3)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "s")
        assert isinstance(pilot.app.screen, ScoringScreen)
        for _ in range(7):  # every factor 1: no value, grade D
            await pilot.press("1", "down")
        await pilot.press("ctrl+s")
        offer = pilot.app.screen
        assert isinstance(offer, ChoiceDialog) and offer.choices[0][0] == "pause"
        await pilot.press("1")
        pause = pilot.app.screen
        assert isinstance(pause, PauseDialog)
        await pilot.press("ctrl+s")  # the reason is proposed, the review day 30 days on
        assert isinstance(pilot.app.screen, BoardScreen)
        assert row(
            engine, "SELECT status, status_reason, review_on FROM account WHERE id = :i", i=account_id
        ) == (
            "paused",
            "Grade D: pause and observe",
            "2026-12-27",
        )
        await pilot.press("u")  # the pause is undone like any status change
        assert row(engine, "SELECT status FROM account WHERE id = :i", i=account_id) == ("active",)


async def test_grade_d_may_lower_the_contact_target(engine: Engine, db_path: Path) -> None:
    account_id = add_account(engine, "Evergreen Plastics", 3)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "s")
        for _ in range(7):
            await pilot.press("1", "down")
        await pilot.press("ctrl+s", "3")  # keep it, contact it less often
        assert isinstance(pilot.app.screen, ChoiceDialog)
        await pilot.press("2")  # every 60 days
        assert row(engine, "SELECT status, contact_days FROM account WHERE id = :i", i=account_id) == (
            "active",
            60,
        )


async def test_too_little_to_assess_goes_back_with_a_step_per_unknown(engine: Engine, db_path: Path) -> None:
    account_id = add_account(engine, "Foxglove Metals", 3)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "s", *["3", "down"] * 4, "ctrl+s")  # E, F and G unknown
        offer = pilot.app.screen
        assert isinstance(offer, ChoiceDialog) and offer.choices == [
            ("back", "Move back to Information, each unknown factor a plan step")
        ]
        await pilot.press("1")
        assert row(engine, "SELECT stage FROM account WHERE id = :i", i=account_id) == (2,)
        steps = row(
            engine, "SELECT group_concat(step, ' | ') FROM plan_task WHERE account_id = :i", i=account_id
        )
        assert steps == (
            "Find out factor E: Customer risk | Find out factor F: Our sales capability here | "
            "Find out factor G: Technical difficulty",
        )


async def test_no_deal_opportunity_offers_to_terminate(engine: Engine, db_path: Path) -> None:
    account_id = add_account(engine, "Granite Works")
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await open_account(pilot)
        await pilot.press("e")
        form = pilot.app.screen
        assert isinstance(form, AccountForm)
        form.query_one("#f-opportunity", Select).value = False
        await pilot.press("ctrl+s")
        offer = pilot.app.screen
        assert isinstance(offer, ChoiceDialog)
        await pilot.press("1")
        assert isinstance(pilot.app.screen, AccountScreen)
        assert row(engine, "SELECT status, status_reason FROM account WHERE id = :i", i=account_id) == (
            "terminated",
            "No deal opportunity",
        )


async def test_a_person_with_two_roles_and_a_timeline_of_contacts(engine: Engine, db_path: Path) -> None:
    account_id = add_account(engine, "Harbor Foods", 2)
    li = person(engine, account_id, "Li Na", "influencer")
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        screen = await open_in(pilot, 2)
        await pilot.press("2", "e")
        form = pilot.app.screen
        assert isinstance(form, PersonForm)
        assert not form.has_class("-insider")
        form.query_one("#f-other_roles", SelectionList).select("insider")
        await pilot.pause()
        assert form.has_class("-insider")  # an insider's checks show for an insider by another role
        await pilot.press("ctrl+s")
        assert row(engine, "SELECT role, other_roles, ladder_step FROM person WHERE id = :i", i=li) == (
            "influencer",
            "insider",
            1,
        )
        await pilot.press("l")
        contact = pilot.app.screen
        assert isinstance(contact, ContactForm)
        await focus_field(pilot, "summary")
        await pilot.press(*"Tea at the plant")
        await focus_field(pilot, "duration_minutes")
        await pilot.press(*"90")
        await focus_field(pilot, "next_step")
        await pilot.press(*"Send the catalogue", "ctrl+s")
        assert row(engine, "SELECT duration_minutes FROM activity") == (90,)
        await pilot.pause()
        detail = "\n".join(
            shown(screen, f"#{part}")
            for part in ("person-head", "person-contacts-title", "person-contacts", "confirmed")
        )
        assert "Influencer, Insider" in detail
        assert "Contacts with this person (1)" in detail and " 90 min" in detail
        assert "Last confirmed by a contact: Visit on 2026-11-27." in detail


async def test_a_decision_makers_reason_is_held_for_that_person(engine: Engine, db_path: Path) -> None:
    account_id = add_account(engine, "Ironwood Gears", 4)
    wang = person(engine, account_id, "Wang", "decision_maker")
    log_contact(
        engine,
        ActivityCreate(
            account_id=account_id, person_id=wang, occurred_on=TODAY, summary="Visit", next_step="Call",
            next_due=TODAY,
        ),
    )  # fmt: skip
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        screen = await open_in(pilot, 4)
        await pilot.press("4", "tab", "n")
        form = pilot.app.screen
        assert isinstance(form, ReasonForm)
        assert form.query_one("#f-person_id", Select).value == wang
        await focus_field(pilot, "text")
        await pilot.press(*"We solved his shortage", "ctrl+s")
        assert row(engine, "SELECT kind, person_id FROM sim_reason") == ("decision_maker", wang)
        assert "Wang" in shown(screen, "#reasons-decision_maker")
        await pilot.press("1")
        assert "✓ Decision simulated for a decision maker" in shown(screen, "#exit-checklist")


async def test_the_help_explains_closeness_and_the_qualified_insider(engine: Engine, db_path: Path) -> None:
    add_account(engine, "Juniper Tools")
    async with app_for(engine, db_path, "zh").run_test(size=SIZE) as pilot:
        await open_account(pilot)
        await pilot.press("question_mark")
        notes = "\n".join(str(w.render()) for w in pilot.app.screen.query(".help-note"))
        assert "相处时间" in notes and "0.6 + 0.4 × 档案完整度" in notes and "合格内线须六点全部符合" in notes
