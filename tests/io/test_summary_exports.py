"""The report and agenda exports, read back section by section: the report against the hand
count of report_history.py, for the period asked; the agenda's other sections against the
limits in the settings, and birthdays only when the personal fields are asked for."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from io_data import TODAY
from sqlalchemy import Engine

from csv_sections import Table, read_tables, records
from fieldcrm.domain.stages import Status
from fieldcrm.io.errors import FileError
from fieldcrm.io.export import ExportOptions, export
from fieldcrm.store import accounts
from fieldcrm.store.export_queries import Scope
from fieldcrm.store.models import PersonCreate
from fieldcrm.store.people import create_person
from fieldcrm.store.settings import STALLED_DAYS, AgendaLimits, save_agenda_limits
from report_history import build_history


@pytest.fixture
def history(engine: Engine, freeze_clock: Callable[[date], None]) -> Engine:
    build_history(engine, freeze_clock)
    return engine


def tables(engine: Engine, out: Path, what: str, **options: object) -> list[Table]:
    export(engine, ExportOptions(what, out, **options))  # type: ignore[arg-type]
    return read_tables(out)


def agenda(engine: Engine, out: Path, **options: object) -> dict[str, Table]:
    """The agenda export's tables by the header of their first column."""
    return {table[0][0]: table for table in tables(engine, out, "agenda", **options)}


def test_the_report_holds_the_hand_count_of_the_default_90_days(history, tmp_path):
    period, stages, outcomes, effort, overrides = tables(history, tmp_path / "r.csv", "report")
    assert period == [["Period", "From", "To"], ["Last 90 days", "2026-08-30", "2026-11-27"]]
    assert stages[0][13:] == ["Median days in stage (active)", "Reached the stage", "Went on", "Conversion %"]
    assert stages[1:] == [
        ["1", "Prospect", "3", "1", "0", "2", "0", "0", "0", "0", "0", "0", "3", "20.0", "5", "2", "40.0"],
        ["2", "Information", "1", "0", "0", "0", "0", "1", "0", "0", "0", "0", "1", "", "2", "1", "50.0"],
        ["3", "Assessment", "1", "1", "0", "0", "0", "0", "1", "0", "0", "0", "0", "40.0", "1", "0", "0.0"],
        ["4", "Relationship", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "", "0", "0", ""],
        ["5", "Close", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "", "0", "0", ""],
    ]  # fmt: skip
    assert outcomes == [
        ["Outcome", "Breakdown", "Stage or reason", "Accounts"],
        ["Won", "Total", "", "0"],
        ["Lost", "Total", "", "1"],
        ["Lost", "In stage", "Information", "1"],
        ["Lost", "Reason", "Chose a competitor", "1"],
        ["Terminated", "Total", "", "2"],
        ["Terminated", "In stage", "Prospect", "2"],
        ["Terminated", "Reason", "No budget", "2"],
    ]
    assert effort == [
        ["Grade", "Accounts active or paused", "Contacts in the period", "Contacts per account"],
        ["A", "1", "2", "2.0"],
        ["B", "0", "0", ""],
        ["C", "0", "0", ""],
        ["D", "0", "0", ""],
        ["Ungraded", "1", "0", "0.0"],
    ]
    assert overrides[0] == ["Stage", "Gate overrides"]
    assert [row[0] for row in overrides[1:]] == [
        "Prospect",
        "Information",
        "Assessment",
        "Relationship",
        "Close",
    ]


def test_the_period_changes_the_report(history, tmp_path):
    month = tables(history, tmp_path / "r.csv", "report", period=30)
    assert month[0][1] == ["Last 30 days", "2026-10-29", "2026-11-27"]
    assert [row[14:] for row in month[1][1:3]] == [["2", "0", "0.0"], ["0", "0", ""]]
    assert month[3][1] == ["A", "1", "1", "1.0"]  # the contact of day -30 falls outside
    ever = tables(history, tmp_path / "r.csv", "report", period=None)
    assert ever[0][1] == ["All time", "", "2026-11-27"]
    assert [row[14:] for row in ever[1][1:3]] == [["5", "2", "40.0"], ["2", "1", "50.0"]]


def test_the_chinese_report_opens_in_excel_with_chinese_headers(history, tmp_path):
    out = tmp_path / "r.csv"
    _, stages, outcomes, effort, overrides = tables(history, out, "report", lang="zh")
    assert out.read_bytes().startswith("\ufeff期间,起始日期,截止日期\r\n近 90 天,2026-08-30".encode())
    assert stages[0][:3] == ["阶段序号", "阶段", "客户数"] and stages[0][13] == "本阶段天数中位数（进行中）"
    assert [row[1] for row in stages[1:3]] == ["确定开发对象", "信息收集"]
    assert outcomes[0] == ["结果", "分类", "阶段或原因", "客户数"]
    assert ["丢单", "所在阶段", "信息收集", "1"] in outcomes and [
        "终止",
        "原因",
        "No budget",
        "2",
    ] in outcomes
    assert effort[0] == ["评级", "进行中及暂缓客户数", "期间内联系次数", "每客户联系次数"]
    assert effort[-1] == ["未定级", "1", "0", "0.0"]
    assert overrides[0] == ["阶段", "越过关卡次数"]


def test_reasons_are_neutralised_and_a_gbk_file_names_the_one_it_cannot_hold(engine, crm, tmp_path):
    accounts.set_status(engine, crm["acme"], Status.TERMINATED, "=1+1 no budget")
    outcomes = tables(engine, tmp_path / "r.csv", "report")[2]
    assert ["Terminated", "Reason", "'=1+1 no budget", "1"] in outcomes
    accounts.set_status(engine, crm["formula"], Status.LOST, "Price 😀")
    with pytest.raises(FileError) as caught:
        export(engine, ExportOptions("report", tmp_path / "gbk.csv", encoding="gbk"))
    assert caught.value.params["name"] == "Price 😀"


def test_stalled_accounts_follow_the_limits_in_the_settings(engine, crm, tmp_path):
    out = tmp_path / "agenda.csv"
    assert records(agenda(engine, out)["Last contact"]) == []  # Acme: 4 days silent, Prospect allows 21
    save_agenda_limits(engine, AgendaLimits({**STALLED_DAYS, 1: 3}))
    assert records(agenda(engine, out)["Last contact"]) == [
        {
            "Last contact": "2026-11-23",
            "Days without contact": "4",
            "Limit (days)": "3",
            "Company": "Acme Packaging",
            "Next step": "Send samples",
            "Stage": "Prospect",
            "Grade": "B",  # its newest assessment
        }
    ]


def test_insiders_not_moving_up_are_listed_longest_first(engine, crm, tmp_path):
    for name, days in (("Sun Qiang", 40), ("Zhou Min", 10)):  # the limit is 30 days
        created = create_person(engine, PersonCreate(account_id=crm["huadong"], name=name, role="insider"))
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "UPDATE person SET ladder_step = 2, ladder_since = ? WHERE id = ?",
                ((TODAY - timedelta(days=days)).isoformat(), created.id),
            )
    insiders = records(agenda(engine, tmp_path / "agenda.csv")["On ladder step since"])
    shown = ("On ladder step since", "Days on the step", "Person", "Insider ladder step")
    assert [tuple(r[k] for k in shown) for r in insiders] == [
        ("", "", "Li Na", "Endorsement"),  # never dated: first
        ("2026-10-18", "40", "Sun Qiang", "Meeting"),
    ]  # fmt: skip
    scoped = agenda(engine, tmp_path / "agenda.csv", scope=Scope(stage=3))
    assert [r["Person"] for r in records(scoped["On ladder step since"])] == ["Sun Qiang"]


def test_birthdays_only_with_the_personal_fields_and_never_the_year(engine, crm, tmp_path):
    out = tmp_path / "agenda.csv"
    wang = PersonCreate(
        account_id=crm["huadong"],
        name="Wang Jianguo",
        title="General Manager",
        role="decision_maker",
        birthday="1970-12-01",
    )
    create_person(engine, wang)
    plain = agenda(engine, out)
    assert list(plain) == ["Due", "Last contact", "On ladder step since", "Review due", "Review on"]
    assert "Wang Jianguo" not in out.read_text(encoding="utf-8-sig")
    seen: list[tuple[int, int]] = []
    options = ExportOptions("agenda", out, include_personal=True)
    assert export(engine, options, lambda done, total: seen.append((done, total))) == 5
    assert seen == [(5, 5)]  # 3 steps due, 1 birthday, no stalled account, 1 insider
    personal = {table[0][0]: table for table in read_tables(out)}
    assert list(personal) == [
        "Due",
        "Next birthday",
        "Last contact",
        "On ladder step since",
        "Review due",
        "Review on",
    ]
    assert records(personal["Next birthday"]) == [
        {
            "Next birthday": "2026-12-01",
            "Days until": "4",
            "Person": "Wang Jianguo",
            "Title": "General Manager",
            "Company": "华东精密机械有限公司",
            "Stage": "Assessment",
            "Grade": "A",
        }
    ]
    assert "1970" not in out.read_text(encoding="utf-8-sig")


def test_the_chinese_agenda_names_every_section(engine, crm, tmp_path):
    sections = agenda(engine, tmp_path / "agenda.csv", lang="zh", include_personal=True)
    assert list(sections) == [
        "截止日期",
        "下次生日",
        "最近联系",
        "进入当前关系阶段日期",
        "应评估日期",
        "复查日期",
    ]
    assert sections["最近联系"][0] == [
        "最近联系",
        "未联系天数",
        "上限天数",
        "公司名称",
        "下一步",
        "阶段",
        "评级",
    ]
    assert sections["进入当前关系阶段日期"][1][2:4] == ["Li Na", "认同"]
