"""Backups, rotation, the start-up backup, restore and check, on real files."""

from __future__ import annotations

import sqlite3
import stat
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from io_data import NOW, add
from sqlalchemy import text

from fieldcrm import clock
from fieldcrm.io.backup import auto_backup, backup, backup_folder, backups_of
from fieldcrm.io.errors import FileError
from fieldcrm.io.restore import check, restore, taken_at
from fieldcrm.store.schema_version import LATEST
from fieldcrm.store.sqlite_file import StoreError


def count(path: Path, table: str = "account") -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


def test_backup_goes_to_a_private_folder_named_with_the_date(engine, crm, db_path):
    target = backup(db_path)
    assert target == db_path.parent / "backups" / "fieldcrm-2026-11-27-090000.db"
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert count(target) == 4
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no -wal/-shm
    assert backup(db_path) != target  # the same second never overwrites


def test_backup_to_a_chosen_file_and_refusal_without_a_database(engine, crm, db_path, tmp_path):
    out = backup(db_path, tmp_path / "copy.db")
    assert count(out) == 4 and not backup_folder(db_path).exists()
    with pytest.raises(FileError) as caught:
        backup(tmp_path / "absent.db")
    assert caught.value.key == "io.no_database"


def test_rotation_keeps_seven_daily_and_four_weekly(engine, db_path):
    day = date(2026, 10, 1)
    while day <= date(2026, 11, 27):
        clock.freeze(day)
        backup(db_path)
        day += timedelta(days=1)
    kept = [taken.date().isoformat() for taken, _ in backups_of(db_path)]
    assert kept == [f"2026-11-{d:02d}" for d in (27, 26, 25, 24, 23, 22, 21, 15, 8)]


def test_start_up_backup_only_when_the_newest_is_a_day_old(engine, crm, db_path):
    first = auto_backup(db_path)
    assert first is not None
    assert auto_backup(db_path) is None
    clock.freeze(NOW + timedelta(hours=23))
    assert auto_backup(db_path) is None
    clock.freeze(NOW + timedelta(days=1))
    second = auto_backup(db_path)
    assert second is not None and second != first
    assert [p for _, p in backups_of(db_path)] == [second, first]


def test_a_file_named_with_a_time_no_clock_gives_is_no_backup(engine, crm, db_path):
    first = backup(db_path)
    stray = first.parent / "fieldcrm-2026-13-45-999999.db"  # month 13, hour 99
    stray.write_bytes(first.read_bytes())
    assert backups_of(db_path) == [(datetime(2026, 11, 27, 9, 0), first)]
    clock.freeze(NOW + timedelta(days=1))
    assert auto_backup(db_path) is not None  # the day's backup is taken, the stray left alone
    assert stray.exists()
    assert taken_at(stray) == datetime.fromtimestamp(stray.stat().st_mtime)
    # the backups' own pattern, read by the same code anywhere in a name (a damaged file's copy)
    assert taken_at(first.with_name("fieldcrm-2026-11-20-083000-damaged.db")) == datetime(2026, 11, 20, 8, 30)


def test_no_start_up_backup_of_an_empty_or_missing_database(tmp_path):
    assert auto_backup(tmp_path / "absent.db") is None
    (tmp_path / "empty.db").touch()
    assert auto_backup(tmp_path / "empty.db") is None
    assert not (tmp_path / "backups").exists()


def test_restore_brings_the_backup_back_and_keeps_the_current_one(engine, crm, db_path):
    saved = backup(db_path)
    add(engine, "Added After The Backup")
    engine.dispose()
    clock.freeze(NOW + timedelta(minutes=5))
    kept = restore(db_path, saved)
    assert count(db_path) == 4
    assert kept is not None and count(kept) == 5
    assert saved.exists()  # the file restored from is not rotated away
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["backups", "fieldcrm.db"]
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert check(db_path) == []


@pytest.mark.parametrize("kind", ["garbage", "foreign", "too_new", "damaged"])
def test_restore_refuses_a_bad_file_and_changes_nothing(engine, crm, db_path, tmp_path, kind):
    candidate = tmp_path / "candidate.db"
    if kind == "garbage":
        candidate.write_bytes(b"not a database at all" * 100)
    else:
        backup(db_path, candidate)
        con = sqlite3.connect(candidate)
        if kind == "foreign":
            con.executescript("DROP TABLE stage_event; DROP TABLE person; DROP TABLE account;")
        elif kind == "too_new":
            con.execute(f"PRAGMA user_version = {LATEST + 1}")
        con.close()
        if kind == "damaged":
            _damage(candidate)
    engine.dispose()
    before = db_path.read_bytes()
    with pytest.raises(FileError) as caught:
        restore(db_path, candidate)
    assert caught.value.key == "restore.invalid"
    assert db_path.read_bytes() == before
    assert not backup_folder(db_path).exists()


def _damage(path: Path) -> None:
    """Overwrite the middle of the file, where the account rows and indexes are."""
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(size // 2)
        f.write(b"\xff" * 8192)


def test_restore_refuses_while_the_database_is_open_elsewhere(engine, crm, db_path):
    saved = backup(db_path)
    with engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM account")).scalar()
        with pytest.raises(StoreError) as caught:
            restore(db_path, saved)
    assert caught.value.key == "store.in_use"
    assert sorted(p.name for p in db_path.parent.iterdir() if p.suffix == ".part") == []


def test_restore_over_a_damaged_database_moves_it_aside(engine, crm, db_path):
    saved = backup(db_path)
    engine.dispose()
    db_path.write_bytes(b"\x00" * 4096)
    kept = restore(db_path, saved)
    assert kept is not None and kept.name.endswith("-damaged.db")
    assert kept.read_bytes() == b"\x00" * 4096
    assert count(db_path) == 4


def test_restore_of_a_backup_taken_while_writing(engine, db_path, tmp_path):
    """A backup taken while another connection commits is a consistent snapshot."""
    stop = threading.Event()

    def writer() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            with engine.begin() as conn:  # an account and its event, together or not at all
                conn.execute(
                    text(
                        "INSERT INTO account (name, name_key, search_text, stage, status, created_at, "
                        "updated_at, stage_since) VALUES (:n, :n, :n, 1, 'active', :t, :t, :t)"
                    ),
                    {"n": f"busy {n}", "t": datetime(2026, 11, 27, 9)},
                )
                conn.execute(
                    text(
                        "INSERT INTO stage_event (account_id, at, kind, to_stage, to_status) "
                        "VALUES (last_insert_rowid(), :t, 'created', 1, 'active')"
                    ),
                    {"t": datetime(2026, 11, 27, 9)},
                )

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while count(db_path) < 50:
            pass
        snapshot = backup(db_path, tmp_path / "during.db")
    finally:
        stop.set()
        thread.join()
    written = count(db_path)
    engine.dispose()
    restore(db_path, snapshot)
    assert check(db_path) == []
    restored = count(db_path)
    assert 50 <= restored <= written
    assert count(db_path, "stage_event") == restored


def test_check_reports_rows_that_point_nowhere(engine, crm, db_path):
    assert check(db_path) == []
    engine.dispose()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute(
        "INSERT INTO person (id, account_id, name, role, stance, influence) "
        "VALUES (99, 12345, 'Ghost', 'other', 'neutral', 3)"
    )
    con.commit()
    con.close()
    assert check(db_path) == ["person row 99 points to a missing row of account."]


def test_check_reports_damage(engine, crm, db_path):
    for n in range(300):
        add(engine, f"Filler account number {n} with a long enough name to fill pages")
    engine.dispose()
    _damage(db_path)
    problems = check(db_path)
    assert problems and problems[0].startswith("quick_check: ")


def test_check_refuses_a_file_that_is_not_a_database(tmp_path):
    (tmp_path / "notes.db").write_text("shopping list" * 500)
    with pytest.raises(StoreError) as caught:
        check(tmp_path / "notes.db")
    assert caught.value.key == "store.not_a_database"
    with pytest.raises(FileError) as missing:
        check(tmp_path / "absent.db")
    assert missing.value.key == "io.no_database"
