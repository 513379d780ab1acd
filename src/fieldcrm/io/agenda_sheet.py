"""The ``agenda`` export: what the agenda screen lists, in sections, each under its own
header row after a blank row:

1. open next steps and plan steps due within a week, overdue ones included, by due date;
2. decision makers' birthdays in the next 14 days: only when the personal fields are asked
   for, since a birthday is personal data (the day it next falls on, never the year of birth);
3. stalled accounts: no contact for more than their stage's limit;
4. insiders who have not moved up the ladder for more than the limit.

The limits are the ones set on the agenda screen (``store.settings``); the sections' rows come
from the screen's own queries (``store.agenda``), streamed rather than loaded at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine

from fieldcrm.io.layout import Sheet, Words
from fieldcrm.store import export_queries
from fieldcrm.store.agenda import next_birthday, section_query
from fieldcrm.store.export_queries import Scope
from fieldcrm.store.settings import AgendaLimits, load_agenda_limits

DUE = "due #days_overdue when type company stage grade what who"
# the other sections: their columns, and the column that names a row (the account)
SECTIONS = {
    "birthdays": ("next_birthday #days_until person title company stage grade", 4),
    "stalled": ("last_contact #days_silent #limit_days company next_step stage grade", 3),
    "insiders": ("on_step_since #days_on_step person insider_step company stage grade", 4),
    "reviews": ("review_due #days_overdue company next_step stage grade", 2),
    "paused": ("review_on #days_overdue company pause_reason stage grade", 2),
}

Shape = Callable[[Sequence[Any]], Sequence[Any]]  # a row of a section's query -> the CSV row


def agenda(engine: Engine, words: Words, scope: Scope, today: date, personal: bool) -> Sheet:
    """Every section of the agenda as of ``today``; birthdays only when ``personal``."""
    limits = load_agenda_limits(engine)
    stages = words.stages()
    due = [
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
        for i in export_queries.agenda(engine, today, scope)
    ]
    sections = [s for s in SECTIONS if personal or s != "birthdays"]
    below = [_section(engine, words, s, scope, today, limits) for s in sections]
    return words.sheet(DUE, due, label=4, below=below)


def _section(
    engine: Engine, words: Words, section: str, scope: Scope, today: date, limits: AgendaLimits
) -> Sheet:
    """A section's rows, streamed from the screen's query and shaped for the file."""
    spec, label = SECTIONS[section]
    headers, numbers = words.columns(spec)
    query = section_query(section, today, limits, scope)
    shape = _shape(section, words, today, limits)
    rows = (shape(row) for row in export_queries.stream(engine, query))
    return Sheet(headers, numbers, rows, lambda: export_queries.count(engine, query), label)


def _shape(section: str, words: Words, today: date, limits: AgendaLimits) -> Shape:
    """How a row of ``section`` (an agenda Entry's columns, after the kind) becomes a CSV row."""
    stages, ladder = words.stages(), words.ladder()

    def days(since: date | None) -> int | None:
        return None if since is None else (today - since).days

    def birthday(row: Sequence[Any]) -> Sequence[Any]:
        stored, _kind, _id, account, stage, grade, title, person, *_ = row
        day = next_birthday(stored, today)  # the day it next falls on: the year stays home
        return (
            _iso(day),
            None if day is None else (day - today).days,
            person,
            title,
            account,
            stages[stage],
            grade,
        )

    def stalled(row: Sequence[Any]) -> Sequence[Any]:
        last, _kind, _id, account, stage, grade, next_step, _who, _person, target = row
        limit = target or limits.stalled_days[stage]  # the account's own contact target first
        return (_iso(last), days(last), limit, account, next_step, stages[stage], grade)

    def due(row: Sequence[Any]) -> Sequence[Any]:
        day, _kind, _id, account, stage, grade, text, *_ = row
        if section == "reviews":  # counted from the last review: due review_days after it
            day = date.fromisoformat(str(day)) + timedelta(days=limits.review_days)
        return (_iso(day), days(day), account, text, stages[stage], grade)

    def insider(row: Sequence[Any]) -> Sequence[Any]:
        since, _kind, _id, account, stage, grade, _title, person, _person_id, step = row
        return (_iso(since), days(since), person, ladder.get(step), account, stages[stage], grade)

    return {"birthdays": birthday, "stalled": stalled, "insiders": insider, "reviews": due, "paused": due}[
        section
    ]


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
