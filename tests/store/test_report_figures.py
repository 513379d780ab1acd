"""The pipeline report against a hand count on a small, dated history.

The history (days before 2026-11-27; the 90 days start on day -89, 30 days on day -29):
    -200 Old created; -150 Old -> 2; -120 Ancient created, -119 terminated "Ancient history"
    -60  A1..A5 created;  -50 A1, A2, A3 -> 2;  -40 A1 -> 3, A2 -> 3 undone at once
    -30  A1 -> 4, A6 created;  -25 A10 created;  -20 A1 -> 5, A6 -> 2
    -10  A1 won, Old -> 3 (it entered 2 before the period)
    -5   A4 terminated "No budget", A5 lost "Chose a competitor", A7, A8, A9 created, A8 -> 2
    -4   A7 terminated "No budget";  -3 A8 terminated "Too small";  -2 A9 terminated and undone
    -1   A6 paused
Each test spells out its hand count.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from tests import given

import moves
from fieldcrm.domain.stages import Stage, Status
from fieldcrm.store import accounts
from fieldcrm.store import report as report_module
from fieldcrm.store.activities import log_contact
from fieldcrm.store.changes import Change
from fieldcrm.store.models import AccountCreate, ActivityCreate
from fieldcrm.store.report import Effort, pipeline_report

TODAY = date(2026, 11, 27)
Freeze = Callable[[date], None]


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


def build(engine: Engine, freeze: Freeze) -> dict[str, int]:
    ids: dict[str, int] = {}

    def on(n: int, *names: str) -> None:
        freeze(day(n))
        for name in names:
            created = accounts.create_account(engine, AccountCreate(name=name))
            assert created.id is not None
            ids[name] = created.id

    def move(name: str, stage: int) -> Change:
        return moves.move(engine, ids[name], Stage(stage))

    def close(name: str, status: Status, reason: str | None = None) -> Change:
        if status == Status.WON:
            return moves.win(engine, ids[name])
        return accounts.set_status(engine, ids[name], status, reason)

    on(-200, "Old")
    on(-150)
    move("Old", 2)
    on(-120, "Ancient")
    on(-119)
    close("Ancient", Status.TERMINATED, "Ancient history")
    on(-60, "A1", "A2", "A3", "A4", "A5")
    on(-50)
    for name in ("A1", "A2", "A3"):
        move(name, 2)
    on(-40)
    move("A1", 3)
    accounts.undo(engine, move("A2", 3))
    on(-30, "A6")
    move("A1", 4)
    on(-25, "A10")
    on(-20)
    move("A1", 5)
    move("A6", 2)
    on(-10)
    close("A1", Status.WON)
    move("Old", 3)
    on(-5, "A7", "A8", "A9")
    close("A4", Status.TERMINATED, "No budget")
    close("A5", Status.LOST, "Chose a competitor")
    move("A8", 2)
    on(-4)
    close("A7", Status.TERMINATED, "No budget")
    on(-3)
    close("A8", Status.TERMINATED, "Too small")
    on(-2)
    accounts.undo(engine, close("A9", Status.TERMINATED, "Mistake"))
    on(-1)
    close("A6", Status.PAUSED)
    freeze(TODAY)
    return ids


@pytest.fixture
def history(engine: Engine, freeze_clock: Freeze) -> dict[str, int]:
    return build(engine, freeze_clock)


def conversion(report: report_module.PipelineReport) -> list[tuple[int, int, float | None]]:
    return [(line.reached, line.advanced, line.conversion) for line in report.stages]


def test_conversion_in_the_period_counts_entries_and_later_moves(engine: Engine, history: dict) -> None:
    # entered 1: A1-A5, A6, A10, A7-A9 = 10; moved on to 2: A1, A2, A3, A6, A8
    # entered 2: A1, A2, A3, A6, A8 (Old before the period); moved on: A1 (A2's move undone;
    #   Old moved on in the period but had entered 2 before it)
    # entered 3: A1, Old (A2's entry undone); moved on: A1.  4 and 5: A1, moved on and won.
    report = pipeline_report(engine, TODAY, 90)
    assert report.since == day(-89)
    assert conversion(report) == [(10, 5, 50.0), (5, 1, 20.0), (2, 1, 50.0), (1, 1, 100.0), (1, 1, 100.0)]


def test_conversion_over_all_time_adds_the_older_history(engine: Engine, history: dict) -> None:
    report = pipeline_report(engine, TODAY, None)
    assert report.since is None
    assert conversion(report) == [(12, 6, 50.0), (6, 2, 33.3), (2, 1, 50.0), (1, 1, 100.0), (1, 1, 100.0)]
    # 30 days: A6 was created on day -30, so its entry and its move (from_since -30) fall outside
    assert conversion(pipeline_report(engine, TODAY, 30))[:2] == [(4, 1, 25.0), (2, 0, 0.0)]


def test_median_days_in_stage_of_the_active_accounts(engine: Engine, history: dict) -> None:
    # stage 1: A9 (5 days: its undone close kept its entry), A10 (25): mean of the two = 15
    # stage 2: A2 (50: the undo restored its entry), A3 (50); A6 is paused, A8 terminated
    # stage 3: Old (10); stages 4 and 5 have no active account (A1 was won)
    stages = pipeline_report(engine, TODAY, 90).stages
    assert [line.median_days(TODAY) for line in stages] == [15.0, 50.0, 10.0, None, None]
    assert stages[1].grades(Status.ACTIVE) == {"A": 0, "B": 0, "C": 0, "D": 0, "": 2}
    assert stages[0].by_status[Status.TERMINATED] == 3 and stages[0].total == 6


def test_outcomes_with_their_stage_and_reasons(engine: Engine, history: dict) -> None:
    won, lost, terminated = pipeline_report(engine, TODAY, 90).outcomes
    assert (won.status, won.count, won.by_stage[5], won.reasons) == ("won", 1, 1, [])
    assert (lost.count, lost.by_stage[1], lost.reasons) == (1, 1, [("Chose a competitor", 1)])
    assert (terminated.count, terminated.by_stage[1], terminated.by_stage[2]) == (3, 2, 1)
    assert (terminated.reasons, terminated.other) == ([("No budget", 2), ("Too small", 1)], 0)
    everything = pipeline_report(engine, TODAY, None).outcomes[2]
    assert everything.count == 4 and ("Ancient history", 1) in everything.reasons


def test_reasons_beyond_the_top_are_counted_as_other(
    engine: Engine, history: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_module, "TOP_REASONS", 1)
    terminated = pipeline_report(engine, TODAY, 90).outcomes[2]
    assert (terminated.reasons, terminated.other) == ([("No budget", 2)], 1)


def test_effort_is_contacts_in_the_period_per_account_by_grade(
    engine: Engine, history: dict, freeze_clock: Freeze
) -> None:
    grades = {"A2": "A", "A3": "A", "Old": "B", "A6": "D", "A1": "A"}
    for name, grade in grades.items():
        given.graded(engine, history[name], grade)
    for name, n in (("A2", -30), ("A2", -5), ("A3", -100), ("A3", -1), ("Old", -3), ("A6", -2), ("A6", -1)):
        data = ActivityCreate(
            account_id=history[name],
            occurred_on=day(n),
            summary="Call",
            next_step="Call again",
            next_due=TODAY,
        )
        log_contact(engine, data)
    log_contact(engine, data.model_copy(update={"account_id": history["A1"]}))  # won: not in the pipeline
    assert pipeline_report(engine, TODAY, 90).effort == [
        Effort("A", 2, 3),
        Effort("B", 1, 1),
        Effort("C", 0, 0),
        Effort("D", 1, 2),
        Effort("", 2, 0),
    ]
    assert [e.per_account for e in pipeline_report(engine, TODAY, 90).effort] == [1.5, 1.0, None, 2.0, 0.0]
    assert pipeline_report(engine, TODAY, None).effort[0] == Effort("A", 2, 4)
