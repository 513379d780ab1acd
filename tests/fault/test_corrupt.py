"""Damaged copies of a database are refused at start, untouched, with what was found and the
command that restores the newest good backup; a schema newer than the code is refused, an old
one migrates, on the same start path. (The store-level cases are in tests/store/test_migrations.py.)"""

from __future__ import annotations

import random
import shlex
import shutil
import sqlite3
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from fault_support import TODAY, demo_db, digest, query

from fieldcrm import cli, clock
from fieldcrm.io.backup import backup, backup_folder
from fieldcrm.runtime import startup
from fieldcrm.runtime.lock import WriterLock
from fieldcrm.store.schema_version import LATEST

FIXTURES = Path(__file__).parent.parent / "fixtures"
PAGE = 4096


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Stands in for the app: records each database the start path let it open."""
    calls: list[Path] = []

    def tui(path: Path, lang: str, read_only: bool = False, daily: bool = False) -> int:
        from fieldcrm.store.db import open_db
        from fieldcrm.tui import daily_check

        open_db(path, read_only=read_only).dispose()
        if daily and daily_check.due(path):  # as the app does after its first frame
            damage = daily_check.check(path)
            if damage is not None:
                print("\n".join(damage), file=sys.stderr)
                return 2
            daily_check.back_up(path)
        calls.append(path)
        return 0

    monkeypatch.setattr(cli, "_tui", tui)
    return calls


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Thirty demo accounts and a backup of them taken today."""
    path = demo_db(tmp_path / "data" / "crm.db")
    backup(path)
    return path


def overwrite_pages(db: Path) -> None:
    data = bytearray(db.read_bytes())
    middle = len(data) // 2 // PAGE * PAGE
    data[middle : middle + 3 * PAGE] = random.Random(1).randbytes(3 * PAGE)
    db.write_bytes(bytes(data))


def truncate(db: Path) -> None:
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2 // PAGE * PAGE])


def cut_mid_page(db: Path) -> None:
    db.write_bytes(db.read_bytes()[:-1000])


def text_file(db: Path) -> None:
    db.write_text("company,contact\nAcme,Li\n", encoding="utf-8")


def bad_page_size(db: Path) -> None:
    data = bytearray(db.read_bytes())
    data[16:18] = b"\x03\x00"  # 768: not a power of two
    db.write_bytes(bytes(data))


def foreign_wal(db: Path) -> None:
    """The pending -wal of another copy of the database, put beside this one."""
    other = demo_db(db.parent.parent / "other" / "crm.db", accounts=12)
    con = sqlite3.connect(other, isolation_level=None)
    con.execute("PRAGMA wal_autocheckpoint = 0")
    con.execute("UPDATE account SET notes = 'from the other copy ' || id")
    shutil.copyfile(f"{other}-wal", f"{db}-wal")
    con.close()


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "bytes overwritten": (overwrite_pages, "SQLite's check found damaged pages"),
    "truncated": (truncate, "It is cut short"),
    "cut mid-page": (cut_mid_page, "It is cut short"),
    "a text file": (text_file, "It is not an SQLite database at all"),
    "bad header": (bad_page_size, "Its header is damaged"),
    "a foreign -wal": (foreign_wal, "The -wal file beside it belongs to another copy"),
}


def fingerprint(db: Path) -> tuple[str, str | None, list[str]]:
    """The file's bytes, its -wal's, and the backups: what a refusal must leave as it was."""
    wal = Path(f"{db}-wal")
    return (
        digest(db),
        digest(wal) if wal.exists() else None,
        sorted(p.name for p in backup_folder(db).iterdir()),
    )


@pytest.mark.parametrize("damage", DAMAGE)
def test_damage_is_refused_untouched_and_the_backup_restores(damage, db, opened, capsys):
    harm, finding = DAMAGE[damage]
    harm(db)
    before = fingerprint(db)
    assert cli.main(["--db", str(db), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert f"{db} is " in err and finding in err
    assert opened == [] and fingerprint(db) == before
    assert cli.main(["--db", str(db), "demo", "--force"]) == 2  # writing subcommands too
    assert fingerprint(db) == before

    newest = sorted(backup_folder(db).iterdir())[-1]
    assert f"The newest good backup is {newest}." in err
    command = err.strip().splitlines()[-1].strip()
    assert command == shlex.join(["fieldcrm", "--db", str(db), "restore", str(newest)])
    assert cli.main(shlex.split(command)[1:]) == 0
    assert cli.main(["--db", str(db)]) == 0 and opened == [db]
    assert query(db, "SELECT count(*) FROM account") == [(30,)]


def test_the_message_speaks_chinese_and_says_when_there_is_no_backup(tmp_path, opened, capsys):
    db = demo_db(tmp_path / "crm.db")
    truncate(db)
    assert cli.main(["--db", str(db), "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert "已损坏" in err and "它被截断了" in err and "中没有完好的备份" in err
    assert opened == []


def test_a_damaged_backup_is_not_offered(db, opened, capsys):
    good = sorted(backup_folder(db).iterdir())[-1]
    clock.freeze(TODAY + timedelta(days=1))
    newer = backup(db)
    overwrite_pages(newer)
    text_file(db)
    assert cli.main(["--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert str(good) in err and str(newer) not in err


def test_a_newer_schema_is_refused_at_start_and_left_as_it_was(tmp_path, opened, capsys):
    db = tmp_path / "future.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE account (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute(f"PRAGMA user_version = {LATEST + 1}")
    con.commit()
    con.close()
    before = digest(db)
    assert cli.main(["--db", str(db)]) == 2
    assert "written by a newer fieldcrm" in capsys.readouterr().err
    assert digest(db) == before and opened == []


def test_an_old_schema_migrates_on_the_start_path(tmp_path, opened):
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.executescript((FIXTURES / "schema_v1.sql").read_text(encoding="utf-8"))
    con.close()
    assert cli.main(["--db", str(db)]) == 0 and opened == [db]
    assert query(db, "PRAGMA user_version") == [(LATEST,)]
    assert (tmp_path / "old.db.v1.bak").is_file()


def test_a_large_damaged_file_is_refused_again_at_the_next_start(db, opened, monkeypatch, capsys):
    """Found damaged after an unclean end, it stays suspect: the refusal leaves the mark that
    makes the next start check it fully again (the backup is fresh, so nothing else would)."""
    monkeypatch.setattr(startup, "QUICK_CHECK_ALWAYS", 0)
    overwrite_pages(db)
    assert cli.main(["--db", str(db)]) == 0  # clean before: only the headers are read
    WriterLock(db).path.write_text("4242\n")  # then a writer is killed
    for _ in range(2):
        assert cli.main(["--db", str(db)]) == 2
        assert "damaged pages" in capsys.readouterr().err
    assert opened == [db]


def test_when_quick_check_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Always on a small file; on a large one only after an unclean end or when the daily
    backup is due (the headers are checked at every start)."""
    db = demo_db(tmp_path / "crm.db")
    with WriterLock(db) as lock:
        assert startup.thorough(db, lock)  # small
    monkeypatch.setattr(startup, "QUICK_CHECK_ALWAYS", 0)  # every file is large now
    with WriterLock(db) as lock:
        assert startup.thorough(db, lock)  # no backup yet: one is due
    backup(db)
    with WriterLock(db) as lock:
        assert not startup.thorough(db, lock)
        lock_file = lock.path
    lock_file.write_text("4242\n")  # a writer that never let go
    with WriterLock(db) as lock:
        assert lock.unclean and startup.thorough(db, lock)
    Path(f"{db}-wal").write_bytes(b"\0" * 100)  # frames waiting in the -wal
    with WriterLock(db) as lock:
        assert startup.thorough(db, lock)
    Path(f"{db}-wal").unlink()
    clock.freeze(TODAY + timedelta(days=2))
    with WriterLock(db) as lock:
        assert startup.thorough(db, lock)


def test_a_large_file_starts_before_its_days_check_and_backup(tmp_path, monkeypatch, opened, capsys):
    """Its first start of the day does not wait for quick_check and the backup: the app runs
    them after its first frame; a sound file is backed up then, a damaged one is refused then
    with the restore command, and never backed up."""
    monkeypatch.setattr(startup, "QUICK_CHECK_ALWAYS", 0)  # every file is large now
    db = demo_db(tmp_path / "data" / "crm.db")
    checked: list[bool] = []
    real = startup.health.check

    def check(path: Path, thorough: bool) -> None:
        checked.append(thorough)
        real(path, thorough)

    monkeypatch.setattr(startup.health, "check", check)
    assert cli.main(["--db", str(db)]) == 0
    assert checked == [False, True]  # the headers before the app; quick_check in it, after
    assert len(list(backup_folder(db).iterdir())) == 1  # the day's backup, taken after
    clock.freeze(TODAY + timedelta(days=1))
    overwrite_pages(db)
    assert cli.main(["--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "damaged pages" in err and "fieldcrm --db" in err and "restore" in err
    assert len(list(backup_folder(db).iterdir())) == 1  # the damaged file was not backed up


async def test_the_app_ends_on_damage_its_days_check_finds(tmp_path, monkeypatch) -> None:
    """In the app: the board first, then the check in a worker; damage ends the session with
    the report (printed once the terminal is back)."""
    from fieldcrm.runtime.crash import STORAGE
    from fieldcrm.store.db import open_db
    from fieldcrm.tui import daily_check
    from fieldcrm.tui.app import FieldCRM
    from started import started

    db = demo_db(tmp_path / "data" / "crm.db")
    found = ["fieldcrm: error: damaged", "fieldcrm --db crm.db restore backup.db"]
    monkeypatch.setattr(daily_check, "check", lambda path: found)
    app = FieldCRM(open_db(db), db, "en", offer_demo=False, daily=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(pilot)
    assert app.failure is not None and app.failure.code == STORAGE
    assert app.failure.message.splitlines() == found


async def test_the_app_takes_the_days_backup_after_its_first_frame(tmp_path) -> None:
    from fieldcrm.store.db import open_db
    from fieldcrm.tui.app import FieldCRM
    from started import started

    db = demo_db(tmp_path / "data" / "crm.db")
    app = FieldCRM(open_db(db), db, "en", offer_demo=False, daily=True)
    async with app.run_test(size=(160, 48)) as pilot:
        assert not backup_folder(db).exists()  # the board is up; the day's work waits
        await started(pilot)
        assert app.failure is None and app.daily_status == ""
    assert len(list(backup_folder(db).iterdir())) == 1


def test_a_checkpoint_cut_off_is_not_taken_for_damage(tmp_path: Path) -> None:
    """A writer killed mid-checkpoint leaves page 1 saying the file is longer than it is yet,
    the missing pages still in the -wal: SQLite finishes the checkpoint on the next open, so
    the start-up check lets it through, and quick_check finds it sound."""
    from fieldcrm.store import health

    db = tmp_path / "crm.db"
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA wal_autocheckpoint = 0")
    con.execute("CREATE TABLE t (x TEXT)")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the file holds the table; the -wal is empty
    con.executemany("INSERT INTO t VALUES (?)", [("y" * 500,)] * 200)  # pages in the -wal only
    con.commit()
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    copy, wal = tmp_path / "copy.db", tmp_path / "copy.db-wal"
    shutil.copy(db, copy)
    shutil.copy(f"{db}-wal", wal)  # as the writer left them, killed
    con.close()
    header = bytearray(copy.read_bytes()[:100])
    header[28:32] = pages.to_bytes(4, "big")  # page 1 checkpointed first: the new page count
    with copy.open("r+b") as f:
        f.write(bytes(header))
    assert copy.stat().st_size < pages * PAGE
    health.check_header(copy)
    health.check(copy, thorough=True)
    assert sqlite3.connect(copy).execute("SELECT count(*) FROM t").fetchone() == (200,)
