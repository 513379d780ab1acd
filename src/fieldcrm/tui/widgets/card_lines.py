"""The lines of one account card, as Rich text sized to the column (double-width safe)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.cells import cell_len
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


NAME_CELLS = 12  # the name keeps at least this much room before the grade's explanation shows


def _badge(card: Card, style: StyleOf, room: int) -> Text:
    """The grade, with what explains it (the value and difficulty it was given for) when the
    name keeps NAME_CELLS of the ``room`` beside it."""
    badge = Text()
    if card.grade:
        badge.append(f" {card.grade} ", style(f"grade-{card.grade.lower()}"))
    if card.grade and card.value is not None and card.difficulty is not None:
        why = " " + t("card.why", value=round(card.value), difficulty=round(card.difficulty))
        if room - badge.cell_len - cell_len(why) - 1 >= NAME_CELLS:
            badge.append(why, style("meta"))
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


def split_at_cells(text: str, cells: int) -> tuple[str, str]:
    """``text`` cut to at most ``cells`` terminal cells, and the rest: at the last space when
    one falls in the second half of the line, else at a character (double-width safe)."""
    if cell_len(text) <= cells:
        return text, ""
    used, cut = 0, 0
    for index, char in enumerate(text):
        width = cell_len(char)
        if used + width > cells:
            break
        used, cut = used + width, index + 1
    space = text.rfind(" ", 0, cut + 1)
    if space > cut // 2:
        return text[:space], text[space + 1 :]
    return text[:cut], text[cut:]


def _due(card: Card, today: date, style: StyleOf) -> Text:
    """How pressing the next step is: overdue by how long, due today, or its date."""
    if not card.next_step or card.next_due is None:
        return Text(t("card.no_next_step"), style("missing"))
    if card.next_due < today:
        return Text(t("card.overdue_by", days=(today - card.next_due).days), style("overdue"))
    if card.next_due == today:
        return Text(t("card.due_today"), style("today"))
    return Text(t("card.due", due=card.next_due.isoformat()), style("meta"))


def card_lines(card: Card, width: int, today: date, style: StyleOf) -> list[Text]:
    """Name with grade and why; how pressing the next step is and the days in stage; the next
    step over two lines when it needs them, else closeness (a closed card: its outcome and
    reason instead). The plan tag sits at the right of the last line."""
    inner = max(1, width - 1)
    badge = _badge(card, style, inner)
    name = plain(card.name, style("name"), single_line=True)
    name.truncate(max(1, inner - badge.cell_len - 1), overflow="ellipsis", pad=True)
    head = Text(" ").append_text(name).append(" ").append_text(badge)
    if card.closed:
        return [_fit(line, width) for line in (head, *_closed_lines(card, style))]

    facts = Text(" ").append_text(_due(card, today, style))
    days = t("card.days_short", days=card.days_in_stage(today))
    if card.status == "paused":
        days = t("card.status.paused") + " · " + days
    facts.append(" · " + days, style("meta"))

    step = Text(" → ", style("meta"))
    last = Text("   ")
    if card.next_step:
        first, rest = split_at_cells(one_line(card.next_step), max(1, inner - 3))
        step.append(first)
        last.append(rest)
    if not last.plain.strip() and card.closeness is not None:
        last = Text(" ").append(closeness_meter(card.closeness), style("meter"))
        last.append(" " + t(f"closeness.{level(card.closeness)}"), style("meta"))
    tag = plan_tag(card, style)
    if card.owner:  # in team mode, another member's account: whose, always shown
        plan, tag = tag, Text()
        tag.append(one_line(card.owner), style("name"))
        if plan:
            tag.append(" · ", style("meta")).append_text(plan)
    last = _with_tag(last, tag, width, card.needs_plan or bool(card.owner))
    return [_fit(line, width) for line in (head, facts, step, last)]
