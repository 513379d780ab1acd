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
from fieldcrm.store.reader import Reader

TODAY = date(2026, 11, 27)


def found(reader: Reader, query: str) -> int:
    return sum(board.stage_counts(reader, board.BoardFilter(search=query), TODAY).values())


def test_names_of_accounts_and_people_are_searchable(engine: Engine, reader: Reader) -> None:
    account = create_account(engine, AccountCreate(name="ＡＣＭＥ Packaging"))
    assert found(reader, "acme") == 1  # width- and case-folded
    person = create_person(engine, PersonCreate(account_id=account.id, name="王建国"))
    assert found(reader, "建国") == 1
    update_person(engine, person.id, PersonUpdate(name="Li Wei"))
    assert found(reader, "建国") == 0 and found(reader, "li wei") == 1
    update_account_info(engine, account.id, AccountUpdate(name="Harbor Steel"))
    assert found(reader, "acme") == 0 and found(reader, "harbor") == 1
    delete_person(engine, person.id)
    assert found(reader, "li wei") == 0


def test_like_wildcards_are_literal(engine: Engine, reader: Reader) -> None:
    create_account(engine, AccountCreate(name="100% Cotton"))
    create_account(engine, AccountCreate(name="1000 Cotton"))
    assert found(reader, "100%") == 1
    assert found(reader, "_") == 0


def test_reindex_all_rebuilds_from_the_rows(engine: Engine, reader: Reader) -> None:
    account = create_account(engine, AccountCreate(name="Cobalt Tools"))
    with engine.begin() as conn:  # rows written behind the store's back, as a bulk load does
        conn.execute(
            text(
                "INSERT INTO person (account_id, name, role, stance, influence) "
                "VALUES (:a, 'Margaret Chen', 'other', 'neutral', 3)"
            ),
            {"a": account.id},
        )
    assert found(reader, "margaret") == 0
    with engine.begin() as conn:
        refresh(conn)
    assert found(reader, "margaret") == 1


def test_the_search_finds_phones_industry_address_city_and_notes(engine: Engine, reader: Reader) -> None:
    account = create_account(
        engine,
        AccountCreate(
            name="Harbor Steel",
            phone="+86 21-5555 1234",
            industry="Packaging",
            address="88 Century Avenue",
            city="上海",
            notes="Met at the Canton fair",
        ),
    )
    create_person(engine, PersonCreate(account_id=account.id, name="李娜", phone="138 0013 8000"))
    create_account(engine, AccountCreate(name="华为技术有限公司"))
    create_account(engine, AccountCreate(name="京东物流"))
    for query in ("5555 1234", "55551234", "(021) 5555-1234", "021-55551234", "13800138000", "138-0013-8000"):
        assert found(reader, query) == 1, query
    for query in ("packag", "century", "上海", "canton FAIR", "李娜"):
        assert found(reader, query) == 1, query
    assert found(reader, "华为") == 1 and found(reader, "京东") == 1  # two characters are enough
    assert found(reader, "1234 5555") == 0


def test_the_board_narrows_to_an_industry_and_a_city(engine: Engine, reader: Reader) -> None:
    create_account(engine, AccountCreate(name="A", industry="Packaging", city="Shanghai"))
    create_account(engine, AccountCreate(name="B", industry="packaging", city="上海"))
    create_account(engine, AccountCreate(name="C", industry="Metals", city="Shanghai"))

    def count(**narrow: str) -> int:
        return sum(board.stage_counts(reader, board.BoardFilter(**narrow), TODAY).values())

    assert count(industry="Packaging") == 2  # case does not matter
    assert count(city="Shanghai") == 2 and count(city="上海") == 1
    assert count(industry="packaging", city="shanghai") == 1
