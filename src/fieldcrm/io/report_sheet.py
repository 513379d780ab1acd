"""The ``report`` export: what the report screen shows for a period, in sections that a
spreadsheet user reads from the top, each under its own header row after a blank row:

1. the period (its name, first and last day);
2. per stage: accounts by status and grade, median days in stage, conversion;
3. won, lost and terminated: the total of each, the stages they happened in, the reasons;
4. effort: contacts in the period per account, by grade.

Numbers stay numbers, so a spreadsheet sums them. The figures are ``store.report``'s,
read once, so the file holds what the screen shows for the same period.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Engine

from fieldcrm.io.layout import Sheet, Words
from fieldcrm.store.export_queries import Scope
from fieldcrm.store.report import PipelineReport, read_report

PERIOD = "period first_day last_day"
STAGES = (
    "#stage_no stage #accounts #status.active #status.paused #status.terminated #status.won"
    " #status.lost #grade_a #grade_b #grade_c #grade_d #grade_none #median_days #reached"
    " #advanced #conversion"
)
OUTCOMES = "outcome breakdown stage_or_reason #accounts"
EFFORT = "grade #pipeline_accounts #contacts #per_account"
OVERRIDES = "stage #overrides"

Rows = list[Sequence[Any]]


def report(engine: Engine, words: Words, scope: Scope, today: date, personal: bool) -> Sheet:
    """The report of ``scope``'s accounts for the period from ``scope.since`` (None: all time)."""
    found = read_report(engine, today, scope)
    return words.sheet(
        PERIOD,
        _period(words, found),
        below=(
            words.sheet(STAGES, _stages(words, found), label=1),
            words.sheet(OUTCOMES, _outcomes(words, found), label=2),
            words.sheet(EFFORT, _effort(words, found)),
            words.sheet(OVERRIDES, _overrides(words, found), label=1),
        ),
    )


def _period(words: Words, report: PipelineReport) -> Rows:
    if report.since is None:
        return [(words("csv.period.all"), None, report.today.isoformat())]
    days = (report.today - report.since).days + 1
    name = words("csv.period.days").format(days=days)
    return [(name, report.since.isoformat(), report.today.isoformat())]


def _stages(words: Words, report: PipelineReport) -> Rows:
    stages = words.stages()
    return [
        (
            line.stage,
            stages[line.stage],
            line.total,
            *line.by_status.values(),
            *line.by_grade.values(),
            line.median_days(report.today),
            line.reached,
            line.advanced,
            line.conversion,
        )
        for line in report.stages
    ]


def _outcomes(words: Words, report: PipelineReport) -> Rows:
    """Per outcome: its total, then the stages it happened in and the reasons given (the
    five most given, word for word, and the other reasons together): the breakdown column
    lets a spreadsheet filter one kind of line and sum it."""
    stages, by = words.stages(), words.table("csv.by", ("total", "stage", "reason", "other_reasons"))
    rows: Rows = []
    for outcome in report.outcomes:
        status = words(f"status.{outcome.status}")
        rows.append((status, by["total"], None, outcome.count))
        rows += [(status, by["stage"], stages[stage], n) for stage, n in outcome.by_stage.items() if n]
        rows += [(status, by["reason"], reason, n) for reason, n in outcome.reasons]
        if outcome.other:
            rows.append((status, by["other_reasons"], None, outcome.other))
    return rows


def _effort(words: Words, report: PipelineReport) -> Rows:
    return [
        (e.grade or words("csv.grade_none"), e.accounts, e.contacts, e.per_account) for e in report.effort
    ]


def _overrides(words: Words, report: PipelineReport) -> Rows:
    """How often each stage's gate was passed with items missing, in the period."""
    stages = words.stages()
    return [(stages[stage], n) for stage, n in report.overrides.by_stage.items()]
