"""The board's order in Python (card_order) is the order SQLite gives a column."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text
from tests.conftest import TODAY

from fieldcrm.store import board
from fieldcrm.store.accounts import create_account
from fieldcrm.store.board import BoardFilter, card_order
from fieldcrm.store.models import AccountCreate
from fieldcrm.store.reader import Reader

names = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Zs"]), min_size=1, max_size=6)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(rows=[("acme", None), ("Bolt", None), ("华东", 1), ("Ålborg", 1), ("Zinc", 1), ("Zinc", -1)])
@given(rows=st.lists(st.tuples(names, st.none() | st.integers(-3, 3)), min_size=1, max_size=12))
def test_card_order_is_the_columns_order(
    engine: Engine, rows: list[tuple[str, int | None]], reader: Reader
) -> None:
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM stage_event"))
        conn.execute(text("DELETE FROM account"))
    for name, days in rows:
        account = create_account(engine, AccountCreate(name=name))
        due = None if days is None else (TODAY + timedelta(days=days)).isoformat()
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE account SET next_due = :d WHERE id = :id"), {"d": due, "id": account.id}
            )
    column = board.cards(reader, 1, 0, 100, BoardFilter(), TODAY)
    assert [c.id for c in sorted(column, key=card_order)] == [c.id for c in column]


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(
            names,
            st.none() | st.sampled_from(["A", "B", "C", "D"]),
            st.none() | st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 1)),
            st.integers(0, 5),
        ),
        min_size=1,
        max_size=10,
    ),
    sort=st.sampled_from(board.SORTS),
)
def test_every_sort_agrees_between_python_and_sqlite(
    engine: Engine, rows: list[tuple[str, str | None, float | None, int]], sort: str, reader: Reader
) -> None:
    """Each sort's order in Python is SQLite's, and each card's position is its index."""
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM stage_event"))
        conn.execute(text("DELETE FROM account"))
    since = datetime(2026, 11, 1, 9, 30, 15, 250)
    for name, grade, score, days in rows:
        account = create_account(engine, AccountCreate(name=name))
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE account SET grade = :g, score = :s, stage_since = :since WHERE id = :id"),
                {
                    "g": grade,
                    "s": score,
                    "since": f"{since - timedelta(days=days):%Y-%m-%d %H:%M:%S.%f}",
                    "id": account.id,
                },
            )
    column = board.cards(reader, 1, 0, 100, BoardFilter(), TODAY, sort)
    assert [c.id for c in sorted(column, key=lambda c: card_order(c, sort))] == [c.id for c in column]
    for index, card in enumerate(column):
        assert board.position_of(reader, card, BoardFilter(), TODAY, sort) == index


def test_the_sorts_put_the_expected_account_first(engine: Engine, reader: Reader) -> None:
    for name, grade, score in (
        ("Bolt", "B", 70.0),
        ("Acme", None, None),
        ("Zinc", "A", 90.0),
        ("Cobalt", "A", 80.0),
    ):
        account = create_account(engine, AccountCreate(name=name))
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE account SET grade = :g, score = :s WHERE id = :id"),
                {"g": grade, "s": score, "id": account.id},
            )
    names_in = {
        s: [c.name for c in board.cards(reader, 1, 0, 10, BoardFilter(), TODAY, s)] for s in board.SORTS
    }
    assert names_in["name"] == ["Acme", "Bolt", "Cobalt", "Zinc"]
    assert names_in["score"] == ["Zinc", "Cobalt", "Bolt", "Acme"]
    assert names_in["grade"] == ["Zinc", "Cobalt", "Bolt", "Acme"]  # A by score, then B, ungraded last


ORDER_INDEX = {
    "due": "ix_account_board",
    "days": "ix_account_sort_days",
    "grade": "ix_account_sort_grade",
    "score": "ix_account_sort_score",
    "name": "ix_account_sort_name",
}


@pytest.mark.parametrize("due", [None, TODAY])
@pytest.mark.parametrize("sort", board.SORTS)
def test_a_cards_position_is_counted_in_ranges_of_its_orders_index(
    engine: Engine, reader: Reader, sort: str, due: date | None
) -> None:
    """Each count of the position seeks a range of the order's index past the stage (the cards
    before the card), never the whole stage: a row value compared whole was not matched to
    the grade order's index, and at a million accounts the count took 0.7 s."""
    account = create_account(engine, AccountCreate(name="Acme"))
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE account SET grade = 'B', score = 71.5, next_due = :d WHERE id = :id"),
            {"d": due and due.isoformat(), "id": account.id},
        )
    card = board.card(reader, account.id)
    assert card is not None
    sql, params = board.position_query(card, BoardFilter(), TODAY, sort)
    searches = [row[3] for row in reader.rows(f"EXPLAIN QUERY PLAN {sql}", params) if "SEARCH" in row[3]]
    assert searches, sql
    for search in searches:
        assert ORDER_INDEX[sort] in search, search
        assert not search.endswith("(status=? AND stage=?)"), search  # a range past the stage
    assert board.position_of(reader, card, BoardFilter(), TODAY, sort) == 0
