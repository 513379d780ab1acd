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


def card_lines(card: Card, width: int, today: date, style: StyleOf) -> list[Text]:
    """Name with grade and score; days in stage and closeness; next step; its due date."""
    inner = max(1, width - 1)
    badge = Text()
    if card.grade:
        badge.append(f" {card.grade} ", style(f"grade-{card.grade.lower()}"))
    if card.score is not None:
        badge.append(f" {round(card.score)}", style("meta"))
    name = plain(card.name, style("name"), single_line=True)
    name.truncate(max(1, inner - badge.cell_len - 1), overflow="ellipsis", pad=True)
    head = Text(" ").append_text(name).append(" ").append_text(badge)

    facts = Text(" " + t("card.days", days=card.days_in_stage(today)), style("meta"))
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
