"""Paths as a careless or hostile user gives them: --out onto the database, a device, a FIFO,
a folder or a link; --db onto something that is not a database file; a planted lock file;
an interrupted command. Nothing is clobbered, nothing is followed, nothing is left behind."""

from __future__ import annotations

import os
import signal
import stat
from pathlib import Path

import pytest
from fault_support import demo_db, digest

from fieldcrm import cli
from fieldcrm.i18n import t
from fieldcrm.io import export as export_module
from fieldcrm.io.atomic import atomic_path
from fieldcrm.runtime.lock import InUse, WriterLock, lock_path
from fieldcrm.store.sqlite_file import StoreError


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return demo_db(tmp_path / "data" / "crm.db", accounts=12)


def run(*argv: str) -> int:
    return cli.main([*argv])


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("target", ["{db}", "{db}-wal", "{db}.lock", "{backups}/x.db", "{db}.v1.bak"])
def test_export_never_writes_onto_the_database_or_its_files(db: Path, target: str, capsys) -> None:
    (db.parent / "backups").mkdir(mode=0o700, exist_ok=True)
    out = target.format(db=db, backups=db.parent / "backups")
    before = digest(db)
    assert run("--db", str(db), "export", "--out", out) == 1
    assert "would destroy it" in capsys.readouterr().err
    assert digest(db) == before


def test_export_through_a_link_to_the_database_is_refused(db: Path, tmp_path: Path) -> None:
    link = tmp_path / "report.csv"
    link.symlink_to(db)
    before = digest(db)
    assert run("--db", str(db), "export", "--out", str(link)) == 1
    assert digest(db) == before and link.is_symlink()


def test_backup_never_writes_onto_the_database(db: Path, capsys) -> None:
    before = digest(db)
    assert run("--db", str(db), "backup", "--out", str(db)) == 1
    assert "would destroy it" in capsys.readouterr().err
    assert digest(db) == before


def test_export_refuses_what_is_not_a_regular_file(db: Path, tmp_path: Path, capsys) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    folder_link = tmp_path / "to-folder.csv"
    folder_link.symlink_to(tmp_path)
    for out in (fifo, tmp_path, folder_link, Path("/dev/null")):
        assert run("--db", str(db), "export", "--out", str(out)) == 1
        assert t("io.not_regular", path=str(out)) in capsys.readouterr().err
    assert stat.S_ISFIFO(fifo.stat().st_mode) and folder_link.is_symlink()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_export_refuses_a_dangling_link(db: Path, tmp_path: Path) -> None:
    link = tmp_path / "out.csv"
    link.symlink_to(tmp_path / "nowhere.csv")
    assert run("--db", str(db), "export", "--out", str(link)) == 1
    assert link.is_symlink() and not (tmp_path / "nowhere.csv").exists()


def test_export_through_a_link_to_a_file_replaces_the_file(db: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert run("--db", str(db), "export", "--out", str(link)) == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8-sig").startswith("Company")


def test_export_to_standard_output(db: Path, tmp_path: Path, capfd, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("--db", str(db), "export", "--out", "-", "--encoding", "utf-8") == 0
    out, err = capfd.readouterr()
    assert out.startswith("Company,") and len(out.splitlines()) == 13
    assert "12 rows" in err and not (tmp_path / "-").exists()


def test_db_must_be_a_regular_file(tmp_path: Path, capsys) -> None:
    fifo = tmp_path / "crm.db"
    os.mkfifo(fifo, 0o644)
    assert run("--db", str(fifo), "import", str(tmp_path / "x.csv")) == 2
    assert "is not a regular file" in capsys.readouterr().err
    assert mode(fifo) == 0o644 and sorted(p.name for p in tmp_path.iterdir()) == ["crm.db", "crm.db.lock"]
    assert run("--db", "", "check") == 2
    assert t("store.no_path") in capsys.readouterr().err


def test_a_read_only_database_stays_read_only(db: Path, tmp_path: Path, capsys) -> None:
    db.chmod(0o400)
    before = digest(db)
    csv = tmp_path / "x.csv"
    csv.write_text("company\nNew Prospect\n")
    assert run("--db", str(db), "import", str(csv)) == 2
    assert "cannot be written" in capsys.readouterr().err
    assert mode(db) == 0o400 and digest(db) == before


def test_folders_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        db = tmp_path / "a" / "b" / "crm.db"
        csv = tmp_path / "x.csv"
        csv.write_text("company\nNew Prospect\n")
        assert run("--db", str(db), "import", str(csv)) == 0
    finally:
        os.umask(old)
    assert mode(tmp_path / "a") == 0o700 and mode(tmp_path / "a" / "b") == 0o700
    assert mode(db) == 0o600


def test_removing_the_lock_file_does_not_let_a_second_writer_in(db: Path) -> None:
    with WriterLock(db):
        lock_path(db).unlink()
        with pytest.raises(InUse), WriterLock(db):
            pass


def test_a_link_planted_at_the_lock_is_never_followed(db: Path, tmp_path: Path) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    victim.chmod(0o644)
    lock_path(db).unlink(missing_ok=True)
    lock_path(db).symlink_to(victim)
    with pytest.raises(StoreError) as caught, WriterLock(db):
        pass
    assert caught.value.key == "lock.is_link"
    assert victim.read_text() == "keep me" and mode(victim) == 0o644


def test_a_refused_run_leaves_the_lock_clean(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"company\n\xff\xfe\n")
    assert run("--db", str(db), "import", str(bad)) == 1
    assert lock_path(db).read_text() == ""


def test_export_does_not_upgrade_an_older_file(tmp_path: Path, capsys) -> None:
    import sqlite3

    old = tmp_path / "old.db"
    con = sqlite3.connect(old)
    con.executescript((Path(__file__).parent.parent / "fixtures" / "schema_v1.sql").read_text())
    con.close()
    before = digest(old)
    assert run("--db", str(old), "export", "--out", str(tmp_path / "x.csv")) == 2
    assert "does not upgrade it" in capsys.readouterr().err
    assert digest(old) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.db"]


@pytest.mark.parametrize("interrupt", ["SIGTERM", "SIGHUP", "ctrl+c"])
def test_an_interrupted_export_leaves_no_part_file(
    db: Path, tmp_path: Path, interrupt: str, monkeypatch, capsys
) -> None:
    write = export_module._write

    def interrupted(f, sheet, options, progress):  # type: ignore[no-untyped-def]
        f.write("half a file")
        if interrupt == "ctrl+c":
            raise KeyboardInterrupt
        os.kill(os.getpid(), getattr(signal, interrupt))
        return write(f, sheet, options, progress)

    monkeypatch.setattr(export_module, "_write", interrupted)
    previous = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        code = run("--db", str(db), "export", "--out", str(tmp_path / "x.csv"))
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    expected = 130 if interrupt == "ctrl+c" else 128 + getattr(signal, interrupt)
    assert code == expected
    assert [p.name for p in tmp_path.iterdir()] == ["data"]
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_start_removes_what_a_killed_process_left(db: Path, tmp_path: Path) -> None:
    dead = _dead_pid()
    leftovers = [
        db.parent / f".crm.db.fieldcrm-{dead}-abc123.part",
        db.parent / "backups" / f".crm-2026-11-27-090000.db.fieldcrm-{dead}-x9.part-journal",
        tmp_path / f".pipeline.csv.fieldcrm-{dead}-q1.part",
    ]
    (db.parent / "backups").mkdir(mode=0o700, exist_ok=True)
    for path in leftovers:
        path.write_bytes(b"customer data")
    alive = db.parent / f".crm.db.fieldcrm-{os.getppid()}-zz.part"  # a running process's
    alive.write_bytes(b"in progress")
    assert run("--db", str(db), "check") == 0  # reads only: removes nothing
    assert all(p.exists() for p in leftovers)
    csv = tmp_path / "x.csv"
    csv.write_text("company\nNew Prospect\n")
    assert run("--db", str(db), "import", str(csv)) == 0
    assert not leftovers[0].exists() and not leftovers[1].exists() and alive.exists()
    with atomic_path(tmp_path / "pipeline.csv") as part:
        part.write_text("new")
    assert not leftovers[2].exists()


def _dead_pid() -> int:
    """The process id of a process that has ended."""
    import subprocess

    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_restore_of_a_folder_says_so(db: Path, tmp_path: Path, capsys) -> None:
    assert run("--db", str(db), "restore", str(tmp_path)) == 1
    assert t("io.not_regular", path=str(tmp_path)) in capsys.readouterr().err
