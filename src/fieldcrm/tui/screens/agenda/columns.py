"""What each agenda section shows: its columns, their headers and their cells."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from fieldcrm.i18n import ladder_name, stage_name, t
from fieldcrm.store.agenda import Entry
from fieldcrm.store.requests import parse_state
from fieldcrm.tui.screens.account.names import DASH, clip

TEXT_CELLS = 30  # the widest a free-text cell grows (the table fits 160 columns)
NAME_CELLS = 24
WHO_CELLS = 16

# the columns of each section, the most telling first; headers are agenda.col.<name>
COLUMNS: dict[str, tuple[str, ...]] = {
    "overdue": ("due", "when", "account", "next_step", "with", "stage", "grade"),
    "today": ("due", "account", "next_step", "with", "stage", "grade"),
    "week": ("due", "when", "account", "next_step", "with", "stage", "grade"),
    "plan": ("due", "when", "account", "plan_step", "owner", "stage", "grade"),
    "birthdays": ("birthday", "when", "person", "title", "account", "stage", "grade"),
    "stalled": ("last_contact", "silent", "account", "next_step", "stage", "grade"),
    "insiders": ("since", "on_step", "person", "ladder", "account", "stage", "grade"),
    "reviews": ("due", "when", "account", "next_step", "stage", "grade"),
    "paused": ("review_on", "when", "account", "reason", "stage", "grade"),
    "assess": ("entered", "waiting", "account", "owner", "next_step", "grade"),
    "requests": ("asked", "waiting", "account", "request", "person", "reason"),
}


def numbered_stage(stage: int) -> str:
    return f"{stage}. {stage_name(stage)}"


def when(day: date, today: date) -> Text:
    """How far ``day`` is from today: late (bold), today, or to come."""
    days = (day - today).days
    if days < 0:
        return Text(t("agenda.when.late", days=-days), style="bold")
    return Text(t("agenda.when.today" if days == 0 else "agenda.when.in", days=days))


def since(day: date | None, today: date) -> str:
    """Days since ``day`` (never: no day)."""
    return t("agenda.never") if day is None else t("agenda.days", days=(today - day).days)


def cell(column: str, entry: Entry, today: date) -> str | Text:
    """The text of one cell."""
    if column in ("due", "birthday", "last_contact", "since", "review_on", "entered", "asked"):
        return entry.day.isoformat() if entry.day else t("agenda.never") if column == "last_contact" else DASH
    if column == "when":
        return when(entry.day, today) if entry.day else DASH
    if column in ("silent", "on_step", "waiting"):
        return since(entry.day, today)
    if column == "account":
        return clip(entry.account, NAME_CELLS)
    if column == "request" and entry.state:
        kind, answer = parse_state(entry.state)
        return f"{t(f'request.kind.{kind}')} · {t(f'request.answer.{answer}')}"
    if column == "stage":
        return numbered_stage(entry.stage)
    if column == "grade":
        return entry.grade or DASH
    if column == "ladder":
        return ladder_name(entry.ref) if entry.ref else DASH
    if column in ("with", "owner", "person"):
        return clip(entry.who, WHO_CELLS) if entry.who else DASH
    return clip(entry.text, TEXT_CELLS) if entry.text else DASH
