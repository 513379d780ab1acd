"""Importing prospects: round trip, headers in either language, encodings, all-or-nothing
validation, duplicates against the database and within the file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from io_data import FORMULA_NAME, add
from pydantic import ValidationError
from sqlalchemy import Engine, text

from fieldcrm.i18n import set_language
from fieldcrm.io.errors import FileError
from fieldcrm.io.export import ExportOptions, export
from fieldcrm.io.import_csv import ACCOUNT_FIELDS, PLACED, ROW_RULES, clean_rows
from fieldcrm.io.import_report import report_lines
from fieldcrm.io.import_run import run_import
from fieldcrm.store.db import open_db
from fieldcrm.store.models import AccountCreate
from fieldcrm.store.validation import field_errors


def write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_text("\r\n".join(lines) + "\r\n", encoding=encoding)
    return path


def everything(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of the tables an import writes."""
    with engine.connect() as conn:
        return {
            t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY id"))]
            for t in ("account", "person", "stage_event")
        }


def names(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT name FROM account ORDER BY id")).scalars())


def test_round_trip_export_then_import(engine, crm, tmp_path):
    out = tmp_path / "pipeline.csv"
    export(engine, ExportOptions("pipeline", out, lang="zh"))
    fresh = open_db(tmp_path / "other" / "fresh.db")
    result = run_import(fresh, out)
    assert result.written and result.ok
    assert sorted(names(fresh)) == sorted(names(engine))  # '=HYPERLINK…' came back unquoted
    assert FORMULA_NAME in names(fresh)
    with fresh.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT a.stage, a.status, e.kind, e.to_stage, a.search_text FROM account a "
                "JOIN stage_event e ON e.account_id = a.id"
            )
        ).all()
    assert len(rows) == 4
    assert all(r[:4] == (1, "active", "created", 1) and r[4] for r in rows)
    assert "阶段" in result.plan.unknown_columns  # reported, not silently dropped
    fresh.dispose()


def test_chinese_headers_contacts_and_gbk_detected(engine, tmp_path):
    path = write(tmp_path / "list.csv", [
        "公司名称,联系人,电话,地址,行业,备注,微信",
        "苏州恒达包装有限公司,王强,0512-6688 1234,苏州工业园区,包装,展会认识,wq88",
        "杭州明远机械有限公司,,,杭州,机械,,",
    ], encoding="gbk")  # fmt: skip
    result = run_import(engine, path)
    assert result.plan.encoding == "gbk" and result.written
    assert result.plan.unknown_columns == ["微信"]
    with engine.connect() as conn:
        account = conn.execute(
            text(
                "SELECT stage, phone, address, industry, notes, search_text FROM account "
                "WHERE name = '苏州恒达包装有限公司'"
            )
        ).one()
        person = conn.execute(text("SELECT name, phone, role, stance FROM person")).one()
    assert account[:5] == (1, "0512-6688 1234", "苏州工业园区", "包装", "展会认识")
    assert "王强" in account[5]  # the board search finds the account by its contact
    assert tuple(person) == ("王强", "0512-6688 1234", "other", "neutral")


def test_english_headers_any_case_and_semicolons(engine, tmp_path):
    path = write(
        tmp_path / "list.csv",
        ["COMPANY NAME;Contact Person;Tel;Industry", "Blue River Components;Ann Lee;+1 555 0100;Metals"],
    )
    assert run_import(engine, path).written
    assert names(engine) == ["Blue River Components"]


def test_a_bad_row_in_the_middle_leaves_the_database_unchanged(engine, crm, tmp_path):
    before = everything(engine)
    path = write(tmp_path / "list.csv", [
        "company,contact,phone",
        "Good One Ltd,Ann,111111",
        "X" * 201 + ",Bob,222222",
        "Good Two Ltd,Cid,333333",
        ",Dee,444444",
        "Good Three Ltd,Eve," + "9" * 51,
    ])  # fmt: skip
    result = run_import(engine, path)
    assert not result.written and not result.ok
    assert everything(engine) == before
    assert report_lines(result)[:3] == [
        "Row 3: Company: At most 200 characters.",
        "Row 5: Company: Required.",
        "Row 6: Phone: At most 50 characters.",
    ]
    assert report_lines(result)[-1] == (
        "3 errors: nothing was imported. Row numbers are as a spreadsheet shows them (the header is row 1)."
    )
    set_language("zh")
    assert report_lines(result)[1] == "第 5 行：公司名称：必填。"


def test_duplicates_against_the_database_and_within_the_file(engine, crm, tmp_path):
    path = write(tmp_path / "list.csv", [
        "company,phone",
        '"ACME packaging Co., Ltd.",',
        "Acme Trading,0512 66881234",
        "New Star Ltd,138-0000-1111",
        "Newstar,",
        "Other Name,(138) 0000 1111",
    ])  # fmt: skip
    result = run_import(engine, path)
    assert result.written
    assert names(engine)[-1] == "New Star Ltd" and len(names(engine)) == 5
    assert report_lines(result)[:4] == [
        "Row 2: ACME packaging Co., Ltd. is already in the database as Acme Packaging (same name); skipped.",
        "Row 3: Acme Trading is already in the database as Acme Packaging (same phone); skipped.",
        "Row 5: Newstar repeats row 4 (same name); skipped.",
        "Row 6: Other Name repeats row 4 (same phone); skipped.",
    ]
    assert result.plan.skipped == 4


def test_merge_fills_only_empty_fields_and_adds_the_contact(engine, crm, tmp_path):
    path = write(
        tmp_path / "list.csv",
        [
            "company,contact,phone,industry,address",
            "acme packaging,Zhou Min,999999,Packaging,Suzhou",
            "Acme Packaging Ltd,Li Na,,,",
        ],
    )
    result = run_import(engine, path, on_duplicate="merge")
    assert result.written and result.plan.new == []
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT phone, industry, address, search_text FROM account WHERE id = :i"),
            {"i": crm["acme"]},
        ).one()
        people = (
            conn.execute(
                text("SELECT name FROM person WHERE account_id = :i ORDER BY id"), {"i": crm["acme"]}
            )
            .scalars()
            .all()
        )
    assert tuple(row[:3]) == ("0512-6688 1234", "Packaging", "Suzhou")  # phone kept
    assert people == ["Li Na", "Wang Wei", "Zhou Min"]  # Li Na was already there
    assert "zhou min" in row[3]
    assert "1 existing accounts completed" in report_lines(result)[-1]


def test_dry_run_reports_and_writes_nothing(engine, crm, tmp_path):
    before = everything(engine)
    path = write(tmp_path / "list.csv", ["company", "Fresh Prospect Ltd", "", "Acme Packaging"])
    result = run_import(engine, path, dry_run=True)
    assert result.ok and not result.written
    assert everything(engine) == before
    assert report_lines(result)[-3:] == [
        "1 blank rows ignored.",
        "2 rows read (utf-8): 1 new prospects, 0 existing accounts to complete, 1 duplicates to skip.",
        "Dry run: nothing was written.",
    ]


@pytest.mark.parametrize(("lines", "encoding", "key"), [
    (["contact,phone", "Ann,123"], "auto", "import.no_name_column"),
    (["company,公司名称", "A,B"], "auto", "import.same_column"),
    (["公司名称", "华东精密"], "utf-8", "import.bad_row"),
])  # fmt: skip
def test_files_that_cannot_be_read_as_prospects(engine, tmp_path, lines, encoding, key):
    path = write(tmp_path / "list.csv", lines, encoding="gbk")
    with pytest.raises(FileError) as caught:
        run_import(engine, path, encoding=encoding)
    assert caught.value.key == key
    assert names(engine) == []


def test_a_row_longer_than_the_header_is_an_error(engine, tmp_path):
    path = write(tmp_path / "list.csv", ["company,phone", "Alpha Ltd,1,surplus"])
    result = run_import(engine, path)
    assert report_lines(result)[0] == "Row 2: 3 cells, but only 2 headers."
    assert names(engine) == []


def test_utf8_with_bom_and_a_duplicate_of_an_earlier_import(engine, tmp_path):
    path = write(tmp_path / "list.csv", ["company", "华东精密机械有限公司"], encoding="utf-8-sig")
    assert run_import(engine, path).plan.encoding == "utf-8-sig"
    add(engine, "Unrelated Co")
    again = run_import(engine, path)
    assert again.plan.skipped == 1 and names(engine).count("华东精密机械有限公司") == 1


def verdict(check: Callable[..., object], values: dict[str, str | None]) -> dict[str, object]:
    """The field values a check (a model) accepts, or the message key of each field it refuses."""
    try:
        made = check(**values)
    except ValidationError as exc:
        return {name: key for name, (key, _params) in field_errors(exc).items()}
    return {f: getattr(made, f) for f in ACCOUNT_FIELDS}


LIMITS = {"name": 200, "industry": 200, "phone": 50, "address": 500, "notes": 2000}


@pytest.mark.parametrize(
    "values",
    [
        {"name": "  Acme  ", "industry": " ", "phone": None, "address": "", "notes": "\tnote "},
        {"name": "", "phone": "1" * 51},
        {"name": "   "},
        *({"name": "Acme", f: "x" * n} for f, limit in LIMITS.items() for n in (limit, limit + 1)),
        {"name": "x" * 201, "address": "y" * 501, "notes": "z" * 2001},
    ],
)
def test_the_row_check_is_account_create_s(values):
    """Rows are checked by a small model built from AccountCreate's fields, with the same
    verdicts; rows with no control character are checked together by the same rules, which
    accept what AccountCreate accepts, as it gives it, and refuse the rest."""
    assert verdict(ROW_RULES, values) == verdict(AccountCreate, values)
    try:
        made: dict[str, object] | None = {f: getattr(AccountCreate(**values), f) for f in ACCOUNT_FIELDS}
    except ValidationError:
        made = None
    checked = clean_rows([values])
    assert (None if checked is None else checked[0]) == made
    assert clean_rows([{"name": "Acme"}, values, {"name": "Beta"}]) == (
        None
        if made is None
        else [
            {**dict.fromkeys(ACCOUNT_FIELDS), "name": "Acme"},
            made,
            {**dict.fromkeys(ACCOUNT_FIELDS), "name": "Beta"},
        ]
    )


def test_rows_checked_together_still_say_each_row_s_errors_in_row_order(engine, tmp_path):
    """A thousand rows are checked at once; a batch holding a bad row is checked row by row,
    and the report lists every error in the order of the rows, whatever found it."""
    lines = ["company,contact"] + [f"Company {n},Person {n}" for n in range(PLACED + 10)]
    lines[3] = "x" * 201 + ",Someone"  # row 4: the name too long, found when its batch is checked
    lines[5] = "Sixth,Contact,extra"  # row 6: more cells than headers, found as it is read
    lines[PLACED + 5] = "Later Co,Bad\x1b[31mName"  # in the second batch: a control character
    lines[PLACED + 8] = ",Nobody"  # no name
    result = run_import(engine, write(tmp_path / "mixed.csv", lines))
    assert not result.written and names(engine) == []
    assert [(e.row, e.key) for e in result.plan.errors] == [
        (4, "error.too_long"),
        (6, "import.too_many_cells"),
        (PLACED + 6, "error.control"),
        (PLACED + 9, "error.required"),
    ]


def test_merge_says_what_it_fills_and_what_it_keeps(engine, tmp_path):
    path = write(tmp_path / "first.csv", ["company,industry,phone", "Acme Packaging,Packaging,"])
    assert run_import(engine, path).written
    path = write(
        tmp_path / "again.csv",
        ["company,industry,phone,address", "Acme Packaging,Metal boxes,021 5555 1234,", "ACME packaging,,,"],
    )
    result = run_import(engine, path, on_duplicate="merge")
    lines = report_lines(result)
    assert "Row 2: Acme Packaging: fills Phone." in lines
    assert "Row 2: Acme Packaging: Industry stays “Packaging”; the file's “Metal boxes” is not used." in lines
    again = run_import(engine, path, on_duplicate="merge")
    assert "Row 2: Acme Packaging: nothing to fill, its fields are set already." in report_lines(again)


@pytest.mark.parametrize(("stored", "imported"), [
    ("華為技術有限公司", "华为技术"),
    ("东莞贸易有限公司", "東莞貿易"),
])  # fmt: skip
def test_traditional_and_simplified_spellings_are_one_company(engine, tmp_path, stored, imported):
    assert run_import(engine, write(tmp_path / "a.csv", ["公司名称", stored])).written
    result = run_import(engine, write(tmp_path / "b.csv", ["公司名称", imported]))
    assert result.plan.skipped == 1 and names(engine) == [stored]


@pytest.mark.parametrize(
    "phone", ["+86 21 5555 1234", "0086-21-55551234", "(021) 5555-1234", "８６２１５５５５１２３４"]
)
def test_a_phone_with_or_without_the_country_code_is_one_company(engine, tmp_path, phone):
    assert run_import(engine, write(tmp_path / "a.csv", ["company,phone", "Alpha Ltd,021-5555-1234"])).written
    result = run_import(engine, write(tmp_path / "b.csv", ["company,phone", f"Beta Trading,{phone}"]))
    assert result.plan.skipped == 1, report_lines(result)
