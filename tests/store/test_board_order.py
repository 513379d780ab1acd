"""The board's order in Python (card_order) is the order SQLite gives a column."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text
from tests.conftest import TODAY

from fieldcrm.store import board
from fieldcrm.store.accounts import create_account
from fieldcrm.store.board import BoardFilter, card_order
from fieldcrm.store.models import AccountCreate

names = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Zs"]), min_size=1, max_size=6)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(rows=[("acme", None), ("Bolt", None), ("华东", 1), ("Ålborg", 1), ("Zinc", 1), ("Zinc", -1)])
@given(rows=st.lists(st.tuples(names, st.none() | st.integers(-3, 3)), min_size=1, max_size=12))
def test_card_order_is_the_columns_order(engine: Engine, rows: list[tuple[str, int | None]]) -> None:
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
    column = board.cards(engine, 1, 0, 100, BoardFilter(), TODAY)
    assert [c.id for c in sorted(column, key=card_order)] == [c.id for c in column]
