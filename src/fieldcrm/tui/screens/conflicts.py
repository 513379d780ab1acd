"""The team's conflicts (``c`` on the board, in team mode): each value that lost to a later edit
made without seeing it, with the value that won, who wrote each and when. ``r`` writes the kept
value again (a change of this laptop, synced at once), ``d`` leaves the value that won as it is.
Only its author or a manager may do either; the server says so otherwise. Every server call runs
in a worker; offline, the screen says so and changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from textual import on, work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen

from fieldcrm import clock
from fieldcrm.i18n import t
from fieldcrm.tui.keys import HasKeys, KeySpec, localized
from fieldcrm.tui.plain import PlainStatic, PlainTable
from fieldcrm.tui.screens.help import HelpScreen
from fieldcrm.tui.stylesheets import stylesheet
from fieldcrm.tui.widgets.footer import KeysFooter
from fieldcrm.untrusted import one_line

if TYPE_CHECKING:
    from fieldcrm.team.conflicts import Conflict
    from fieldcrm.tui.team_sync import Outcome

COLUMNS = ("account", "field", "kept", "won", "author", "winner", "at")
CELL = 40  # the widest a value is shown in the table (the full value is kept on the server)
DONE = {"restore": "team.restored", "dismiss": "team.dismissed"}


@dataclass
class ConflictsRead(Message):
    """What a worker brought from the server: the open conflicts, or how it failed."""

    conflicts: list[Conflict] | None
    outcome: Outcome
    act: str | None = None  # what was just done: "restore", "dismiss" (None: only read)
    conflict: int | None = None


def cell(value: Any) -> str:
    """A kept value as one short line."""
    from fieldcrm.team.conflicts import shown

    text = one_line(shown(value))
    return text if len(text) <= CELL else text[: CELL - 1] + "…"


class ConflictsScreen(Screen[bool], HasKeys):
    """The open conflicts on the accounts this member may see; dismissed with True when a value
    was restored here (the board reads it again)."""

    CSS_PATH = stylesheet("conflicts")
    AUTO_FOCUS = "#conflicts-table"
    KEYS = (
        KeySpec("conflicts.restore", "r", "restore"),
        KeySpec("conflicts.dismiss", "d", "dismiss_conflict"),
        KeySpec("conflicts.reload", "g", "reload"),
        KeySpec("conflicts.help", "question_mark", "help", key_display="?"),
        KeySpec("conflicts.back", "escape,q", "back"),
    )

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        self.conflicts: list[Conflict] = []
        self.restored = False

    def compose(self) -> ComposeResult:
        yield PlainStatic(t("conflicts.title"), id="conflicts-header")
        yield PlainStatic("", id="conflicts-note")
        yield PlainTable(id="conflicts-table", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one(PlainTable)
        for name in COLUMNS:
            table.add_column(t(f"conflicts.col.{name}"), key=name)
        self.action_reload()

    # -- the server, in workers ----------------------------------------------------------------

    def action_reload(self) -> None:
        self._note(t("conflicts.reading"))
        self._call(None, None)

    def action_restore(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            self._note(t("conflicts.working"))
            self._call("restore", chosen.id)

    def action_dismiss_conflict(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            self._note(t("conflicts.working"))
            self._call("dismiss", chosen.id)

    @work(thread=True, exclusive=True, group="team-sync", exit_on_error=False)
    def _call(self, act: str | None, conflict: int | None) -> None:
        from fieldcrm.team.conflicts import dismiss, open_conflicts, restore
        from fieldcrm.tui.team_sync import on_server

        def run(conn: Any) -> list[Conflict]:
            if act == "restore" and conflict is not None:
                restore(self.engine, conn, conflict, clock.now())
            elif act == "dismiss" and conflict is not None:
                dismiss(conn, conflict)
            return open_conflicts(conn)

        found, outcome = on_server(self.engine, run)
        self.post_message(ConflictsRead(found, outcome, act, conflict))

    @on(ConflictsRead)
    def _read(self, message: ConflictsRead) -> None:
        if message.conflicts is None:
            self._note(message.outcome.problem or t("conflicts.offline"))
            return
        if message.act is not None:
            self.restored = self.restored or message.act == "restore"
            self.notify(t(DONE[message.act], id=message.conflict), timeout=4)
        self.conflicts = message.conflicts
        table = self.query_one(PlainTable)
        table.clear()
        for c in self.conflicts:
            table.add_row(
                c.account and one_line(c.account), f"{c.kind}.{c.field}", cell(c.value), cell(c.now),
                one_line(c.author), one_line(c.winner), f"{c.at:%Y-%m-%d %H:%M}", key=str(c.id),
            )  # fmt: skip
        self._note(
            t("conflicts.count", count=len(self.conflicts)) if self.conflicts else t("team.no_conflicts")
        )

    def _chosen(self) -> Conflict | None:
        table = self.query_one(PlainTable)
        if not self.conflicts:
            self.app.bell()
            return None
        return self.conflicts[min(table.cursor_row, len(self.conflicts) - 1)]

    def _note(self, text: str) -> None:
        self.query_one("#conflicts-note", PlainStatic).update(text)

    def action_help(self) -> None:
        self.app.push_screen(localized(HelpScreen)(t("conflicts.title"), self.KEYS))

    def action_back(self) -> None:
        self.dismiss(self.restored)
