"""Decision simulation: two ordered lists of weighted reasons."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from fieldcrm.store.accounts import create_account
from fieldcrm.store.models import AccountCreate, SimReasonCreate
from fieldcrm.store.models.simulation import ReasonKind, SimReasonFields
from fieldcrm.store.simulation import (
    ReasonGone,
    add_reason,
    delete_reason,
    move_reason,
    reasons_of,
    update_reason,
)

C, DM = ReasonKind.CUSTOMER, ReasonKind.DECISION_MAKER


@pytest.fixture
def account_id(engine: Engine) -> int:
    account = create_account(engine, AccountCreate(name="Acme"))
    assert account.id is not None
    return account.id


def lists(engine: Engine, account_id: int) -> dict[str, list[tuple[str, int, int]]]:
    out: dict[str, list[tuple[str, int, int]]] = {C: [], DM: []}
    for r in reasons_of(engine, account_id):
        out[r.kind].append((r.text, r.weight, r.position))
    return out


def add(engine: Engine, account_id: int, kind: ReasonKind, text: str, weight: int = 3) -> int:
    reason = add_reason(engine, SimReasonCreate(account_id=account_id, kind=kind, text=text, weight=weight))
    assert reason.id is not None
    return reason.id


def test_reasons_are_appended_to_their_own_list(engine: Engine, account_id: int) -> None:
    add(engine, account_id, C, "Faster delivery", 5)
    add(engine, account_id, DM, "We fixed his line stop")
    add(engine, account_id, C, "Lower price", 2)
    assert lists(engine, account_id) == {
        C: [("Faster delivery", 5, 0), ("Lower price", 2, 1)],
        DM: [("We fixed his line stop", 3, 0)],
    }


def test_move_swaps_neighbours_and_stops_at_the_ends(engine: Engine, account_id: int) -> None:
    first = add(engine, account_id, C, "a")
    add(engine, account_id, C, "b")
    last = add(engine, account_id, C, "c")
    assert move_reason(engine, last, -1)
    assert [t for t, _, _ in lists(engine, account_id)[C]] == ["a", "c", "b"]
    assert not move_reason(engine, first, -1)
    assert move_reason(engine, first, 1)
    assert lists(engine, account_id)[C] == [("c", 3, 0), ("a", 3, 1), ("b", 3, 2)]


def test_edit_and_move_to_the_other_list(engine: Engine, account_id: int) -> None:
    a = add(engine, account_id, C, "a")
    add(engine, account_id, C, "b")
    add(engine, account_id, DM, "x")
    update_reason(engine, a, SimReasonFields(kind=C, text="a, reworded", weight=4))
    assert lists(engine, account_id)[C][0] == ("a, reworded", 4, 0)
    update_reason(engine, a, SimReasonFields(kind=DM, text="a, reworded", weight=4))
    assert lists(engine, account_id) == {C: [("b", 3, 0)], DM: [("x", 3, 0), ("a, reworded", 4, 1)]}


def test_delete_closes_the_gap(engine: Engine, account_id: int) -> None:
    add(engine, account_id, C, "a")
    b = add(engine, account_id, C, "b")
    add(engine, account_id, C, "c")
    delete_reason(engine, b)
    assert lists(engine, account_id)[C] == [("a", 3, 0), ("c", 3, 1)]
    with pytest.raises(ReasonGone):
        delete_reason(engine, b)
