"""Prospect lists as an attacker or a careless tool writes them: mixed encodings, control
characters, huge lines and cells, files that are not files. Each is refused with the row
named, and nothing is written."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from hostile import NAMES
from sqlalchemy import Engine, text

from fieldcrm.i18n import t
from fieldcrm.io.csv_stream import MAX_CELL, MAX_LINE
from fieldcrm.io.errors import FileError
from fieldcrm.io.import_report import report_lines
from fieldcrm.io.import_run import run_import


def accounts(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT name FROM account"))]


def refusal(engine: Engine, path: Path, encoding: str = "auto") -> str:
    with pytest.raises(FileError) as caught:
        run_import(engine, path, encoding=encoding)
    assert accounts(engine) == []
    return t(caught.value.key, **caught.value.params)


def test_a_gbk_row_in_a_utf8_file_is_refused_naming_it(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes("公司名称\r\n上海贸易\r\n".encode() + "北京贸易\r\n".encode("gbk"))
    message = refusal(engine, path)
    assert message.startswith("Row 3: it is GBK text, but the rows before it are UTF-8")


def test_a_utf8_row_in_a_gbk_file_is_refused_naming_it(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes("公司名称\r\n上海贸易\r\n".encode("gbk") + "北京贸易有限公司\r\n".encode())
    assert refusal(engine, path).startswith("Row 3: it is UTF-8 text, but the rows before it are GBK")


def test_text_in_neither_encoding_is_called_so(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(b"company\r\nAcme\r\n\xff\xfe\xff\r\n")
    assert refusal(engine, path).startswith("Row 3: it is neither UTF-8 nor GBK text")


def test_an_encoding_chosen_by_hand_is_not_second_guessed(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("公司名称\r\n上海贸易\r\n".encode("gbk"))
    assert run_import(engine, path, encoding="gbk").written
    assert accounts(engine) == ["上海贸易"]


@pytest.mark.parametrize("name", [n for n in NAMES if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in n)])
def test_control_characters_in_a_cell_are_refused_naming_row_and_field(
    engine: Engine, tmp_path: Path, name: str
) -> None:
    path = tmp_path / "list.csv"
    path.write_text(f'company,contact\r\nAcme,Ann\r\n"{name}",Bob\r\nBeta,"Eve{chr(27)}[2J"\r\n')
    result = run_import(engine, path)
    assert not result.written and accounts(engine) == []
    lines = report_lines(result)
    assert lines[0].startswith("Row 3: Company: Contains a control character")
    assert lines[1].startswith("Row 4: Contact: Contains a control character")
    assert all("\x1b" not in line and "\x07" not in line for line in lines)


def test_a_huge_line_is_refused_without_reading_the_file_whole(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.write(b"company\n")
        f.write(b"x" * (MAX_LINE * 4))
    assert refusal(engine, path) == t(
        "import.bad_row", row=2, message=t("import.line_too_long", limit="1,024 KiB")
    )


def test_a_huge_cell_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "cell.csv"
    too_long = t("import.bad_row", row=2, message=t("import.cell_too_long", limit=f"{MAX_CELL:,}"))
    path.write_text("company,notes\n" + 'Acme,"' + "y\n" * MAX_CELL + '"\n')
    assert refusal(engine, path) == too_long
    path.write_text("company,notes\n" + 'Acme,"' + "y\n" * (MAX_CELL * 3) + '"\n')
    assert refusal(engine, path) == too_long


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_not_read(engine: Engine, device: str) -> None:
    assert refusal(engine, Path(device)) == t("io.not_regular", path=device)


def test_a_folder_is_not_read(engine: Engine, tmp_path: Path) -> None:
    assert refusal(engine, tmp_path) == t("io.not_regular", path=str(tmp_path))


def test_a_fifo_is_refused_at_once(engine: Engine, tmp_path: Path) -> None:
    fifo = tmp_path / "list.csv"
    os.mkfifo(fifo)
    done = threading.Event()
    outcome: list[str] = []

    def attempt() -> None:
        outcome.append(refusal(engine, fifo))
        done.set()

    threading.Thread(target=attempt, daemon=True).start()
    started = time.monotonic()
    if not done.wait(5):
        with open(fifo, "wb"):  # release the reader so the thread can end
            pass
        pytest.fail("the import waited on the FIFO")
    assert time.monotonic() - started < 5
    assert outcome == [t("io.not_regular", path=str(fifo))]
