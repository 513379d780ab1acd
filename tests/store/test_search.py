"""The board search column follows every write that changes a name."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, text

from fieldcrm.store import board
from fieldcrm.store.account_info import update_account_info
from fieldcrm.store.accounts import create_account
from fieldcrm.store.derived import refresh
from fieldcrm.store.erase import delete_person
from fieldcrm.store.models import AccountCreate, AccountUpdate, PersonCreate, PersonUpdate
from fieldcrm.store.people import create_person, update_person

TODAY = date(2026, 11, 27)


def found(engine: Engine, query: str) -> int:
    return sum(board.stage_counts(engine, board.BoardFilter(search=query), TODAY).values())


def test_names_of_accounts_and_people_are_searchable(engine: Engine) -> None:
    account = create_account(engine, AccountCreate(name="ＡＣＭＥ Packaging"))
    assert found(engine, "acme") == 1  # width- and case-folded
    person = create_person(engine, PersonCreate(account_id=account.id, name="王建国"))
    assert found(engine, "建国") == 1
    update_person(engine, person.id, PersonUpdate(name="Li Wei"))
    assert found(engine, "建国") == 0 and found(engine, "li wei") == 1
    update_account_info(engine, account.id, AccountUpdate(name="Harbor Steel"))
    assert found(engine, "acme") == 0 and found(engine, "harbor") == 1
    delete_person(engine, person.id)
    assert found(engine, "li wei") == 0


def test_like_wildcards_are_literal(engine: Engine) -> None:
    create_account(engine, AccountCreate(name="100% Cotton"))
    create_account(engine, AccountCreate(name="1000 Cotton"))
    assert found(engine, "100%") == 1
    assert found(engine, "_") == 0


def test_reindex_all_rebuilds_from_the_rows(engine: Engine) -> None:
    account = create_account(engine, AccountCreate(name="Cobalt Tools"))
    with engine.begin() as conn:  # rows written behind the store's back, as a bulk load does
        conn.execute(
            text(
                "INSERT INTO person (account_id, name, role, stance, influence) "
                "VALUES (:a, 'Margaret Chen', 'other', 'neutral', 3)"
            ),
            {"a": account.id},
        )
    assert found(engine, "margaret") == 0
    with engine.begin() as conn:
        refresh(conn)
    assert found(engine, "margaret") == 1
