"""Schema versions: an old file is backed up and migrated, a newer or foreign file refused."""

from __future__ import annotations

import sqlite3
import stat
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from fieldcrm.domain.names import name_key
from fieldcrm.store import db, migrations, outbox
from fieldcrm.store.db import open_db
from fieldcrm.store.migrations import LATEST, backup_path
from fieldcrm.store.sqlite_file import StoreError

SCHEMA_V1 = Path(__file__).parent.parent / "fixtures" / "schema_v1.sql"
NOW = "2025-01-01 09:00:00.000000"
NAMES = ["ＡＣＭＥ Trading Ltd", "深圳市某某科技有限公司"]


def make_v1(path: Path, names: list[str] = NAMES) -> None:
    """A schema-v1 file as an older fieldcrm left it (rollback journal, no name_key)."""
    con = sqlite3.connect(path)
    try:
        con.executescript(SCHEMA_V1.read_text(encoding="utf-8"))
        con.executemany(
            "INSERT INTO account (name, stage, status, created_at, updated_at, stage_since,"
            " proposal_provided) VALUES (?, 2, 'active', ?, ?, ?, 0)",
            [(n, NOW, NOW, NOW) for n in names],
        )
        con.commit()
    finally:
        con.close()


def user_version(path: Path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(con.execute("PRAGMA user_version").fetchone()[0])
    finally:
        con.close()


def side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


def test_fixture_is_schema_v1(tmp_path):
    path = tmp_path / "old.db"
    make_v1(path)
    assert user_version(path) == 1
    con = sqlite3.connect(path)
    cols = [r[1] for r in con.execute("PRAGMA table_info(account)")]
    indexes = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")]
    con.close()
    assert "name_key" not in cols and "name" in cols
    assert "ix_account_name_key" not in indexes


def test_v1_file_is_backed_up_and_migrated(tmp_path):
    path = tmp_path / "old.db"
    make_v1(path)
    engine = open_db(path)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT name, name_key, stage FROM account ORDER BY id")).all()
            assert conn.execute(text("PRAGMA user_version")).scalar() == LATEST
            found = conn.execute(text("SELECT name FROM sqlite_master WHERE tbl_name = 'account'"))
            indexes = set(found.scalars())
    finally:
        engine.dispose()
    assert [tuple(r) for r in rows] == [(n, name_key(n), 2) for n in NAMES]
    assert [r[1] for r in rows] == ["acmetrading", "深圳市某某科技"]
    assert "ix_account_name_key" in indexes
    assert user_version(path) == LATEST

    backup = backup_path(path, 1)
    assert backup.name == "old.db.v1.bak"
    assert backup.exists()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert user_version(backup) == 1
    con = sqlite3.connect(backup)
    assert [r[0] for r in con.execute("SELECT name FROM account ORDER BY id")] == NAMES
    con.close()


def test_migrated_schema_matches_a_new_file(tmp_path):
    """Every column a new file gets, a migrated v1 file has too (no model change unmigrated)."""
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    make_v1(old, [])
    schemas = []
    for path in (old, new):
        engine = open_db(path)
        with engine.connect() as conn:
            insp = inspect(conn)
            columns = {t: sorted(c["name"] for c in insp.get_columns(t)) for t in insp.get_table_names()}
            # indexes as SQLite keeps them: their SQL holds the expression ones too
            indexes = conn.execute(text("SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index'"))
            schemas.append({"columns": columns, "indexes": sorted(tuple(i) for i in indexes)})
        engine.dispose()
    assert schemas[0] == schemas[1]
    assert any("coalesce(-score, 1e300)" in (sql or "") for _, _, sql in schemas[0]["indexes"])


def test_migrating_twice_does_nothing(tmp_path):
    path = tmp_path / "old.db"
    make_v1(path)
    open_db(path).dispose()
    backup = backup_path(path, 1)
    backup.unlink()
    open_db(path).dispose()
    assert not backup.exists()
    assert user_version(path) == LATEST


def test_failed_step_rolls_back_everything(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    make_v1(path)

    def broken(conn) -> None:  # runs after the real steps, writes, then fails
        conn.execute(text("CREATE TABLE scratch (x INTEGER)"))
        raise RuntimeError("last step failed")

    monkeypatch.setattr(migrations, "STEPS", {**migrations.STEPS, LATEST + 1: broken})
    monkeypatch.setattr(migrations, "LATEST", LATEST + 1)
    monkeypatch.setattr(db, "LATEST", LATEST + 1)
    with pytest.raises(RuntimeError, match="last step"):
        open_db(path)
    con = sqlite3.connect(path)
    cols = [r[1] for r in con.execute("PRAGMA table_info(account)")]
    names = [r[0] for r in con.execute("SELECT name FROM account ORDER BY id")]
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    con.close()
    assert "name_key" not in cols
    assert "scratch" not in tables
    assert names == NAMES
    assert user_version(path) == 1


def newer_file(path: Path, *, wal: bool) -> None:
    con = sqlite3.connect(path)
    if wal:
        con.execute("PRAGMA journal_mode = WAL")
    con.execute("CREATE TABLE account (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO account (name) VALUES ('from the future')")
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()


def test_newer_file_refused_and_untouched(tmp_path):
    path = tmp_path / "future.db"
    newer_file(path, wal=False)
    before = path.read_bytes()
    before_mode = stat.S_IMODE(path.stat().st_mode)
    with pytest.raises(StoreError) as exc:
        open_db(path)
    assert exc.value.key == "store.too_new"
    assert exc.value.params == {"path": str(path), "version": 99, "latest": LATEST}
    assert path.read_bytes() == before
    assert stat.S_IMODE(path.stat().st_mode) == before_mode
    assert side_files(path) == []  # no -wal, -shm or backup was made


def test_newer_wal_file_refused_and_its_bytes_unchanged(tmp_path):
    path = tmp_path / "future.db"
    newer_file(path, wal=True)
    before = path.read_bytes()
    with pytest.raises(StoreError) as exc:
        open_db(path)
    assert exc.value.key == "store.too_new"
    assert path.read_bytes() == before
    wal = Path(f"{path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # nothing waiting to change the file
    assert not backup_path(path, 99).exists()


@pytest.mark.parametrize(
    "content",
    ["hello\n", "name,stage\nAcme,1\n" * 200, "SQLite format 3 but not really\n"],
)
def test_text_file_refused_and_untouched(tmp_path, content):
    path = tmp_path / "notes.txt"
    path.write_text(content)
    with pytest.raises(StoreError) as exc:
        open_db(path)
    assert exc.value.key == "store.not_a_database"
    assert exc.value.params == {"path": str(path)}
    assert path.read_text() == content
    assert side_files(path) == []


def test_foreign_database_refused_and_untouched(tmp_path):
    path = tmp_path / "other-app.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.execute("INSERT INTO notes (body) VALUES ('mine')")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as exc:
        open_db(path)
    assert exc.value.key == "store.unknown_schema"
    assert path.read_bytes() == before


def test_empty_existing_file_becomes_a_new_database(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    engine = open_db(path)
    engine.dispose()
    assert user_version(path) == LATEST
    assert not backup_path(path, 0).exists()


def test_text_that_is_not_utf8_does_not_stop_the_upgrade(tmp_path):
    path = tmp_path / "old.db"
    make_v1(path)
    con = sqlite3.connect(path)
    con.execute("UPDATE account SET name = CAST(? AS TEXT) WHERE id = 1", (b"Acme \xff Trading",))
    con.commit()
    con.close()
    engine = open_db(path)
    try:
        with engine.connect() as conn:
            names = [r[0] for r in conn.execute(text("SELECT name FROM account ORDER BY id"))]
            assert conn.execute(text("PRAGMA user_version")).scalar() == LATEST
    finally:
        engine.dispose()
    assert names[0] == "Acme \ufffd Trading"


SCHEMA_V3 = Path(__file__).parent.parent / "fixtures" / "schema_v3.sql"


def test_v3_file_gains_next_step_times_owners_history_and_city(tmp_path):
    """A schema-v3 file keeps its contacts; the search then finds phone and notes as well."""
    path = tmp_path / "v3.db"
    con = sqlite3.connect(path)
    con.executescript(SCHEMA_V3.read_text(encoding="utf-8"))
    con.execute(
        "INSERT INTO account (name, name_key, phone, notes, stage, status, created_at, updated_at,"
        " stage_since, proposal_provided, search_text)"
        " VALUES ('Acme', 'acme', '021-5555 1234', 'Likes tea', 2, 'active', ?, ?, ?, 0, 'acme')",
        (NOW, NOW, NOW),
    )
    con.execute(
        "INSERT INTO activity (account_id, occurred_on, kind, summary, influence, persistence_days,"
        " next_step, next_due, next_done)"
        " VALUES (1, '2025-01-01', 'visit', 'Met', 3, 14, 'Call', '2025-01-08', 0)"
    )
    con.commit()
    con.close()
    assert user_version(path) == 3
    engine = open_db(path)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                text("SELECT next_step, next_time, next_owner, followed_by FROM activity")
            ).one()
            account = conn.execute(text("SELECT city, search_text FROM account")).one()
            assert conn.execute(text("SELECT count(*) FROM next_step_change")).scalar() == 0
    finally:
        engine.dispose()
    assert tuple(row) == ("Call", None, None, None)
    assert account[0] is None
    assert account[1] == "acme\nlikes tea\n2155551234"
    assert backup_path(path, 3).exists()


SCHEMA_V4 = Path(__file__).parent.parent / "fixtures" / "schema_v4.sql"


def test_v4_file_gains_the_method_in_depth(tmp_path):
    """A schema-v4 file keeps its people, and each person's stance and influence become the
    first row of their history; the new records start empty."""
    path = tmp_path / "v4.db"
    con = sqlite3.connect(path)
    con.executescript(SCHEMA_V4.read_text(encoding="utf-8"))
    con.execute(
        "INSERT INTO account (name, name_key, stage, status, created_at, updated_at, stage_since,"
        " proposal_provided, search_text) VALUES ('Acme', 'acme', 4, 'active', ?, ?, ?, 0, 'acme')",
        (NOW, NOW, NOW),
    )
    con.execute(
        "INSERT INTO person (account_id, name, role, stance, influence, executive_meet, q_close_contact,"
        " q_endorses_us, q_trusts_rep, q_knows_reward, q_invested, q_next_plan, c_buyer_or_service,"
        " c_well_disposed, c_long_tenure) VALUES (1, 'Li', 'decision_maker', 'oppose', 4,"
        " 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)"
    )
    con.commit()
    con.close()
    assert user_version(path) == 4
    engine = open_db(path)
    try:
        with engine.connect() as conn:
            history = conn.execute(text("SELECT person_id, stance, influence FROM person_change")).all()
            account = conn.execute(
                text("SELECT deal_probability, review_on, contact_days FROM account")
            ).one()
            person = conn.execute(text("SELECT other_roles, counter_plan FROM person")).one()
            empty = [
                conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                for t in ("forces_review", "milestone", "material_sent")
            ]
    finally:
        engine.dispose()
    assert [tuple(r) for r in history] == [(1, "oppose", 4)]
    assert tuple(account) == (None, None, None)
    assert tuple(person) == (None, None)
    assert empty == [0, 0, 0]
    assert backup_path(path, 4).exists()


SCHEMA_V5 = Path(__file__).parent.parent / "fixtures" / "schema_v5.sql"


def test_v5_file_gains_global_ids_and_the_outbox(tmp_path):
    """A schema-v5 file keeps its rows, each without a global id until it first leaves the
    laptop; the outbox starts empty, with no triggers until the database joins a team."""
    path = tmp_path / "v5.db"
    con = sqlite3.connect(path)
    con.executescript(SCHEMA_V5.read_text(encoding="utf-8"))
    con.execute(
        "INSERT INTO account (name, name_key, stage, status, created_at, updated_at, stage_since,"
        " proposal_provided, search_text) VALUES ('Acme', 'acme', 1, 'active', ?, ?, ?, 0, 'acme')",
        (NOW, NOW, NOW),
    )
    con.commit()
    con.close()
    assert user_version(path) == 5
    engine = open_db(path)
    try:
        with engine.begin() as conn:
            uid = conn.execute(text("SELECT uid FROM account")).scalar()
            waiting = conn.execute(text("SELECT count(*) FROM outbox")).scalar()
            assert not outbox.installed(conn)
            outbox.join(conn, "service=team", "rae", "n1", datetime(2026, 11, 27, 9))
            assert outbox.installed(conn)
            conn.execute(text("UPDATE account SET city = 'Ningbo'"))
            recorded = conn.execute(text("SELECT tbl, op, fields FROM outbox")).all()
    finally:
        engine.dispose()
    assert (uid, waiting) == (None, 0)
    assert [tuple(r) for r in recorded] == [("account", "update", "city")]
    assert backup_path(path, 5).exists()


SCHEMA_V6 = Path(__file__).parent.parent / "fixtures" / "schema_v6.sql"


def test_v6_file_gains_owners_and_the_team_list(tmp_path):
    """A schema-v6 file keeps its accounts, each its user's own (no owner) until a team's
    server names one; the board's covering index takes the owner; the team list starts empty."""
    path = tmp_path / "v6.db"
    con = sqlite3.connect(path)
    con.executescript(SCHEMA_V6.read_text(encoding="utf-8"))
    con.execute(
        "INSERT INTO account (name, name_key, stage, status, created_at, updated_at, stage_since,"
        " proposal_provided, search_text) VALUES ('Acme', 'acme', 1, 'active', ?, ?, ?, 0, 'acme')",
        (NOW, NOW, NOW),
    )
    con.commit()
    con.close()
    assert user_version(path) == 6
    engine = open_db(path)
    try:
        with engine.connect() as conn:
            owners = conn.execute(text("SELECT name, owner FROM account")).all()
            members = conn.execute(text("SELECT count(*) FROM team_member")).scalar()
            index = text("SELECT sql FROM sqlite_master WHERE name = 'ix_account_board'")
            board = conn.execute(index).scalar()
    finally:
        engine.dispose()
    assert [tuple(r) for r in owners] == [("Acme", None)]
    assert members == 0
    assert "owner" in board
    assert backup_path(path, 6).exists()
