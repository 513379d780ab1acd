"""What each export holds: its columns and its rows, shaped for a spreadsheet.

Columns are spelled as one string of header keys (``csv.<key>``, or a full key when it has
a dot); a leading ``#`` marks a number column, left as a number; every other column is text
and is neutralised on writing. Labels come in the export's language, not the interface's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine

from fieldcrm.domain.forces import Forces
from fieldcrm.domain.insider import Ladder
from fieldcrm.domain.profile import PERSONAL_FIELDS, PROFILE_NAMES
from fieldcrm.domain.stages import STAGES, Stage, Status
from fieldcrm.i18n import catalogs
from fieldcrm.store import reports
from fieldcrm.store.reports import Scope
from fieldcrm.store.stage_lines import stage_report

PIPELINE = (
    "company stage status grade #score #value #difficulty #days_in_stage last_contact next_step"
    " next_due insider_step #net_support #plan_progress"
)
PEOPLE = (
    "company stage person title phone role stance #influence insider_step #qualification tenure"
    " authority notes"
)
ACTIVITIES = "company stage date kind person summary #influence #lasts_days next_step next_due done"
PLAN = "company stage grade #step_no step task support owner due done done_on"
AGENDA = "due #days_overdue when type company stage grade what who"
REPORT = (
    "#stage_no stage #accounts #status.active #status.paused #status.terminated #status.won"
    " #status.lost #grade_a #grade_b #grade_c #grade_d #grade_none #reached #advanced #conversion"
)


@dataclass(frozen=True, slots=True)
class Sheet:
    """Headers, which columns are numbers, the rows, and how many there will be."""

    headers: list[str]
    numbers: frozenset[int]
    rows: Iterable[Sequence[Any]]
    total: Callable[[], int]
    label: int = 0  # the column that names a row in messages (the account)

    @property
    def text_columns(self) -> list[int]:
        return [i for i in range(len(self.headers)) if i not in self.numbers]


class Words:
    """Labels in one language, whatever language the interface speaks."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._catalog = catalogs()[lang]
        self._fallback = catalogs()["en"]

    def __call__(self, key: str) -> str:
        return self._catalog.get(key) or self._fallback.get(key) or key

    def table(self, prefix: str, values: Iterable[str]) -> dict[str, str]:
        return {v: self(f"{prefix}.{v}") for v in values}

    def stages(self) -> dict[int, str]:
        return {int(s): STAGES[s].name(self.lang) for s in Stage}

    def ladder(self) -> dict[int, str]:
        return {int(step): step.name_in(self.lang) for step in Ladder}

    def yes_no(self) -> tuple[str, str]:
        return self("csv.no"), self("csv.yes")

    def columns(self, spec: str) -> tuple[list[str], frozenset[int]]:
        """Headers and the indexes of the number columns of a column string."""
        keys = spec.split()
        names = [k.lstrip("#") for k in keys]
        headers = [self(n if "." in n else f"csv.{n}") for n in names]
        return headers, frozenset(i for i, k in enumerate(keys) if k.startswith("#"))


def _one(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def pipeline(engine: Engine, words: Words, scope: Scope, today: date, personal: bool) -> Sheet:
    stages, ladder = words.stages(), words.ladder()
    statuses = words.table("status", (s.value for s in Status))
    days_since: dict[str, int] = {}

    def rows() -> Iterator[Sequence[Any]]:
        for row in reports.stream(engine, reports.pipeline_query(scope)):
            name, stage, status, grade, score, value, difficulty, since, *rest = row
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
                stages[stage],
                statuses[status],
                grade,
                _one(score),
                _one(value),
                _one(difficulty),
                days,
                last,
                step,
                due,
                ladder.get(insider),
                net,
                progress,
            )

    headers, numbers = words.columns(PIPELINE)
    return Sheet(headers, numbers, rows(), lambda: reports.count_accounts(engine, scope))


def people(engine: Engine, words: Words, scope: Scope, today: date, personal: bool) -> Sheet:
    """People at the accounts; the personal profile fields only when ``personal``."""
    stages, ladder = words.stages(), words.ladder()
    roles = words.table("role", ("decision_maker", "insider", "influencer", "user", "other"))
    stances = words.table("stance", ("support", "neutral", "oppose"))
    fields = PERSONAL_FIELDS if personal else ()
    query = reports.people_query(scope, fields)

    def rows() -> Iterator[Sequence[Any]]:
        for row in reports.stream(engine, query):
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
    return Sheet(headers, numbers, rows(), lambda: reports.count(engine, query))


def activities(engine: Engine, words: Words, scope: Scope, today: date, personal: bool) -> Sheet:
    stages, yes_no = words.stages(), words.yes_no()
    query = reports.activities_query(scope)

    def rows() -> Iterator[Sequence[Any]]:
        for account, stage, on, kind, *middle, due, done in reports.stream(engine, query):
            yield (account, stages[stage], on, words(f"kind.{kind}"), *middle, due, yes_no[done])

    headers, numbers = words.columns(ACTIVITIES)
    return Sheet(headers, numbers, rows(), lambda: reports.count(engine, query))


def plan(engine: Engine, words: Words, scope: Scope, today: date, personal: bool) -> Sheet:
    stages, yes_no = words.stages(), words.yes_no()
    query = reports.plan_query(scope)

    def rows() -> Iterator[Sequence[Any]]:
        for account, stage, grade, position, *middle, due, done, on in reports.stream(engine, query):
            yield (account, stages[stage], grade, position + 1, *middle, due, yes_no[done], on)

    headers, numbers = words.columns(PLAN)
    return Sheet(headers, numbers, rows(), lambda: reports.count(engine, query))


def agenda(engine: Engine, words: Words, scope: Scope, today: date, personal: bool) -> Sheet:
    stages = words.stages()
    rows = [
        (
            i.due.isoformat(),
            (today - i.due).days,
            words(f"csv.when.{i.bucket(today)}"),
            words(f"csv.type.{i.kind}"),
            i.account,
            stages[i.stage],
            i.grade,
            i.text,
            i.who,
        )
        for i in reports.agenda(engine, today, scope)
    ]
    headers, numbers = words.columns(AGENDA)
    return Sheet(headers, numbers, rows, lambda: len(rows), label=4)


def report(engine: Engine, words: Words, scope: Scope, today: date, personal: bool) -> Sheet:
    stages = words.stages()
    rows = [
        (
            line.stage,
            stages[line.stage],
            line.total,
            *line.by_status.values(),
            *line.by_grade.values(),
            line.reached,
            line.advanced,
            line.conversion,
        )
        for line in stage_report(engine, scope)
    ]
    headers, numbers = words.columns(REPORT)
    return Sheet(headers, numbers, rows, lambda: len(rows), label=1)


SHEETS: dict[str, Callable[[Engine, Words, Scope, date, bool], Sheet]] = {
    "pipeline": pipeline,
    "people": people,
    "activities": activities,
    "agenda": agenda,
    "plan": plan,
    "report": report,
}
