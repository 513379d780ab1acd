"""The lines of one account card, as Rich text sized to the column (double-width safe)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.style import Style
from rich.text import Text

from fieldcrm.domain.closeness import level
from fieldcrm.i18n import t
from fieldcrm.store.board import Card
from fieldcrm.tui.plain import plain
from fieldcrm.untrusted import one_line

CARD_LINES = 4  # text lines per card
CARD_HEIGHT = CARD_LINES + 1  # plus a blank line between cards
METER_CELLS = 5

StyleOf = Callable[[str], Style]


def _fit(text: Text, width: int) -> Text:
    text.truncate(width, overflow="ellipsis", pad=True)
    return text


def closeness_meter(score: int | None) -> str:
    if score is None:
        return ""
    filled = round(score * METER_CELLS / 100)
    return "●" * filled + "○" * (METER_CELLS - filled)


def plan_tag(card: Card, style: StyleOf) -> Text:
    """'plan 2/5', or a flag on an A account that has no development plan yet."""
    if card.needs_plan:
        return Text(t("card.no_plan"), style("missing"))
    if card.plan_total:
        return Text(t("card.plan", done=card.plan_done, total=card.plan_total), style("meta"))
    return Text()


def _with_tag(due: Text, tag: Text, width: int, urgent: bool) -> Text:
    """The tag at the right of the due line: always if urgent, else only where it fits."""
    room = width - tag.cell_len - 1
    if not tag or room < 1 or (not urgent and due.cell_len > room):
        return due
    due.truncate(room, overflow="ellipsis", pad=True)
    return due.append(" ").append_text(tag)


def _badge(card: Card, style: StyleOf) -> Text:
    """The grade, with what explains it: the value and difficulty it was given for."""
    badge = Text()
    if card.grade:
        badge.append(f" {card.grade} ", style(f"grade-{card.grade.lower()}"))
    if card.grade and card.value is not None and card.difficulty is not None:
        why = t("card.why", value=round(card.value), difficulty=round(card.difficulty))
        badge.append(" " + why, style("meta"))
    return badge


def _closed_lines(card: Card, style: StyleOf) -> list[Text]:
    """A won, lost or terminated card says so, and why; it no longer counts days or steps."""
    status = Text(
        " " + t(f"card.status.{card.status}"), style("overdue" if card.status != "won" else "today")
    )
    why = Text(" ")
    if card.status_reason:
        why.append_text(plain(t("card.reason", reason=card.status_reason), style("meta"), single_line=True))
    return [status, why, Text()]


def card_lines(card: Card, width: int, today: date, style: StyleOf) -> list[Text]:
    """Name with grade and why; days in stage and closeness; next step; its due date (a closed
    card: its outcome and reason instead)."""
    inner = max(1, width - 1)
    badge = _badge(card, style)
    name = plain(card.name, style("name"), single_line=True)
    name.truncate(max(1, inner - badge.cell_len - 1), overflow="ellipsis", pad=True)
    head = Text(" ").append_text(name).append(" ").append_text(badge)
    if card.closed:
        return [_fit(line, width) for line in (head, *_closed_lines(card, style))]

    facts = Text(" " + t("card.days", days=card.days_in_stage(today)), style("meta"))
    if card.status == "paused":
        facts = Text(" " + t("card.status.paused") + " · ", style("meta")).append_text(facts)
    if card.closeness is not None:
        facts.append("  ")
        facts.append(closeness_meter(card.closeness), style("meter"))
        facts.append(" " + t(f"closeness.{level(card.closeness)}"), style("meta"))

    step = Text(" → ", style("meta"))
    due = Text(" ")
    if card.next_step:
        step.append(one_line(card.next_step))
        assert card.next_due is not None
        if card.next_due < today:
            due.append(
                t("card.overdue", due=card.next_due.isoformat(), days=(today - card.next_due).days),
                style("overdue"),
            )
        elif card.next_due == today:
            due.append(t("card.due_today"), style("today"))
        else:
            due.append(t("card.due", due=card.next_due.isoformat()), style("meta"))
    else:
        step.append(t("card.no_next_step"), style("missing"))
    due = _with_tag(due, plan_tag(card, style), width, card.needs_plan)
    return [_fit(line, width) for line in (head, facts, step, due)]
