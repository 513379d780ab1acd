"""The record pane (时间线): everything that happened at the account, newest first, with who
it concerned; gate overrides name what was missing."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll

from fieldcrm.i18n import ladder_name, stage_name, t
from fieldcrm.store.account_view import AccountView
from fieldcrm.store.timeline import Happening, timeline
from fieldcrm.tui.plain import PlainStatic, PlainTable
from fieldcrm.tui.screens.account.names import DASH, clip, label
from fieldcrm.tui.screens.account.tables import keep_cursor, selected_key
from fieldcrm.untrusted import one_line, visible

WHAT_CELLS = 70
WHO_CELLS = 16


def _stage(n: int | None) -> str:
    return stage_name(n) if n else DASH


def overrides_text(items: list[tuple[str, tuple[str, ...]]]) -> str:
    """The gate items an override passed, the insider's with the points it lacked."""
    parts = []
    for key, lacked in items:
        text = t(f"gate.{key}")
        if lacked:
            text += " (" + t("list.sep").join(label(f"qualification.{q}") for q in lacked) + ")"
        parts.append(text)
    return t("list.sep").join(parts)


def describe(h: Happening) -> str:
    """One happening in words."""
    f: dict[str, Any] = h.facts
    if h.kind == "event.moved":
        text = t("record.moved", before=_stage(f["from_stage"]), after=_stage(f["to_stage"]))
    elif h.kind in ("event.status", "event.undo", "event.created"):
        text = t(
            f"record.{h.kind.split('.')[1]}",
            status=t(f"status.{f['to_status']}"),
            stage=_stage(f["to_stage"]),
        )
        if f["reason"] and f["to_status"] != "active":
            text += " · " + t("record.reason", reason=f["reason"])
    elif h.kind == "ladder":
        text = t("record.ladder", step=ladder_name(f["step"]))
    elif h.kind == "assessment":
        if f["grade"] is None:
            text = t("record.no_grade")
        elif f["before"] is not None and f["before"] != f["grade"]:
            text = t("record.regraded", before=f["before"], grade=f["grade"])
        else:
            text = t(
                "record.graded", grade=f["grade"], total=f"{f['total']:g}" if f["total"] is not None else DASH
            )
    elif h.kind == "review":
        text = t("record.review", net=f"{f['net']:+d}", penetration=f["penetration"])
    elif h.kind == "stance":
        text = t(
            "record.stance" if f["influence_before"] != f["influence"] else "forces.stance_move",
            before=t(f"stance.{f['stance_before']}"),
            after=t(f"stance.{f['stance']}"),
            influence_before=f["influence_before"],
            influence=f["influence"],
        )
    elif h.kind == "contact":
        text = t("record.contact", kind=t(f"kind.{f['kind']}"), summary=f["summary"])
        if f["minutes"]:
            text += " · " + t("record.minutes", minutes=f["minutes"])
    elif h.kind == "milestone":
        text = t("record.milestone", item=t(f"milestone.{f['item']}"))
    else:  # material
        text = t("record.material", what=f["what"])
    if f.get("overrides"):
        text += " · " + t("record.override", items=overrides_text(f["overrides"]))
    if f.get("note"):
        text += " · " + f["note"]
    return text


class RecordPane(Vertical):
    """The account's record as a table, newest first, the selected line in full beneath."""

    happenings: list[Happening] = []

    def compose(self) -> ComposeResult:
        yield PlainStatic(t("record.intro"), classes="muted")
        yield PlainTable(id="record-table", cursor_type="row")
        with VerticalScroll(id="record-detail"):
            yield PlainStatic(id="record-text")

    def on_mount(self) -> None:
        table = self.query_one("#record-table", PlainTable)
        for key in ("record.day", "record.what", "record.who"):
            table.add_column(t(key), key=key)

    def focus_main(self) -> None:
        self.query_one("#record-table").focus()

    def show(self, data: AccountView) -> None:
        table = self.query_one("#record-table", PlainTable)
        self.happenings = timeline(data)
        if any(h.by for h in self.happenings) and "record.by" not in table.columns:
            table.add_column(t("record.by"), key="record.by")  # in team mode: which member
        by = "record.by" in table.columns
        with keep_cursor(table):
            for n, h in enumerate(self.happenings):
                who = clip(h.person, WHO_CELLS) if h.person else DASH
                member = ((clip(h.by, WHO_CELLS) if h.by else DASH),) if by else ()
                table.add_row(h.day.isoformat(), clip(describe(h), WHAT_CELLS), who, *member, key=str(n))
        self._show_selected()

    @on(PlainTable.RowHighlighted, "#record-table")
    def _show_selected(self) -> None:
        key = selected_key(self.query_one("#record-table", PlainTable))
        h = self.happenings[int(key)] if key is not None else None
        text = Text(t("record.none"), style="dim") if h is None else Text(visible(describe(h)))
        if h is not None and h.person:
            text = Text.assemble((visible(h.person) + "  ", "bold"), text)
        if h is not None and h.by:
            text.append("  ·  " + t("record.done_by", login=one_line(h.by)), style="dim")
        self.query_one("#record-text", PlainStatic).update(text)
