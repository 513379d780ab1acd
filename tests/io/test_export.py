"""CSV exports on a real database: columns, BOM, GBK, formula neutralisation, personal fields,
atomic private files."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pytest
from io_data import FORMULA_NAME, add
from sqlalchemy import Engine

from csv_sections import read_tables, records
from fieldcrm.io.errors import FileError
from fieldcrm.io.export import ExportOptions, export
from fieldcrm.io.options import EXPORTS
from fieldcrm.store.export_queries import Scope


def run(engine: Engine, out: Path, what: str = "pipeline", **options: object) -> int:
    return export(engine, ExportOptions(what, out, **options))  # type: ignore[arg-type]


def by_company(rows: list[dict[str, str]], header: str = "Company") -> dict[str, dict[str, str]]:
    return {row[header]: row for row in rows}


def test_pipeline_has_one_row_per_account_with_every_column(engine, crm, tmp_path, read_rows):
    out = tmp_path / "pipeline.csv"
    assert run(engine, out) == 4
    rows = read_rows(out)
    assert list(rows[0]) == [
        "Company", "Industry", "City", "Stage", "Status", "Grade", "Score", "Deal probability (%)",
        "Path to the deal", "Value", "Difficulty", "Days in stage", "Last contact", "Next step",
        "Next step due", "Insider ladder step", "Net support", "Plan progress %",
    ]  # fmt: skip
    acme = by_company(rows)["Acme Packaging"]
    assert acme == {
        "Company": "Acme Packaging", "Industry": "", "City": "", "Stage": "Prospect", "Status": "Active",
        "Grade": "B", "Score": "72.5", "Deal probability (%)": "", "Path to the deal": "",
        "Value": "70.0", "Difficulty": "30.0", "Days in stage": "10",
        "Last contact": "2026-11-23", "Next step": "Send samples", "Next step due": "2026-11-26",
        "Insider ladder step": "Endorsement", "Net support": "33", "Plan progress %": "33",
    }  # fmt: skip
    delta = by_company(rows)["Delta Fasteners"]
    assert (delta["Status"], delta["Grade"], delta["Net support"]) == ("Paused", "C", "")


def test_chinese_headers_and_stage_names(engine, crm, tmp_path, read_rows):
    out = tmp_path / "pipeline.csv"
    run(engine, out, lang="zh", scope=Scope(stage=3))
    (row,) = read_rows(out)
    assert row["公司名称"] == "华东精密机械有限公司"
    assert (row["阶段"], row["状态"], row["评级"]) == ("价值评估", "进行中", "A")


def test_scope_narrows_by_stage_and_grade(engine, crm, tmp_path, read_rows):
    out = tmp_path / "a.csv"
    assert run(engine, out, scope=Scope(grade="A")) == 1
    assert run(engine, out, scope=Scope(stage=2)) == 2
    assert {r["Company"] for r in read_rows(out)} == {"Delta Fasteners", "'" + FORMULA_NAME}
    assert run(engine, out, scope=Scope(stage=2, grade="A")) == 0


def test_utf8_with_bom_by_default_and_without_on_request(engine, crm, tmp_path):
    bom, plain = tmp_path / "bom.csv", tmp_path / "plain.csv"
    run(engine, bom)
    run(engine, plain, encoding="utf-8")
    assert bom.read_bytes().startswith(b"\xef\xbb\xbfCompany,")
    assert plain.read_bytes().startswith(b"Company,")
    assert "华东精密机械有限公司".encode() in bom.read_bytes()


def test_formula_cells_are_neutralised_and_numbers_stay_numbers(engine, crm, tmp_path, read_rows):
    pipeline, people = tmp_path / "pipeline.csv", tmp_path / "people.csv"
    run(engine, pipeline)
    run(engine, people, "people")
    formula = by_company(read_rows(pipeline))["'" + FORMULA_NAME]
    assert formula["Next step"] == "'@SUM(1+1)"
    assert formula["Net support"] == "-100"  # a number column: negative, not quoted
    (zhao,) = [r for r in read_rows(people) if r["Person"] == "Zhao Lei"]
    assert zhao["Phone"] == "'+86 138 0013 8000"
    assert zhao["Title"] == "'\t=1"
    for row in read_rows(pipeline) + read_rows(people):
        for cell in row.values():
            assert not cell or (
                cell[0] not in "=+@\t\r\n" and not (cell[0] == "-" and not cell[1:].isdigit())
            )


def test_gbk_for_older_excel(engine, crm, tmp_path):
    out = tmp_path / "gbk.csv"
    run(engine, out, encoding="gbk", lang="zh")
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert "华东精密机械有限公司".encode("gbk") in data
    assert data.decode("gbk").startswith("公司名称,行业,城市,阶段,状态")


def test_gbk_stops_at_a_name_it_cannot_hold_and_leaves_no_file(engine, crm, tmp_path):
    add(engine, "Zeta 😀 Trading", 4)
    out = tmp_path / "gbk.csv"
    out.write_text("the previous export\n")
    with pytest.raises(FileError) as caught:
        run(engine, out, encoding="gbk")
    assert caught.value.key == "export.unencodable"
    assert caught.value.params["name"] == "Zeta 😀 Trading"
    assert caught.value.params["row"] == 5  # stages 1, 2, 2, 3, then stage 4 (header not counted)
    assert caught.value.params["char"] == "😀"
    assert out.read_text() == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "gbk.csv"]


def test_personal_fields_only_with_the_flag(engine, crm, tmp_path, read_rows):
    plain, personal = tmp_path / "people.csv", tmp_path / "personal.csv"
    run(engine, plain, "people")
    run(engine, personal, "people", include_personal=True)
    assert "Birthday" not in read_rows(plain)[0]
    for secret in ("1980-05-12", "Wuxi", "Married"):
        assert secret not in plain.read_text(encoding="utf-8-sig")
    (zhao,) = [r for r in read_rows(personal) if r["Person"] == "Zhao Lei"]
    assert (zhao["Birthday"], zhao["Hometown"], zhao["Family"]) == ("1980-05-12", "Wuxi", "Married, one son")
    assert list(zhao)[-8:] == [
        "Birthday",
        "Age",
        "Hometown",
        "Family",
        "Personality",
        "Interests",
        "Hobbies",
        "Working style",
    ]


def test_files_are_private_and_appear_whole(engine, crm, tmp_path):
    out = tmp_path / "pipeline.csv"
    seen: list[tuple[int, int]] = []
    run(engine, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    export(engine, ExportOptions("pipeline", out), lambda done, total: seen.append((done, total)))
    assert seen == [(4, 4)]


def test_a_failing_export_leaves_nothing_behind(engine, crm, tmp_path):
    def stop(done: int, total: int) -> None:
        raise KeyboardInterrupt

    out = tmp_path / "pipeline.csv"
    with pytest.raises(KeyboardInterrupt):
        export(engine, ExportOptions("pipeline", out), stop)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
    with pytest.raises(FileError) as caught:
        run(engine, tmp_path / "missing-folder" / "x.csv")
    assert caught.value.key == "io.no_folder"


def test_agenda_lists_open_steps_due_within_a_week_first(engine, crm, tmp_path):
    out = tmp_path / "agenda.csv"
    run(engine, out, "agenda")
    due = records(read_tables(out)[0])
    rows = [(r["Due"], r["Days overdue"], r["When"], r["Type"], r["Company"], r["What"]) for r in due]
    assert rows == [
        ("2026-11-26", "1", "Overdue", "Next step", "Acme Packaging", "Send samples"),
        ("2026-11-30", "-3", "Next 7 days", "Plan step", "Acme Packaging", "Site visit"),
        ("2026-12-04", "-7", "Next 7 days", "Next step", "'" + FORMULA_NAME, "'@SUM(1+1)"),
    ]


def test_report_counts_per_stage(engine, crm, tmp_path):
    out = tmp_path / "report.csv"
    run(engine, out, "report")
    rows = records(read_tables(out)[1])
    assert [r["Stage"] for r in rows] == ["Prospect", "Information", "Assessment", "Relationship", "Close"]
    info = rows[1]
    assert (info["Accounts"], info["Active"], info["Paused"], info["Grade C"], info["Ungraded"]) == (
        "2",
        "1",
        "1",
        "1",
        "1",
    )


def test_activities_and_plan(engine, crm, tmp_path, read_rows):
    activities, plan = tmp_path / "activities.csv", tmp_path / "plan.csv"
    assert run(engine, activities, "activities") == 3
    assert run(engine, plan, "plan", lang="zh") == 3
    steps = [(r["步骤序号"], r["步骤"], r["已完成"]) for r in read_rows(plan)]
    assert steps == [("1", "Trial order", "是"), ("2", "Site visit", "否"), ("3", "Framework contract", "否")]
    with open(activities, encoding="utf-8-sig", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert header[:4] == ["Company", "Stage", "Date", "Kind"] and header[8] == "Minutes"
    assert all(row[3] == "Visit" for row in rows)
    assert all(row[8] == "" for row in rows)  # how long a contact took: not recorded here


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("what", EXPORTS)
def test_every_header_has_a_name_in_both_languages(engine, crm, tmp_path, what, lang):
    out = tmp_path / f"{what}.csv"
    run(engine, out, what, lang=lang, include_personal=True)
    for table in read_tables(out):
        headers = table[0]
        unnamed = [h for h in headers if h.startswith(("csv.", "status.")) or "_" in h]  # raw keys
        assert headers and unnamed == []
