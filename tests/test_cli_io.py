"""The export, import, backup, restore and check subcommands, as a user runs them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from csv_sections import read_tables
from fieldcrm import clock
from fieldcrm.cli import main
from fieldcrm.i18n import set_language
from fieldcrm.store import accounts
from fieldcrm.store.db import open_db
from fieldcrm.store.models import AccountCreate
from report_history import build_history


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    clock.freeze(date(2026, 11, 27))
    yield
    clock.freeze(None)
    set_language("en")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with three accounts, one of them Chinese."""
    path = tmp_path / "crm.db"
    engine = open_db(path)
    for name in ("Acme Packaging", "华东精密机械有限公司", "Blue River Components"):
        accounts.create_account(engine, AccountCreate(name=name))
    engine.dispose()
    return path


def test_help_lists_the_subcommands(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for command in ("export", "import", "backup", "restore", "check"):
        assert command in out


def test_export_with_options_after_the_subcommand(db, tmp_path, capsys):
    out = tmp_path / "report.csv"
    assert main(["export", "--what", "report", "--out", str(out), "--db", str(db), "--lang", "zh"]) == 0
    assert out.read_bytes().startswith("\ufeff期间,起始日期,截止日期\r\n近 90 天,".encode())
    # rows: the period 1, stages 5, outcomes 3 (their totals), grades 5
    assert capsys.readouterr().out == f"已将 19 行导出到 {out}。\n"


def test_the_report_period_comes_from_the_flag(tmp_path):
    path, out = tmp_path / "history.db", tmp_path / "report.csv"
    engine = open_db(path)
    build_history(engine, clock.freeze)
    engine.dispose()

    def exported(*flags: str) -> tuple[str, str]:
        """The period row's name and the accounts that entered Prospect in it."""
        assert main(["export", "--what", "report", "--db", str(path), "--out", str(out), *flags]) == 0
        period, stages, *_ = read_tables(out)
        return period[1][0], stages[1][14]

    assert exported() == ("Last 90 days", "5")  # as the report screen opens
    assert exported("--period", "30") == ("Last 30 days", "2")
    assert exported("--period", "all") == ("All time", "5")


def test_the_period_goes_with_the_report_only(db, tmp_path, capsys):
    out = tmp_path / "pipeline.csv"
    assert main(["export", "--what", "pipeline", "--period", "30", "--db", str(db), "--out", str(out)]) == 2
    assert "--period goes with --what report only" in capsys.readouterr().err
    assert not out.exists()
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert "Only --what report has a period" in " ".join(capsys.readouterr().out.split())


def test_export_refuses_a_missing_database_and_creates_none(tmp_path, capsys):
    missing = tmp_path / "nothing.db"
    assert main(["export", "--db", str(missing), "--out", str(tmp_path / "x.csv")]) == 1
    assert "There is no database" in capsys.readouterr().err
    assert not missing.exists()


def test_gbk_export_that_cannot_be_written_says_which_row(db, tmp_path, capsys):
    engine = open_db(db)
    accounts.create_account(engine, AccountCreate(name="Zeta 😀 Trading"))
    engine.dispose()
    out = tmp_path / "gbk.csv"
    assert main(["export", "--db", str(db), "--out", str(out), "--encoding", "gbk"]) == 1
    err = capsys.readouterr().err
    assert "Row 3 (Zeta 😀 Trading)" in err and "Nothing was written" in err  # by stage, name
    assert not out.exists()


def test_import_dry_run_then_import_then_errors(db, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text("公司名称,联系人\n苏州恒达包装有限公司,王强\nAcme Packaging Ltd,\n", encoding="utf-8")
    assert main(["import", str(good), "--db", str(db), "--dry-run"]) == 0
    assert "Dry run: nothing was written." in capsys.readouterr().out
    assert main(["import", str(good), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Row 3: Acme Packaging Ltd is already in the database as Acme Packaging" in out
    assert f"Imported into {db}." in out
    bad = tmp_path / "bad.csv"
    bad.write_text("company,phone\nFine Ltd,1\n,2\n", encoding="utf-8")
    assert main(["import", str(bad), "--db", str(db)]) == 1
    assert "Row 3: Company: Required." in capsys.readouterr().out
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM account").fetchone()[0] == 4
    con.close()


def test_backup_restore_check(db, tmp_path, capsys):
    copy = tmp_path / "copy.db"
    assert main(["backup", "--db", str(db), "--out", str(copy)]) == 0
    assert main(["backup", "--db", str(db)]) == 0
    assert (tmp_path / "backups" / "crm-2026-11-27-090000.db").exists()
    assert main(["restore", str(copy), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"Restored {db} from {copy}." in out
    assert "The previous database was kept as" in out
    assert main(["check", "--db", str(db)]) == 0
    assert "no problems found" in capsys.readouterr().out


def test_check_fails_loudly_on_a_problem(db, capsys):
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute(
        "INSERT INTO stage_event (account_id, at, kind, to_stage, to_status) "
        "VALUES (999, '2026-11-27 09:00:00', 'created', 1, 'active')"
    )
    con.commit()
    con.close()
    assert main(["check", "--db", str(db)]) == 1
    captured = capsys.readouterr()
    assert "points to a missing row of account" in captured.out
    assert "1 problems found" in captured.err


def test_restore_of_a_bad_file_exits_non_zero(db, tmp_path, capsys):
    bad = tmp_path / "bad.db"
    bad.write_text("hello")
    assert main(["restore", str(bad), "--db", str(db)]) == 1
    assert "cannot be restored" in capsys.readouterr().err


def test_help_speaks_chinese_under_lang_zh_or_a_chinese_locale(capsys, monkeypatch) -> None:
    """``--help`` follows --lang, else the locale; Chinese lines fit the terminal's cells."""
    from fieldcrm.cli import main

    monkeypatch.setenv("COLUMNS", "80")
    for argv, env in ((["--lang", "zh", "--help"], "C"), (["import", "-h"], "zh_CN.UTF-8")):
        monkeypatch.setenv("LANG", env)
        monkeypatch.delenv("LC_ALL", raising=False)
        monkeypatch.delenv("LC_MESSAGES", raising=False)
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith("用法：") and "选项" in out and "显示此帮助信息并退出" in out
        wide = sum(1 for c in max(out.splitlines(), key=len) if ord(c) > 0x2E80)
        assert all(len(line) + sum(1 for c in line if ord(c) > 0x2E80) <= 80 for line in out.splitlines())
        assert wide
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert "what to export (default: pipeline)" in capsys.readouterr().out
