"""Export and import from the board, through the keys and clicks a user makes."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text
from textual.widgets import Input, RadioButton, Static

from fieldcrm.tui.app import FieldCRM
from fieldcrm.tui.dialog import ConfirmDialog
from fieldcrm.tui.keys import localized
from fieldcrm.tui.screens.board import BoardScreen
from fieldcrm.tui.screens.files import ExportDialog, ImportDialog

SIZE = (160, 48)


def app_for(engine: Engine, db_path: Path, lang: str = "en") -> FieldCRM:
    return FieldCRM(engine, db_path, lang, offer_demo=False)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the worker finish and its messages arrive."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def status(app: FieldCRM) -> str:
    return str(app.screen.query_one("#status", Static).render())


async def test_x_exports_what_the_user_picks(pipeline: Engine, db_path: Path, tmp_path: Path):
    out = tmp_path / "report.csv"
    async with app_for(pipeline, db_path, "zh").run_test(size=SIZE) as pilot:
        await pilot.press("x")
        dialog = pilot.app.screen
        assert isinstance(dialog, ExportDialog)
        await pilot.click("#what-report")
        await pilot.click("#enc-gbk")
        dialog.query_one("#file", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, BoardScreen)
    assert out.read_bytes().decode("gbk").startswith("期间,起始日期,截止日期\r\n近 90 天,")


async def test_the_file_name_follows_the_choice(pipeline: Engine, db_path: Path, tmp_path: Path):
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        pilot.app.push_screen(localized(ExportDialog)(pipeline, folder=tmp_path))
        await pilot.pause()
        box = pilot.app.screen.query_one("#file", Input)
        assert box.value == str(tmp_path / "fieldcrm-pipeline-2026-11-27.csv")
        await pilot.click("#what-agenda")
        assert box.value == str(tmp_path / "fieldcrm-agenda-2026-11-27.csv")
        box.value = str(tmp_path / "mine.csv")
        await pilot.click("#what-plan")
        assert box.value == str(tmp_path / "mine.csv")


async def test_a_failed_export_says_why_and_stays_open(pipeline: Engine, db_path: Path, tmp_path: Path):
    with pipeline.begin() as conn:
        conn.execute(text("UPDATE account SET name = 'Café 😀 Supplies' WHERE name = 'Cobalt Tools'"))
    out = tmp_path / "gbk.csv"
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        await pilot.press("x")
        await pilot.click("#enc-gbk")
        pilot.app.screen.query_one("#file", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExportDialog)
        assert "Row 3 (Café 😀 Supplies)" in status(pilot.app)
        assert not pilot.app.screen.query_one("#export").disabled
    assert not out.exists()


async def test_a_report_screen_can_offer_only_its_own_export(pipeline: Engine, db_path: Path, tmp_path: Path):
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        dialog = localized(ExportDialog)(pipeline, what="report", offer=("report",), folder=tmp_path)
        pilot.app.push_screen(dialog)
        await pilot.pause()
        assert [b.id for b in dialog.query(RadioButton) if b.id.startswith("what-")] == ["what-report"]
        await pilot.click("#export")
        await settle(pilot)
    assert (tmp_path / "fieldcrm-report-2026-11-27.csv").exists()


async def test_i_checks_then_imports_into_prospect(pipeline: Engine, db_path: Path, tmp_path: Path):
    source = tmp_path / "list.csv"
    source.write_text(
        "公司名称,联系人,电话\n苏州恒达包装有限公司,王强,0512-66881234\nacme packaging,,\n", encoding="gbk"
    )
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        board = pilot.app.screen
        assert board.column(1).border_title == "1. Prospect · 3"
        await pilot.press("i")
        assert isinstance(pilot.app.screen, ImportDialog)
        pilot.app.screen.query_one("#file", Input).value = str(source)
        await pilot.press("enter")  # checks only
        await settle(pilot)
        report = str(pilot.app.screen.query_one("#report-text", Static).render())
        assert "Row 3: acme packaging is already in the database as Acme Packaging" in report
        assert status(pilot.app) == "Dry run: nothing was written."
        with pipeline.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM account")).scalar() == 8
        await pilot.click("#run")
        await settle(pilot)
        assert pilot.app.screen.query_one("#run").disabled
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is board
        assert board.column(1).border_title == "1. Prospect · 4"


async def test_import_of_a_file_with_errors_writes_nothing(pipeline: Engine, db_path: Path, tmp_path: Path):
    source = tmp_path / "list.csv"
    source.write_text("company,phone\nFine Ltd,1\n,2\n", encoding="utf-8")
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        await pilot.press("i")
        pilot.app.screen.query_one("#file", Input).value = str(source)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Row 3: Company: Required." in str(pilot.app.screen.query_one("#report-text", Static).render())
        assert status(pilot.app).startswith("1 errors: nothing was imported.")
    with pipeline.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM account")).scalar() == 8


async def test_export_asks_before_replacing_a_file(pipeline: Engine, db_path: Path, tmp_path: Path):
    out = tmp_path / "pipeline.csv"
    out.write_text("a sheet of my own")
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        for answer in ("n", "y"):
            await pilot.press("x")
            pilot.app.screen.query_one("#file", Input).value = str(out)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(pilot.app.screen, ConfirmDialog)
            await pilot.press(answer)
            await settle(pilot)
            if answer == "n":
                assert isinstance(pilot.app.screen, ExportDialog)
                assert out.read_text() == "a sheet of my own"
                await pilot.press("escape")
    assert out.read_text(encoding="utf-8-sig").startswith("Company,")


async def test_export_onto_the_database_is_refused_on_screen(pipeline: Engine, db_path: Path):
    before = db_path.read_bytes()
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        await pilot.press("x")
        pilot.app.screen.query_one("#file", Input).value = str(db_path)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExportDialog)
        assert "would destroy it" in status(pilot.app)
    assert db_path.read_bytes() == before
