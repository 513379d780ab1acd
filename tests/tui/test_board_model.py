"""The board's card cache: a card moved between columns lands where SQLite would put it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

import moves
from fieldcrm.domain.stages import Stage
from fieldcrm.store import board
from fieldcrm.store.database import Database
from fieldcrm.tui.screens.board import model as board_model
from fieldcrm.tui.screens.board.model import BoardModel

from .conftest import TODAY, add_account

NAMES = ["Acme", "acme", "Bolt", "Bolt", "Zinc", "华东机械", "华东", "Ålborg", "Cobalt", "Delta"]


@pytest.fixture
def columns(engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Database:
    """Twenty-four accounts in Prospect and Information, with shared names and due dates and
    some without a next step; pages of four cards, so a column spans several pages."""
    monkeypatch.setattr(board_model, "PAGE", 4)
    for i in range(24):
        due = None if i % 5 == 0 else TODAY + timedelta(days=i % 4)
        add_account(engine, NAMES[i % len(NAMES)], 1 + i % 2, next_due=due)
    return Database(db_path, engine=engine)


def shown(model: BoardModel, stage: int) -> list[board.Card]:
    column = model.columns[stage]
    return [column.card_at(i) for i in range(column.count)]  # type: ignore[misc]


def fresh(database: Database, today: date) -> BoardModel:
    model = BoardModel(database.reader, today)
    model.refresh()
    return model


_slow_fixture = settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_slow_fixture
@given(
    picks=st.lists(
        st.tuples(st.integers(0, 30), st.booleans(), st.integers(0, 14), st.integers(0, 14)),
        min_size=1,
        max_size=6,
    )
)
def test_moved_cards_match_a_fresh_read(columns: Database, picks: list[tuple[int, bool, int, int]]) -> None:
    model = fresh(columns, TODAY)
    for index, forward, first, seen in picks:
        source = 1 if forward else 2
        target = Stage(source).next() if forward else Stage(source).previous()
        assert target is not None
        for stage in (source, int(target)):  # what the user has scrolled through
            column = model.columns[stage]
            for i in range(first, min(first + seen, column.count)):
                column.card_at(i)
        column = model.columns[source]
        card = column.card_at(index % column.count) if column.count else None
        if card is None:
            continue
        moves.move(columns.engine, card.id, target)
        model.moved(source, int(target), board.card(columns.reader, card.id))
        expected = fresh(columns, TODAY)
        for stage in (1, 2):
            assert shown(model, stage) == shown(expected, stage)


def test_a_move_keeps_the_cached_pages(columns: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    model = fresh(columns, TODAY)
    shown(model, 1), shown(model, 2)  # both columns read whole
    card = model.columns[1].card_at(0)
    assert card is not None
    moves.move(columns.engine, card.id, Stage.INFORMATION)
    reads: list[int] = []
    real_cards = board.cards
    monkeypatch.setattr(board, "cards", lambda *a: reads.append(a[1]) or real_cards(*a))
    now = board.card(columns.reader, card.id)
    assert now is not None
    model.moved(1, 2, now)
    assert model.index_of(now) == [c.id for c in shown(model, 2)].index(card.id)
    assert reads == []  # neither column was read again


def test_a_move_past_the_cached_top_reads_the_column_again(columns: Database) -> None:
    model = fresh(columns, TODAY)
    top = model.columns[2].card_at(0)  # only Information's first page is in hand
    assert top is not None
    last = shown(fresh(columns, TODAY), 1)[-1]  # sorts after everything in Information
    moves.move(columns.engine, last.id, Stage.INFORMATION)
    model.moved(1, 2, board.card(columns.reader, last.id))
    assert shown(model, 2) == shown(fresh(columns, TODAY), 2)


def test_refresh_reads_the_pages_in_view_beside_the_counts(
    columns: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = fresh(columns, TODAY)
    in_view = expected.columns[1].card_at(5), expected.columns[2].card_at(0)
    model = BoardModel(columns.reader, TODAY)
    model.refresh(shown={1: 5, 2: 0})
    reads: list[int] = []
    real_cards = board.cards
    monkeypatch.setattr(board, "cards", lambda *a: reads.append(a[1]) or real_cards(*a))
    assert model.counts == expected.counts
    assert (model.columns[1].card_at(5), model.columns[2].card_at(0)) == in_view
    assert reads == []  # both pages came with the refresh


@_slow_fixture
@given(
    search=st.sampled_from(["", "a", "acme", "bolt", "华东", "co", "nothing like it"]),
    first=st.dictionaries(st.integers(1, 5), st.integers(0, 14), max_size=5),
)
def test_counts_read_a_stage_at_a_time_are_one_group_by(
    columns: Database, search: str, first: dict[int, int]
) -> None:
    model = BoardModel(columns.reader, TODAY)
    f = board.BoardFilter(search=search)
    reading = model.read(f, shown=first)
    assert reading.counts == board.stage_counts(columns.reader, f, TODAY)
    for stage, at in first.items():
        page_no = at // board_model.PAGE
        expected = board.cards(columns.reader, stage, page_no * board_model.PAGE, board_model.PAGE, f, TODAY)
        assert [c.id for c in reading.pages[stage][2]] == [c.id for c in expected]


def test_a_column_whose_first_page_holds_it_all_is_not_counted_again(
    columns: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted: list[int] = []
    count = board.stage_count
    monkeypatch.setattr(board, "stage_count", lambda *a: counted.append(a[3]) or count(*a))
    model = BoardModel(columns.reader, TODAY)
    in_view = dict.fromkeys(range(1, 6), 0)
    model.read(board.BoardFilter(search="zinc"), shown=in_view)  # two Zincs, one a column
    assert counted == []  # every column's count came with its first page
    model.read(board.BoardFilter(), shown=in_view)  # twelve cards in Prospect and Information
    assert sorted(counted) == [1, 2]  # more than a page (four cards): counted
    counted.clear()
    model.read(board.BoardFilter(search="zinc"), shown={1: 0})  # the other columns not in view
    assert sorted(counted) == [2, 3, 4, 5]
