"""What each export holds: its columns and its rows, shaped for a spreadsheet.

The exports of records (one row per account, person, contact, plan step) are here; the
agenda and the report, which read in sections, have their own modules. Column strings are
explained in ``io.layout``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Engine

from fieldcrm.domain.forces import Forces
from fieldcrm.domain.profile import PERSONAL_FIELDS, PROFILE_NAMES
from fieldcrm.domain.stages import Status
from fieldcrm.io.agenda_sheet import agenda
from fieldcrm.io.layout import Sheet, Words, one_decimal
from fieldcrm.io.report_sheet import report
from fieldcrm.store import export_queries
from fieldcrm.store.export_queries import Scope

PIPELINE = (
    "company industry city stage status grade #score #deal_probability deal_path #value #difficulty"
    " #days_in_stage last_contact next_step next_due insider_step #net_support #plan_progress"
)
PEOPLE = (
    "company stage person title phone role stance #influence insider_step #qualification tenure"
    " authority notes"
)
ACTIVITIES = "company stage date kind person summary #influence #lasts_days #minutes next_step next_due done"
PLAN = "company stage grade #step_no step task support owner due done done_on"


def pipeline(engine: Engine, words: Words, scope: Scope, today: date, personal: bool) -> Sheet:
    stages, ladder = words.stages(), words.ladder()
    statuses = words.table("status", (s.value for s in Status))
    days_since: dict[str, int] = {}

    def rows() -> Iterator[Sequence[Any]]:
        for row in export_queries.stream(engine, export_queries.pipeline_query(scope)):
            (
                name,
                industry,
                city,
                stage,
                status,
                grade,
                score,
                probability,
                path,
                value,
                difficulty,
                since,
                *rest,
            ) = row
            last, step, due, insider, support, oppose, influence, steps, done = rest
            day = since[:10]
            days = days_since.get(day)
            if days is None:
                days = days_since[day] = max(0, (today - date.fromisoformat(day)).days)
            neutral = influence - support - oppose if influence else 0
            net = Forces(support, neutral, oppose).net_support if influence else None
            progress = round(100 * done / steps) if steps else None
            yield (
                name,
                industry,
                city,
                stages[stage],
                statuses[status],
                grade,
                one_decimal(score),
                probability,
                path,
                one_decimal(value),
                one_decimal(difficulty),
                days,
                last,
                step,
                due,
                ladder.get(insider),
                net,
                progress,
            )

    headers, numbers = words.columns(PIPELINE)
    return Sheet(headers, numbers, rows(), lambda: export_queries.count_accounts(engine, scope))


def people(engine: Engine, words: Words, scope: Scope, today: date, personal: bool) -> Sheet:
    """People at the accounts; the personal profile fields only when ``personal``."""
    stages, ladder = words.stages(), words.ladder()
    roles = words.table("role", ("decision_maker", "insider", "influencer", "user", "other"))
    stances = words.table("stance", ("support", "neutral", "oppose"))
    fields = PERSONAL_FIELDS if personal else ()
    query = export_queries.people_query(scope, fields)

    def rows() -> Iterator[Sequence[Any]]:
        for row in export_queries.stream(engine, query):
            account, stage, name, title, phone, role, stance, influence, step, *rest = row
            yield (
                account,
                stages[stage],
                name,
                title,
                phone,
                roles[role],
                stances[stance],
                influence,
                ladder.get(step),
                *rest,
            )

    headers, numbers = words.columns(PEOPLE)
    headers += [PROFILE_NAMES[f][1 if words.lang == "zh" else 0] for f in fields]
    numbers |= {len(PEOPLE.split()) + i for i, f in enumerate(fields) if f == "age"}
    return Sheet(headers, numbers, rows(), lambda: export_queries.count(engine, query))


def activities(engine: Engine, words: Words, scope: Scope, today: date, personal: bool) -> Sheet:
    stages, yes_no = words.stages(), words.yes_no()
    query = export_queries.activities_query(scope)

    def rows() -> Iterator[Sequence[Any]]:
        for account, stage, on, kind, *middle, due, done in export_queries.stream(engine, query):
            yield (account, stages[stage], on, words(f"kind.{kind}"), *middle, due, yes_no[done])

    headers, numbers = words.columns(ACTIVITIES)
    return Sheet(headers, numbers, rows(), lambda: export_queries.count(engine, query))


def plan(engine: Engine, words: Words, scope: Scope, today: date, personal: bool) -> Sheet:
    stages, yes_no = words.stages(), words.yes_no()
    query = export_queries.plan_query(scope)

    def rows() -> Iterator[Sequence[Any]]:
        for account, stage, grade, position, *middle, due, done, on in export_queries.stream(engine, query):
            yield (account, stages[stage], grade, position + 1, *middle, due, yes_no[done], on)

    headers, numbers = words.columns(PLAN)
    return Sheet(headers, numbers, rows(), lambda: export_queries.count(engine, query))


Build = Callable[[Engine, Words, Scope, date, bool], Sheet]  # (engine, words, scope, today, personal)

SHEETS: dict[str, Build] = {
    "pipeline": pipeline,
    "people": people,
    "activities": activities,
    "agenda": agenda,
    "plan": plan,
    "report": report,
}
