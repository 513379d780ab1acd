"""The board through the keys a user presses: navigation, gates, undo, search, filters, status."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Footer, Input, Static

from fieldcrm.domain.stages import Status
from fieldcrm.store import board as store_board
from fieldcrm.store.models import PersonCreate
from fieldcrm.store.people import create_person
from fieldcrm.store.reader import Reader
from fieldcrm.tui.app import FieldCRM
from fieldcrm.tui.screens.board import BoardScreen
from fieldcrm.tui.screens.board.dialogs import CloseDialog, GateDialog, NewAccountDialog, PauseDialog
from fieldcrm.tui.screens.board.keys import BOARD_KEYS
from fieldcrm.tui.screens.board.search import HOLD
from fieldcrm.tui.textual_private import footer_keys, frames_held
from fieldcrm.tui.widgets.stage_column import StageColumn

from .conftest import TODAY, add_account

SIZE = (160, 48)


def board_of(app: FieldCRM) -> BoardScreen:
    screen = app.screen
    assert isinstance(screen, BoardScreen), type(screen)
    return screen


def row(engine: Engine, sql: str, **params: object) -> tuple:
    with engine.connect() as conn:
        return tuple(conn.execute(text(sql), params).one())


def app_for(engine: Engine, db_path: Path, lang: str = "en") -> FieldCRM:
    return FieldCRM(engine, db_path, lang, offer_demo=False)


async def searched(pilot: Pilot[None]) -> None:
    """Wait for the search: the board is read in a thread, then drawn."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_columns_show_counts_and_overdue_first(pipeline: Engine, db_path: Path) -> None:
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        titles = [board.column(s).border_title for s in range(1, 6)]
        assert titles == [
            "1. Prospect · 3",
            "2. Information · 2",
            "3. Assessment · 1",
            "4. Relationship · 1",
            "5. Close · 1",
        ]
        # no next step leads, then the most pressing due date
        assert board.selected().name == "Cobalt Tools"
        await pilot.press("j")
        assert board.selected().name == "Acme Packaging"
        header = str(board.query_one("#board-header", Static).render())
        assert "2 overdue" in header
        board.model.overdue = 187_499  # as many as a million accounts hold: grouped as the counts are
        board.update_header()
        assert "187,499 overdue" in str(board.query_one("#board-header", Static).render())


async def test_navigation_keys(pipeline: Engine, db_path: Path) -> None:
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        await pilot.press("j", "j", "j")  # stops at the last card
        assert board.selected().name == "Blue River Components"
        await pilot.press("k", "right")  # the row is kept across columns
        assert board.stage == 2
        assert board.selected().name == "华东精密机械有限公司"
        await pilot.press("right", "right", "right", "right")
        assert board.stage == 5
        await pilot.press("h", "home")
        assert board.stage == 4 and board.selected().name == "Foxglove Metals"


async def test_gate_lists_missing_and_back_keeps_stage(pipeline: Engine, db_path: Path) -> None:
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        account_id = board.selected().id
        await pilot.press("right_square_bracket")
        dialog = pilot.app.screen
        assert isinstance(dialog, GateDialog)
        shown = " ".join(str(w.render()) for w in dialog.query(".missing"))
        assert "First contact made" in shown and "Deal opportunity judged: yes" in shown
        await pilot.press("b")
        assert row(pipeline, "SELECT stage FROM account WHERE id = :i", i=account_id) == (1,)
        assert row(pipeline, "SELECT count(*) FROM stage_event WHERE kind = 'moved'") == (0,)


async def test_override_is_recorded_and_undo_restores(pipeline: Engine, db_path: Path) -> None:
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        account_id = board.selected().id
        await pilot.press("right_square_bracket", "o")
        assert row(pipeline, "SELECT stage FROM account WHERE id = :i", i=account_id) == (2,)
        overridden, missing = row(
            pipeline, "SELECT overridden, missing FROM stage_event WHERE kind = 'moved'"
        )
        assert overridden == 1
        assert missing.split(",") == ["need_known", "first_contact", "opportunity"]
        # the selection followed the card into its new column; counts updated
        assert board.stage == 2 and board.selected().id == account_id
        assert board.column(2).border_title == "2. Information · 3"
        await pilot.press("u")
        assert row(pipeline, "SELECT stage FROM account WHERE id = :i", i=account_id) == (1,)
        kind, from_stage, to_stage = row(
            pipeline, "SELECT kind, from_stage, to_stage FROM stage_event ORDER BY id DESC LIMIT 1"
        )
        assert (kind, from_stage, to_stage) == ("undo", 2, 1)
        assert board.column(1).border_title == "1. Prospect · 3"


async def test_ready_account_moves_without_dialog(engine: Engine, db_path: Path) -> None:
    account_id = add_account(
        engine, "Ready Co", 1, need_reason="Current supplier late", urgency=4, opportunity=True
    )
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO activity (account_id, occurred_on, kind, summary, influence, "
                "persistence_days, next_step, next_due, next_done) VALUES "
                "(:a, '2026-11-20', 'visit', 'First visit', 3, 14, 'Send samples', '2026-12-01', 0)"
            ),
            {"a": account_id},
        )
    async with app_for(engine, db_path).run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        assert not isinstance(pilot.app.screen, GateDialog)
        assert row(engine, "SELECT stage FROM account WHERE id = :i", i=account_id) == (2,)
        assert row(engine, "SELECT overridden FROM stage_event WHERE kind = 'moved'") == (0,)


PAUSE = ("p", *"Watch", "ctrl+s")  # pause: a reason, and the review day proposed


async def test_a_change_draws_the_card_the_store_returned(
    pipeline: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        account_id = board.selected().id
        reads: list[int] = []
        real = store_board.card
        monkeypatch.setattr(store_board, "card", lambda reader, i: reads.append(i) or real(reader, i))
        await pilot.press("right_square_bracket", "o", *PAUSE, "u")
        assert row(pipeline, "SELECT stage, status FROM account WHERE id = :i", i=account_id) == (2, "active")
        selected = board.selected()
        assert selected is not None and (selected.id, selected.stage, selected.status) == (
            account_id,
            2,
            "active",
        )
        assert reads == []  # the move, the pause and the undo each came back with the card


async def test_several_undos(pipeline: Engine, db_path: Path) -> None:
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        account_id = board.selected().id
        await pilot.press("right_square_bracket", "o", "right_square_bracket", "o", *PAUSE)
        assert row(pipeline, "SELECT stage, status FROM account WHERE id = :i", i=account_id) == (3, "paused")
        await pilot.press("u", "u", "ctrl+z")
        assert row(pipeline, "SELECT stage, status FROM account WHERE id = :i", i=account_id) == (1, "active")
        await pilot.press("u")  # nothing left: the database does not change
        assert row(pipeline, "SELECT count(*) FROM stage_event WHERE kind = 'undo'") == (3,)


async def test_search_narrows_by_name_and_person(pipeline: Engine, db_path: Path) -> None:
    (granite,) = row(pipeline, "SELECT id FROM account WHERE name = 'Granite Logistics'")
    create_person(
        pipeline, PersonCreate(account_id=granite, name="Wang Jianguo", role="decision_maker", influence=4)
    )
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        await pilot.press("slash", *"flu")
        await searched(pilot)
        counts = [board.model.counts[s] for s in range(1, 6)]
        assert counts == [0, 0, 0, 0, 0]
        assert board.column(1).render_line(1).text.strip() == "No accounts"
        assert [board.column(s).region.width for s in range(1, 6)] == [SIZE[0] // 5] * 5  # no gap
        await pilot.press("backspace", "backspace")  # "f": Delta Fasteners, Foxglove Metals
        await searched(pilot)
        assert board.model.counts == {1: 0, 2: 1, 3: 0, 4: 1, 5: 0}
        assert "Delta Fasteners" in board.column(2).render_line(0).text
        search = board.query_one("#search", Input)
        search.value = "jianguo"
        await searched(pilot)
        assert board.model.counts == {1: 0, 2: 0, 3: 0, 4: 0, 5: 1}
        await pilot.press("escape")
        await searched(pilot)
        assert board.model.filter.search == ""
        assert sum(board.model.counts.values()) == 8


async def test_a_search_erased_back_is_shown_without_reading_again_until_a_change(
    pipeline: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []  # the search of every page of cards read
    cards = store_board.cards

    def read(reader: Reader, stage: int, *rest: Any) -> list[store_board.Card]:
        reads.append(rest[2].search)
        return cards(reader, stage, *rest)

    monkeypatch.setattr(store_board, "cards", read)
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        whole = dict(board.model.counts)
        await pilot.press("slash", "f")
        await searched(pilot)
        await pilot.press("l")
        await searched(pilot)
        assert reads[-10:] == ["f"] * 5 + ["fl"] * 5  # each column's page, each time
        read_before = len(reads)
        await pilot.press("backspace", "backspace")  # back to "f", then to the whole board
        await searched(pilot)
        assert len(reads) == read_before  # both were kept: nothing read
        assert board.model.counts == whole
        add_account(pipeline, "Fjord Pumps", 3)  # arrives from elsewhere (a sync, say)
        board.reload_kept()
        await pilot.press("f")
        await searched(pilot)
        assert reads[-5:] == ["f"] * 5  # read again: the change dropped what was kept
        assert board.model.counts == {1: 0, 2: 1, 3: 1, 4: 1, 5: 0}
        assert "Fjord Pumps" in board.column(3).render_line(0).text


async def test_a_search_key_is_painted_with_its_board_or_at_once_when_the_board_is_slow(
    pipeline: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = store_board.overdue_count  # read with every board
    slow = {"seconds": 0.0}

    def timed(reader: Reader, today: date) -> int:
        time.sleep(slow["seconds"])
        return counts(reader, today)

    monkeypatch.setattr(store_board, "overdue_count", timed)
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        await pilot.press("slash", "f")
        await searched(pilot)
        assert board.model.counts == {1: 0, 2: 1, 3: 0, 4: 1, 5: 0}
        assert not frames_held(pilot.app)  # the board came: painting goes on
        slow["seconds"] = 1.0
        await pilot.press("o")
        await pilot.pause(HOLD + 0.2)
        assert not frames_held(pilot.app)  # the "o" waits for its board no longer than HOLD
        assert board.model.filter.search == "f"  # the board has not come yet
        await searched(pilot)
        assert board.model.filter.search == "fo"
        assert not frames_held(pilot.app)


async def test_a_search_longer_than_its_box_keeps_its_end_in_view(pipeline: Engine, db_path: Path) -> None:
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        box = board.query_one("#search", Input)
        await pilot.press("slash", *("x" * 200), "y")
        await searched(pilot)
        assert box.value == "x" * 200 + "y"
        assert box.scroll_x > 0
        assert "y" in box.render_line(0).text
        await pilot.press("home")
        await pilot.pause()
        assert box.scroll_x == 0


async def test_filter_overdue_and_grade(pipeline: Engine, db_path: Path) -> None:
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        await pilot.press("f")
        await pilot.click("#overdue")
        await pilot.press("ctrl+s")
        assert board.model.counts == {1: 1, 2: 1, 3: 0, 4: 0, 5: 0}
        assert "overdue" in str(board.query_one("#board-header", Static).render())
        await pilot.press("f", "ctrl+r")
        assert sum(board.model.counts.values()) == 8
        await pilot.press("f")
        await pilot.click("#grade-A")
        await pilot.press("ctrl+s")
        assert board.model.counts == {1: 0, 2: 1, 3: 0, 4: 1, 5: 1}


async def test_terminate_requires_reason(pipeline: Engine, db_path: Path) -> None:
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        account_id = board.selected().id
        await pilot.press("t")
        assert isinstance(pilot.app.screen, CloseDialog)
        await pilot.press("enter")
        error = str(pilot.app.screen.query_one("#reason-error", Static).render())
        assert "reason" in error.lower()
        assert row(pipeline, "SELECT status FROM account WHERE id = :i", i=account_id) == ("active",)
        await pilot.press(*"chose a competitor", "enter")
        assert row(pipeline, "SELECT status, status_reason FROM account WHERE id = :i", i=account_id) == (
            Status.TERMINATED.value,
            "chose a competitor",
        )
        assert board.model.counts[1] == 2
        await pilot.press("v", "v")  # closed accounts are one key away
        assert board.model.counts[1] == 1


async def test_new_account_requires_a_name(pipeline: Engine, db_path: Path) -> None:
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        await pilot.press("n")
        assert isinstance(pilot.app.screen, NewAccountDialog)
        await pilot.press("enter")
        error = str(pilot.app.screen.query_one("#name-error", Static).render())
        assert error == "Required."
        assert row(pipeline, "SELECT count(*) FROM account") == (8,)
        await pilot.press(*"Harbor Steel", "enter")
        assert row(pipeline, "SELECT stage, status FROM account WHERE name = 'Harbor Steel'") == (1, "active")
        assert board.selected().name == "Harbor Steel"


async def test_won_only_from_close(pipeline: Engine, db_path: Path) -> None:
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        await pilot.press("w")
        assert row(pipeline, "SELECT count(*) FROM account WHERE status = 'won'") == (0,)
        await pilot.press("right", "right", "right", "right", "w")
        assert isinstance(pilot.app.screen, GateDialog)
        await pilot.press("o")
        assert row(pipeline, "SELECT status FROM account WHERE name = 'Granite Logistics'") == ("won",)
        assert board.model.counts[5] == 0


async def test_help_and_chinese_titles(pipeline: Engine, db_path: Path) -> None:
    async with app_for(pipeline, db_path, "zh").run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        assert board.column(1).border_title == "1. 确定开发对象 · 3"
        assert board.column(5).border_subtitle == "公司高层"
        await pilot.press("question_mark")
        table = pilot.app.screen.query_one("DataTable")
        cells = [table.get_row_at(i) for i in range(table.row_count)]
        assert ["] / shift+→", "推进到下一阶段（检查完成标准）"] in [list(map(str, c)) for c in cells]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_footer_shows_every_main_key(pipeline: Engine, db_path: Path, lang: str) -> None:
    async with app_for(pipeline, db_path, lang).run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = pilot.app.screen.query_one(Footer)
        *keys, palette = footer_keys(footer)
        shown = [description for _, description, _, right in keys if right <= palette[2]]
        alone = [k for k in BOARD_KEYS if k.show and k.id != "board.sync"]  # sync: in team mode only
        assert len(shown) == len(alone)  # help and quit included
        assert shown[-1] == ("退出" if lang == "zh" else "Quit")


async def test_first_run_offers_demo(engine: Engine, db_path: Path) -> None:
    app = FieldCRM(engine, db_path, "en", offer_demo=True)
    async with app.run_test(size=SIZE) as pilot:
        from fieldcrm.tui.screens.board.dialogs import FirstRunDialog

        assert isinstance(pilot.app.screen, FirstRunDialog)
        await pilot.press("e")
        assert isinstance(pilot.app.screen, BoardScreen)
        assert row(engine, "SELECT count(*) FROM account") == (0,)
        assert TODAY.isoformat() in str(board_of(pilot.app).query_one("#board-header", Static).render())


async def test_a_column_scrolls_by_whole_cards_so_no_name_is_cut_off(engine: Engine, db_path: Path) -> None:
    from fieldcrm.tui.widgets.card_lines import CARD_HEIGHT

    for n in range(12):
        add_account(engine, f"Account {n:02d}")
    async with app_for(engine, db_path).run_test(size=(100, 30)) as pilot:
        board = board_of(pilot.app)
        column = board.column(1)
        for _ in range(11):
            await pilot.press("down")
            top = int(column.scroll_offset.y)
            assert top % CARD_HEIGHT == 0, top
            first = column.render_line(0).text
            assert first.strip().startswith("Account"), first  # the top line is a card's name
            shown = range(top // CARD_HEIGHT, (top + column.scrollable_content_region.height) // CARD_HEIGHT)
            assert column.cursor in shown
        await pilot.press("right_square_bracket", "o")  # moved, overriding the gate
        await pilot.press("left")
        assert int(column.scroll_offset.y) % CARD_HEIGHT == 0


async def test_a_column_draws_lines_as_wide_as_textual_pads_them(engine: Engine, db_path: Path) -> None:
    """Textual pads a line narrower than the content region and keeps the padded copy inside
    the line: a column's kept card lines would each hold a second one (memory that grew with
    a session). Its lines, the cards' and the blank ones, come at that width already."""
    for n in range(12):
        add_account(engine, f"Account {n:02d}")
    async with app_for(engine, db_path).run_test(size=(100, 30)) as pilot:
        for stage in (1, 2):  # a column with cards and scrollbar, and an empty one
            column = board_of(pilot.app).column(stage)
            column.render_lines(Region(0, 0, *column.size))  # a pass, as Textual draws it
            wanted = column.content_region.width
            assert column.scrollable_content_region.width < wanted or stage == 2
            widths = {column.render_line(y).cell_length for y in range(column.content_region.height)}
            assert widths == {wanted}, (stage, widths)


async def test_the_selection_changes_column_without_restyling_a_column(
    pipeline: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The current column's border is in the accent colour, its title too; the others keep
    their CSS colours. A CSS class for it restyled the column, about 2 ms a column, twice a
    move: the colours are set on the column itself."""
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        restyled: list[object] = []
        update_styles = pilot.app.update_styles
        monkeypatch.setattr(
            pilot.app,
            "update_styles",
            lambda node, *a, **k: (restyled.append(node), update_styles(node, *a, **k)),
        )
        await pilot.press("right")
        await pilot.pause()
        assert board.stage == 2 and not [node for node in restyled if isinstance(node, StageColumn)]
        accent = board.column(2).get_component_styles("stage-column--current").color.rich_color
        for stage in (1, 2, 3):
            column = board.column(stage)
            (top,) = column.render_lines(Region(0, 0, column.size.width, 1))
            corner, *_ = top  # the border's first cell, then the title's
            title = next(seg for seg in top if f"{stage}." in seg.text)
            colours = {corner.style.color, title.style.color}
            assert (colours == {accent}) if stage == 2 else (accent not in colours), (stage, colours)


async def test_a_reload_in_the_current_column_leaves_it_current_untouched(
    pipeline: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Selecting a card in the column already current (a search, a change shown) does not
    take the column's mark off and put it back, which repainted the column twice."""
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        marked: list[tuple[int, bool]] = []
        watch = StageColumn.watch_current
        monkeypatch.setattr(
            StageColumn, "watch_current", lambda col: (marked.append((col.stage, col.current)), watch(col))
        )
        card = board.selected()
        assert card is not None
        board.reload(select=card.id)
        await pilot.pause()
        assert marked == [] and board.column(1).current


async def test_pause_asks_why_and_when_to_look_again(pipeline: Engine, db_path: Path) -> None:
    async with app_for(pipeline, db_path).run_test(size=SIZE) as pilot:
        board = board_of(pilot.app)
        account_id = board.selected().id
        await pilot.press("p", "ctrl+s")  # no reason: nothing changes, the error says why
        dialog = pilot.app.screen
        assert isinstance(dialog, PauseDialog)
        assert "Required" in str(dialog.query_one("#reason-error", Static).render())
        assert dialog.query_one("#review_on", Input).value == "2026-12-27"  # 30 days on
        dialog.query_one("#review_on", Input).value = "2026-11-01"
        await pilot.press(*"Grade D", "ctrl+s")
        assert "past" in str(dialog.query_one("#review_on-error", Static).render())
        dialog.query_one("#review_on", Input).value = "2027-01-15"
        await pilot.press("ctrl+s")
        assert row(
            pipeline, "SELECT status, status_reason, review_on FROM account WHERE id = :i", i=account_id
        ) == (
            "paused",
            "Grade D",
            "2027-01-15",
        )
        assert board.selected().id != account_id  # paused: off the board's active view


def handles_on(path: Path) -> int:
    """How many of this process's open files are the database ``path``."""
    fds = Path("/proc/self/fd")
    return sum(1 for fd in fds.iterdir() if os.path.realpath(fd) == str(path.resolve()))


async def test_the_session_leaves_no_reader_open_on_the_file(pipeline: Engine, db_path: Path) -> None:
    pipeline.dispose()  # only the app's own connections remain
    app = app_for(pipeline, db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "f")  # a search reads on both of the reader's connections
        await searched(pilot)
        assert handles_on(db_path) >= 1
        pilot.app.exit()
    app.engine.dispose()  # as run() does
    assert handles_on(db_path) == 0
