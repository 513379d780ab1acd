"""Demo data: written through the CLI into real files, checked with SQL against the method."""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Date, DateTime
from sqlalchemy.dialects import sqlite
from sqlmodel import Session, select

from fieldcrm import clock
from fieldcrm.cli import main
from fieldcrm.demo.generate import write_demo
from fieldcrm.domain.names import name_key
from fieldcrm.domain.profile import Birthday
from fieldcrm.domain.scoring import DEFAULT_WEIGHTS, FACTORS, assess
from fieldcrm.domain.stages import Status
from fieldcrm.i18n import language, set_language
from fieldcrm.store.bulk import MODELS
from fieldcrm.store.db import open_db
from fieldcrm.store.derived import search_text
from fieldcrm.store.models import AccountCreate, ActivityCreate, PersonCreate

TODAY = date(2026, 11, 27)
CJK = re.compile(r"[\u4e00-\u9fff]")


@contextmanager
def frozen_clock() -> Iterator[None]:
    """The clock frozen at TODAY; the CLI's language switch does not leak into other tests."""
    lang = language()
    clock.freeze(TODAY)
    try:
        yield
    finally:
        clock.freeze(None)
        set_language(lang)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with frozen_clock():
        yield


def demo(path: Path, *args: str) -> int:
    return main(["--db", str(path), "--lang", "en", "demo", *args])


def rows(path: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(path) as con:
        return con.execute(sql, params).fetchall()


def one(path: Path, sql: str, *params: object) -> object:
    return rows(path, sql, *params)[0][0]


def count(path: Path, rest: str) -> object:
    """``SELECT count(*) FROM <rest>``."""
    return one(path, f"SELECT count(*) FROM {rest}")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 demo accounts written once through the CLI, read by the checks below."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with frozen_clock():
        assert demo(path, "--accounts", "60") == 0
    return path


@pytest.fixture(scope="module")
def lean_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The lean layout used for large datasets, on a small one, made in batches of 50 as a
    large one is made in batches of a thousand (each numbered from 1, written in turn)."""
    path = tmp_path_factory.mktemp("lean") / "lean.db"
    with frozen_clock():
        engine = open_db(path)
        write_demo(engine, accounts=200, seed=3, lang="en", force=False, rich=False, chunk=50)
        engine.dispose()
    return path


def test_the_cli_writes_60_accounts(db: Path) -> None:
    assert one(db, "SELECT count(*) FROM account") == 60


@pytest.mark.parametrize("layout", ["db", "lean_db"])
def test_every_stage_and_status_occurs_in_a_funnel(layout: str, request: pytest.FixtureRequest) -> None:
    path = request.getfixturevalue(layout)
    by_stage = dict(rows(path, "SELECT stage, count(*) FROM account GROUP BY stage"))
    assert set(by_stage) == {1, 2, 3, 4, 5}
    assert by_stage[1] > by_stage[3] > by_stage[5]
    statuses = {s for (s,) in rows(path, "SELECT DISTINCT status FROM account")}
    assert statuses == {s.value for s in Status}
    assert rows(path, "SELECT DISTINCT stage FROM account WHERE status = 'won'") == [(5,)]
    assert rows(path, "SELECT DISTINCT grade FROM account WHERE status = 'paused'") == [("D",)]
    assert count(path, "account WHERE status IN ('terminated', 'lost') AND status_reason IS NULL") == 0


@pytest.mark.parametrize("layout", ["db", "lean_db"])
def test_grades_come_from_the_real_scoring(layout: str, request: pytest.FixtureRequest) -> None:
    path = request.getfixturevalue(layout)
    assert {g for (g,) in rows(path, "SELECT DISTINCT grade FROM account")} >= {"A", "B", "C", "D"}
    assert count(path, "account WHERE stage = 1 AND grade IS NOT NULL") == 0
    assert count(path, "assessment WHERE grade IS NULL AND total IS NULL") > 0
    for aid, grade, total, value, difficulty in rows(
        path, "SELECT id, grade, total, value, difficulty FROM assessment"
    ):
        factors = rows(
            path,
            "SELECT factor, score, weight FROM assessment_factor WHERE assessment_id = ? ORDER BY factor",
            aid,
        )
        assert [(f, w) for f, _, w in factors] == [(f, DEFAULT_WEIGHTS[f]) for f in FACTORS]
        result = assess({f: s for f, s, _ in factors})
        assert (grade, total, value, difficulty) == (
            result.grade and result.grade.value,
            result.total,
            result.value,
            result.difficulty,
        )


def test_insiders_stand_on_every_ladder_step_with_dated_events(db: Path) -> None:
    steps = rows(db, "SELECT DISTINCT ladder_step FROM person WHERE role = 'insider' ORDER BY 1")
    assert steps == [(1,), (2,), (3,), (4,), (5,)]
    mismatched = """
        SELECT p.id FROM person p JOIN ladder_event e ON e.person_id = p.id
        WHERE p.role = 'insider' GROUP BY p.id
        HAVING max(e."on") != p.ladder_since OR max(e.step) != p.ladder_step
            OR count(*) != p.ladder_step"""
    assert rows(db, mismatched) == []
    qualified = (
        "person WHERE ladder_step = 5 AND q_close_contact AND q_endorses_us AND q_trusts_rep "
        "AND q_knows_reward AND q_invested AND q_next_plan"
    )
    assert count(db, qualified) > 0
    assert one(db, "SELECT count(DISTINCT q_trusts_rep) FROM person WHERE role = 'insider'") == 2


def test_people_have_roles_stances_and_profiles_of_varying_depth(db: Path) -> None:
    roles = {r for (r,) in rows(db, "SELECT DISTINCT role FROM person")}
    assert roles >= {"decision_maker", "insider", "influencer", "user"}
    assert {s for (s,) in rows(db, "SELECT DISTINCT stance FROM person")} == {"support", "neutral", "oppose"}
    assert {i for (i,) in rows(db, "SELECT DISTINCT influence FROM person")} == {1, 2, 3, 4, 5}
    depths = {
        d
        for (d,) in rows(
            db,
            "SELECT (hometown IS NOT NULL) + (age IS NOT NULL) "
            "+ (birthday IS NOT NULL) + (family IS NOT NULL) "
            "+ (hobbies IS NOT NULL) FROM person "
            "WHERE role = 'decision_maker'",
        )
    }
    assert len(depths) >= 4
    birthdays = [b for (b,) in rows(db, "SELECT birthday FROM person WHERE birthday IS NOT NULL")]
    assert {len(b) for b in birthdays} == {5, 10}  # MM-DD and YYYY-MM-DD
    assert any(Birthday.parse(b).days_until(TODAY) <= 14 for b in birthdays)


def test_next_steps_are_overdue_due_today_and_upcoming(db: Path) -> None:
    dues = [
        date.fromisoformat(d) for (d,) in rows(db, "SELECT next_due FROM account WHERE status = 'active'")
    ]
    assert any(d < TODAY for d in dues)
    assert any(d == TODAY for d in dues)
    assert any(d > TODAY for d in dues)
    kinds = {k for (k,) in rows(db, "SELECT DISTINCT kind FROM activity")}
    assert len(kinds) == 10


def test_plans_simulations_and_stage_history(db: Path) -> None:
    assert rows(db, "SELECT DISTINCT done FROM plan_task ORDER BY 1") == [(0,), (1,)]
    assert count(db, "plan_task t JOIN account a ON a.id = t.account_id WHERE a.grade IS NULL") == 0
    assert rows(db, "SELECT DISTINCT kind FROM sim_reason ORDER BY 1") == [("customer",), ("decision_maker",)]
    assert one(db, "SELECT min(a.stage) FROM sim_reason s JOIN account a ON a.id = s.account_id") == 4
    span = one(db, "SELECT julianday(max(at)) - julianday(min(at)) FROM stage_event")
    assert span > 90  # months of history
    moves = rows(
        db,
        "SELECT a.id FROM account a JOIN stage_event e ON e.account_id = a.id "
        "WHERE e.kind = 'moved' GROUP BY a.id HAVING count(*) != a.stage - 1",
    )
    assert moves == []


@pytest.mark.parametrize("layout", ["db", "lean_db"])
def test_denormalised_columns_agree_with_their_rows(layout: str, request: pytest.FixtureRequest) -> None:
    path = request.getfixturevalue(layout)
    latest_assessment = """
        SELECT a.id FROM account a LEFT JOIN assessment s ON s.id = (
            SELECT id FROM assessment WHERE account_id = a.id ORDER BY created_at DESC LIMIT 1)
        WHERE a.grade IS NOT s.grade OR a.score IS NOT s.total"""
    assert rows(path, latest_assessment) == []
    latest_activity = """
        SELECT a.id FROM account a JOIN activity c ON c.id = (
            SELECT id FROM activity WHERE account_id = a.id ORDER BY occurred_on DESC LIMIT 1)
        WHERE a.next_step IS NOT c.next_step OR a.next_due IS NOT c.next_due
           OR a.last_contact IS NOT c.occurred_on OR c.next_done"""
    assert rows(path, latest_activity) == []
    latest = "(SELECT max(occurred_on) FROM activity WHERE account_id = c.account_id)"
    assert count(path, f"activity c WHERE NOT next_done AND occurred_on < {latest}") == 0
    history = """
        SELECT a.id FROM account a JOIN stage_event e ON e.account_id = a.id
        WHERE e.kind IN ('created', 'moved') GROUP BY a.id
        HAVING max(e.at) != a.stage_since OR min(e.at) != a.created_at
            OR max(e.to_stage) != a.stage OR a.updated_at < a.stage_since"""
    assert rows(path, history) == []
    status = """
        SELECT a.id FROM account a LEFT JOIN stage_event e
            ON e.account_id = a.id AND e.kind = 'status'
        WHERE (a.status = 'active') != (e.id IS NULL)
           OR e.to_status != a.status OR e.reason IS NOT a.status_reason OR e.at < a.stage_since"""
    assert rows(path, status) == []
    assert all(key == name_key(name) for name, key in rows(path, "SELECT name, name_key FROM account"))
    people: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    for account_id, person, phone in rows(path, "SELECT account_id, name, phone FROM person ORDER BY id"):
        people[account_id].append((person, phone))
    columns = "id, search_text, name, industry, address, city, notes, phone"
    for account_id, text, *texts in rows(path, f"SELECT {columns} FROM account"):
        fields = dict(zip(("name", "industry", "address", "city", "notes", "phone"), texts, strict=True))
        assert text == search_text(fields, people[account_id])  # as store.derived.refresh makes it


def test_rows_pass_the_apps_own_validation_and_load_through_the_models(db: Path) -> None:
    engine = open_db(db)
    with Session(engine) as s:
        loaded = {m.__tablename__: s.exec(select(m)).all() for m in MODELS}
        for account in loaded["account"]:
            AccountCreate.model_validate(account.model_dump())
        for person in loaded["person"]:
            PersonCreate.model_validate(person.model_dump())
        for activity in loaded["activity"]:
            ActivityCreate.model_validate(activity.model_dump())
    engine.dispose()
    assert all(loaded.values())


def test_values_are_stored_as_sqlalchemy_would_store_them(db: Path) -> None:
    dialect = sqlite.dialect()
    as_datetime = DateTime().dialect_impl(dialect).bind_processor(dialect)
    as_date = Date().dialect_impl(dialect).bind_processor(dialect)
    for created, due, done in rows(
        db,
        "SELECT a.created_at, c.next_due, c.next_done FROM account a JOIN activity c ON c.account_id = a.id",
    ):
        assert as_datetime(datetime.fromisoformat(created)) == created
        assert as_date(date.fromisoformat(due)) == due
        assert done in (0, 1)


def test_the_same_seed_gives_identical_rows(tmp_path: Path, db: Path) -> None:
    again = tmp_path / "again.db"
    assert demo(again, "--accounts", "60") == 0
    for model in MODELS:
        table = model.__tablename__
        query = f"SELECT * FROM {table} ORDER BY rowid"
        assert rows(again, query) == rows(db, query), table
    other = tmp_path / "other.db"
    assert demo(other, "--accounts", "60", "--seed", "8") == 0
    assert rows(other, "SELECT name FROM account") != rows(db, "SELECT name FROM account")


def test_a_second_demo_is_refused_and_force_adds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "twice.db"
    assert demo(path, "--accounts", "5") == 0
    assert demo(path, "--accounts", "5") == 1
    assert "5" in capsys.readouterr().err
    assert one(path, "SELECT count(*) FROM account") == 5
    assert demo(path, "--accounts", "5", "--force") == 0
    assert rows(path, "SELECT min(id), max(id), count(*) FROM account") == [(1, 10, 10)]
    assert rows(path, "PRAGMA foreign_key_check") == []


def test_chinese_demo_has_chinese_names_and_texts(tmp_path: Path) -> None:
    path = tmp_path / "zh.db"
    assert main(["--db", str(path), "--lang", "zh", "demo", "--accounts", "20"]) == 0
    for sql in (
        "SELECT name FROM account",
        "SELECT name FROM person",
        "SELECT next_step FROM account",
        "SELECT summary FROM activity",
    ):
        assert all(CJK.search(v) for (v,) in rows(path, sql)), sql


def test_foreign_keys_hold_and_dates_are_plausible(db: Path, lean_db: Path) -> None:
    assert rows(db, "PRAGMA foreign_key_check") == []
    assert rows(lean_db, "PRAGMA foreign_key_check") == []
    assert count(db, "activity WHERE next_due < occurred_on") == 0
    assert one(db, "SELECT max(at) FROM stage_event") < str(TODAY)
    assert one(db, "SELECT max(next_due) FROM activity") <= str(TODAY + timedelta(days=90))


def test_help_lists_the_demo_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert "demo" in capsys.readouterr().out


def test_rows_made_in_other_processes_are_the_rows_made_here(tmp_path: Path, lean_db: Path) -> None:
    apart = tmp_path / "apart.db"
    engine = open_db(apart)
    # three makers take the four batches in turn, the first maker two of them
    write_demo(engine, accounts=200, seed=3, lang="en", force=False, rich=False, makers=3, chunk=50)
    write_demo(engine, accounts=30, seed=4, lang="en", force=True, rich=False, makers=1)  # numbered on
    engine.dispose()
    here = tmp_path / "here.db"
    engine = open_db(here)
    write_demo(engine, accounts=30, seed=4, lang="en", force=True, rich=False, makers=0)
    engine.dispose()
    for model in MODELS:
        query = f"SELECT * FROM {model.__tablename__} ORDER BY rowid"
        made_apart = rows(apart, query)
        assert made_apart[: len(rows(lean_db, query))] == rows(lean_db, query), model.__tablename__
    assert count(apart, "account") == 230
    assert rows(apart, "SELECT name, city FROM account WHERE id > 200") == rows(
        here, "SELECT name, city FROM account"
    )
    assert rows(apart, "PRAGMA foreign_key_check") == []


def test_batches_numbered_from_one_are_numbered_on_without_a_gap(lean_db: Path) -> None:
    for model in MODELS:
        if "id" in model.__table__.columns:  # type: ignore[attr-defined]
            ids = [key for (key,) in rows(lean_db, f"SELECT id FROM {model.__tablename__} ORDER BY id")]
            assert ids == list(range(1, len(ids) + 1)), model.__tablename__
    # each account's history is its own: its 'created' event is dated when it was created,
    # and its last move brought it to the stage it is in
    created = "SELECT a.id FROM account a JOIN stage_event e ON e.account_id = a.id AND e.kind = 'created'"
    assert rows(lean_db, f"{created} WHERE e.at = a.created_at ORDER BY a.id") == rows(
        lean_db, "SELECT id FROM account ORDER BY id"
    )
    last_move = (
        "SELECT count(*) FROM account a WHERE a.stage != (SELECT e.to_stage FROM stage_event e"
        " WHERE e.account_id = a.id AND e.kind IN ('created', 'moved') ORDER BY e.at DESC LIMIT 1)"
    )
    assert one(lean_db, last_move) == 0


def test_each_batch_after_the_first_draws_from_a_stream_of_its_own(tmp_path: Path, lean_db: Path) -> None:
    whole = tmp_path / "whole.db"
    engine = open_db(whole)
    write_demo(engine, accounts=200, seed=3, lang="en", force=False, rich=False, chunk=200)
    engine.dispose()
    names = "SELECT name FROM account ORDER BY id"
    # the first batch is the same either way; the rest differ, as their streams do
    assert rows(whole, names)[:50] == rows(lean_db, names)[:50]
    assert rows(whole, names)[50:] != rows(lean_db, names)[50:]


def test_a_second_process_that_fails_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldcrm.demo import apart, generate

    path = tmp_path / "failed.db"
    engine = open_db(path)
    monkeypatch.setattr(generate.clock, "now", lambda: "not a moment")  # a maker process trips on it
    with pytest.raises(apart.MakerFailed, match="str"):
        write_demo(engine, accounts=50, seed=3, lang="en", force=False, makers=2, chunk=10)
    engine.dispose()
    assert count(path, "account") == 0
    assert count(path, "person") == 0


def test_a_batch_broken_off_half_way_ends_the_output_for_the_exit_code_to_explain() -> None:
    import io
    import pickle

    from fieldcrm.demo import apart

    whole = pickle.dumps({"account": [{"id": 1}]})
    pipe = io.BytesIO(whole + whole[: len(whole) // 2])
    assert apart._next(pipe) == {"account": [{"id": 1}]}
    assert apart._next(pipe) is None
