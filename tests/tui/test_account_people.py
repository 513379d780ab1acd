"""People on the account screen: the person form, the profile, the insider ladder, erasing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text
from textual.widgets import DataTable

from fieldcrm.tui.dialog import ConfirmDialog
from fieldcrm.tui.screens.account.person_form import PersonForm
from fieldcrm.tui.widgets.meter import Meter

from .conftest import TODAY, add_account
from .test_account import SIZE, app_for, error_of, focus_field, open_account, rich_account, row, shown

MARKER = "ZQX-private-7f3a"


def people_rows(engine: Engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT * FROM person ORDER BY id"))]


async def test_add_a_decision_maker_with_a_profile(engine: Engine, db_path: Path) -> None:
    add_account(engine, "Acme Packaging")
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        screen = await open_account(pilot)
        await pilot.press("2", "n")
        assert isinstance(pilot.app.screen, PersonForm)
        await pilot.press(*"Wang Jianguo")
        await focus_field(pilot, "role")
        await pilot.press("enter", "home", "enter")  # the first role: decision maker
        await focus_field(pilot, "influence")
        await pilot.press("5")
        await focus_field(pilot, "hometown")
        await pilot.press(*"Wuxi", "tab", *"52", "tab", *"12-09", "tab", *"Go")
        await pilot.press("ctrl+s")
        assert pilot.app.screen is screen
        assert row(
            engine,
            "SELECT name, role, stance, influence, hometown, age, birthday, interests, "
            "ladder_step FROM person",
        ) == ("Wang Jianguo", "decision_maker", "neutral", 5, "Wuxi", 52, "12-09", "Go", None)
        # four of the ten profile fields; the birthday is twelve days away
        assert screen.query_one("#profile-meter", Meter).value == 40
        assert "Next birthday 12-09, in 12 days" in shown(screen, "#profile-birthday")


async def test_a_new_insider_shows_the_checks_and_starts_the_ladder(engine: Engine, db_path: Path) -> None:
    add_account(engine, "Acme Packaging")
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        screen = await open_account(pilot)
        await pilot.press("2", "n", *"Li Mei")
        form = pilot.app.screen
        assert not form.query_one("#f-q_trusts_rep").display  # only insiders are qualified
        await focus_field(pilot, "role")
        await pilot.press("enter", "home", "down", "enter")  # the second role: insider
        assert form.query_one("#f-q_trusts_rep").display
        await focus_field(pilot, "q_trusts_rep")
        await pilot.press("space", "ctrl+s")
        assert row(
            engine, "SELECT role, q_trusts_rep, q_invested, ladder_step, ladder_since FROM person"
        ) == ("insider", 1, 0, 1, TODAY.isoformat())
        assert row(engine, 'SELECT step, "on" FROM ladder_event') == (1, TODAY.isoformat())
        assert "✓ Trusts our rep" in shown(screen, "#qualification")


async def test_bad_person_input_shows_errors_and_saves_nothing(engine: Engine, db_path: Path) -> None:
    rich_account(engine)
    before = people_rows(engine)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await open_account(pilot, "right")
        await pilot.press("2", "e")  # Wang Jianguo, the decision maker
        form = pilot.app.screen
        await pilot.press("backspace")
        await focus_field(pilot, "influence")
        await pilot.press("9")
        await focus_field(pilot, "birthday")
        await pilot.press(*"02-30", "ctrl+s")
        assert pilot.app.screen is form
        assert error_of(form, "name") == "Required."
        assert error_of(form, "influence") == "Must be at most 5."
        assert error_of(form, "birthday") == "That day does not exist in that month."
        await pilot.press("escape", "y")
    assert people_rows(engine) == before


async def test_the_insider_ladder_steps_and_records_dates(engine: Engine, db_path: Path) -> None:
    rich_account(engine)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        screen = await open_account(pilot, "right")
        await pilot.press("2", "down")  # Li Mei, the insider, at Endorsement since 11-20
        assert "Endorsement 11-20" in shown(screen, "#ladder")
        await pilot.press("plus")
        assert row(engine, "SELECT ladder_step, ladder_since FROM person WHERE name = 'Li Mei'") == (
            4,
            TODAY.isoformat(),
        )
        assert "Trust 11-27" in shown(screen, "#ladder")
        await pilot.press("minus", "minus")
        assert row(engine, "SELECT ladder_step FROM person WHERE name = 'Li Mei'") == (2,)
        events = row(
            engine,
            "SELECT group_concat(step || '@' || \"on\", ' ') FROM "
            '(SELECT step, "on" FROM ladder_event ORDER BY id)',
        )[0]
        assert events == ("1@2026-10-01 2@2026-10-20 3@2026-11-20 4@2026-11-27 3@2026-11-27 2@2026-11-27")
        table = screen.query_one("#people-table", DataTable)
        assert str(table.get_row_at(1)[4]) == "Meeting"


async def test_the_ladder_is_for_insiders_only(engine: Engine, db_path: Path) -> None:
    rich_account(engine)
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await open_account(pilot, "right")
        await pilot.press("2", "plus")  # Wang Jianguo is a decision maker
        assert row(engine, "SELECT ladder_step FROM person WHERE name = 'Wang Jianguo'") == (None,)
        assert row(engine, "SELECT count(*) FROM ladder_event") == (3,)


async def test_insider_pane_shows_qualification_and_criteria(engine: Engine, db_path: Path) -> None:
    rich_account(engine)
    async with app_for(engine, db_path, "zh").run_test(size=SIZE) as pilot:
        screen = await open_account(pilot, "right")
        await pilot.press("2", "down")
        assert shown(screen, "#qualification-title") == "合格要素：3/6"
        qualification = shown(screen, "#qualification")
        assert "✓ 保持密切的私下交流" in qualification and "✗ 有下一步规划" in qualification
        assert "✗ 工作时间长，了解内情" in shown(screen, "#candidates")
        assert "认同 11-20" in shown(screen, "#ladder")


async def test_deleting_a_person_leaves_no_trace_in_the_file(engine: Engine, db_path: Path) -> None:
    rich_account(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE person SET notes = :m WHERE name = 'Zhao Lei'"), {"m": MARKER})
    wal = Path(f"{db_path}-wal")
    assert MARKER.encode() in db_path.read_bytes() + wal.read_bytes()
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        screen = await open_account(pilot, "right")
        await pilot.press("2", "down", "down", "D")  # Zhao Lei
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        assert row(engine, "SELECT count(*) FROM person") == (3,)
        await pilot.press("D", "y")
        assert pilot.app.screen is screen
        assert screen.query_one("#people-table", DataTable).row_count == 2
    assert row(engine, "SELECT count(*) FROM person WHERE name = 'Zhao Lei'") == (0,)
    on_disk = db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert MARKER.encode() not in on_disk
