"""The SQL aggregates behind the exports, the agenda and the report."""

from __future__ import annotations

from datetime import timedelta

from io_data import TODAY, add, contact

import moves
from fieldcrm.domain.stages import Stage, Status
from fieldcrm.store import accounts, export_queries
from fieldcrm.store.export_queries import Scope
from fieldcrm.store.report import read_report


def test_agenda_covers_overdue_to_seven_days_ahead_of_active_accounts(engine, crm):
    items = export_queries.agenda(engine, TODAY)
    assert [(i.due, i.kind, i.text) for i in items] == [
        (TODAY - timedelta(days=1), "next_step", "Send samples"),
        (TODAY + timedelta(days=3), "plan_step", "Site visit"),
        (TODAY + timedelta(days=7), "next_step", "@SUM(1+1)"),
    ]  # the 8-day step, the done plan step and the 20-day one are left out
    assert [i.bucket(TODAY) for i in items] == ["overdue", "week", "week"]
    assert items[0].who is None and items[1].who is None


def test_agenda_leaves_out_done_steps_and_closed_accounts(engine, crm):
    gone = add(engine, "Omega Plastics")
    contact(engine, gone, TODAY, "Call back", TODAY)
    done = add(engine, "Sigma Tools")
    contact(engine, done, TODAY - timedelta(days=3), "Quote", TODAY - timedelta(days=2), done=True)
    assert [i.account for i in export_queries.agenda(engine, TODAY)].count("Omega Plastics") == 1
    accounts.set_status(engine, gone, Status.TERMINATED, "no budget")
    names = [i.account for i in export_queries.agenda(engine, TODAY)]
    assert "Omega Plastics" not in names and "Sigma Tools" not in names
    assert export_queries.agenda(engine, TODAY, Scope(stage=2))[0].account.startswith("=HYPERLINK")


def stage_report(engine, scope=None):
    """The report's stage lines over all time, as the screen and the export read them."""
    return read_report(engine, TODAY, scope or Scope()).stages


def test_stage_report_counts_by_status_and_grade(engine, crm):
    lines = stage_report(engine)
    assert [line.total for line in lines] == [1, 2, 1, 0, 0]
    info = lines[Stage.INFORMATION - 1]
    assert info.by_status[Status.ACTIVE] == 1 and info.by_status[Status.PAUSED] == 1
    assert info.by_grade == {"A": 0, "B": 0, "C": 1, "D": 0, "": 1}
    assert stage_report(engine, Scope(grade="A"))[Stage.ASSESSMENT - 1].total == 1


def test_conversion_follows_the_stage_history(engine):
    ids = [add(engine, f"Account {n}") for n in range(4)]
    for account_id in ids[:3]:
        moves.move(engine, account_id, Stage.INFORMATION)
    moves.move(engine, ids[0], Stage.ASSESSMENT)
    accounts.move_stage(engine, ids[0], Stage.INFORMATION)  # back again: it did reach 3
    for stage in (Stage.ASSESSMENT, Stage.RELATIONSHIP, Stage.CLOSE):
        moves.move(engine, ids[1], stage)
    moves.win(engine, ids[1])
    lines = stage_report(engine)
    assert [(line.reached, line.advanced) for line in lines] == [(4, 3), (3, 2), (2, 1), (1, 1), (1, 1)]
    assert [line.conversion for line in lines] == [75.0, 66.7, 50.0, 100.0, 100.0]
    scoped = stage_report(engine, Scope(stage=5))  # the won account's whole path
    assert [(line.reached, line.advanced) for line in scoped] == [(1, 1)] * 5
    assert stage_report(engine, Scope(grade="A"))[0].conversion is None


def test_counts_match_the_rows(engine, crm):
    assert export_queries.count_accounts(engine, Scope()) == 4
    assert export_queries.count_accounts(engine, Scope(stage=2)) == 2
    assert export_queries.count(engine, export_queries.people_query(Scope())) == 3
    assert export_queries.count(engine, export_queries.plan_query(Scope(stage=1))) == 3
