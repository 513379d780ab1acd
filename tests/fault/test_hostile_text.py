"""Text that is not valid UTF-8 in the database (written by another tool): read with
stand-ins, found by ``check``, and never quoted in an error, a message or a crash log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fault_support import demo_db
from sqlmodel import Session

from fieldcrm import cli
from fieldcrm.runtime.crash import write_log
from fieldcrm.store.db import open_db
from fieldcrm.store.models import Person

SECRET = "Secret family notes"
BROKEN = SECRET.encode() + b" \xff\xfe broken"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = demo_db(tmp_path / "data" / "crm.db", accounts=6)
    con = sqlite3.connect(path)
    con.execute("UPDATE person SET family = CAST(? AS TEXT) WHERE id = 1", (BROKEN,))
    con.commit()
    con.close()
    return path


def test_export_with_personal_fields_shows_stand_ins(db: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "people.csv"
    assert (
        cli.main(["--db", str(db), "export", "--what", "people", "--include-personal", "--out", str(out)])
        == 0
    )
    assert f"{SECRET} \ufffd\ufffd broken" in out.read_text(encoding="utf-8-sig")
    assert SECRET not in capsys.readouterr().err


def test_the_store_reads_it_with_stand_ins(db: Path) -> None:
    engine = open_db(db)
    with Session(engine) as s:
        person = s.get(Person, 1)
        assert person is not None and person.family == f"{SECRET} \ufffd\ufffd broken"
    engine.dispose()


def test_check_names_the_row_and_column_not_the_text(db: Path, capsys) -> None:
    assert cli.main(["--db", str(db), "check"]) == 1
    out = capsys.readouterr().out
    assert "person row 1: family holds text that is not valid UTF-8" in out
    assert SECRET not in out


def test_a_crash_log_never_quotes_what_an_error_failed_on(tmp_path: Path) -> None:
    try:
        try:
            raise ValueError(f"bad value {SECRET!r}")
        except ValueError as inner:
            raise KeyError(SECRET) from inner
    except KeyError as exc:
        log = write_log(exc)
    text = log.read_text(encoding="utf-8")
    assert SECRET not in text
    assert "ValueError: (message left out" in text and "KeyError: (message left out" in text
    assert "test_a_crash_log_never_quotes_what_an_error_failed_on" in text  # the lines stay


def test_check_finds_each_broken_field_and_no_sound_one(db: Path, capsys) -> None:
    con = sqlite3.connect(db)
    con.execute("UPDATE person SET hobbies = CAST(? AS TEXT) WHERE id = 1", (b"\xe4",))  # cut short
    con.execute(
        "UPDATE person SET hometown = CAST(? AS TEXT), interests = CAST(? AS TEXT) WHERE id = 2",
        (
            "上".encode()[:1],
            "上".encode()[1:],  # halves of one character, in two fields: both broken
        ),
    )
    con.commit()
    con.close()
    assert cli.main(["--db", str(db), "check"]) == 1
    out = capsys.readouterr().out
    for row, column in ((1, "family"), (1, "hobbies"), (2, "hometown"), (2, "interests")):
        assert f"person row {row}: {column} holds text that is not valid UTF-8" in out
    assert out.count("not valid UTF-8") == 4
