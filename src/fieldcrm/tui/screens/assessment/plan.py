"""The development plan (开发程序) of one account: steps added, edited, completed and reordered."""

from __future__ import annotations

from rich.text import Text
from sqlalchemy import Engine
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen

from fieldcrm import clock
from fieldcrm.i18n import t
from fieldcrm.store import plan
from fieldcrm.store.accounts import get_account
from fieldcrm.store.models import PlanTask, PlanTaskCreate
from fieldcrm.store.models.plan import PlanTaskFields
from fieldcrm.store.team_view import team_of
from fieldcrm.tui.dialog import ConfirmDialog
from fieldcrm.tui.keys import HasKeys, KeySpec, localized
from fieldcrm.tui.plain import PlainStatic, PlainTable, plain
from fieldcrm.tui.screens.assessment.common import STYLES
from fieldcrm.tui.screens.assessment.plan_dialog import PlanTaskDialog
from fieldcrm.tui.screens.help import HelpScreen
from fieldcrm.tui.widgets.footer import KeysFooter

COLUMNS = (
    "plan.col.number",
    "plan.col.done",
    "plan.field.step",
    "plan.field.task",
    "plan.field.support",
    "plan.field.owner_role",
    "plan.field.due_on",
)


class PlanScreen(Screen[bool], HasKeys):
    """One account's plan steps in order; dismisses with True if anything changed."""

    CSS_PATH = STYLES
    COMPONENT_CLASSES = {"plan--done", "plan--overdue"}

    KEYS = (
        KeySpec("plan.next", "j", "cursor(1)", show=False),
        KeySpec("plan.previous", "k", "cursor(-1)", show=False),
        KeySpec("plan.add", "a", "add"),
        KeySpec("plan.edit", "e,enter", "edit"),
        KeySpec("plan.done", "space,d", "toggle_done", key_display="d"),
        KeySpec("plan.move_up", "shift+up,K", "move(-1)", key_display="K"),
        KeySpec("plan.move_down", "shift+down,J", "move(1)", key_display="J"),
        KeySpec("plan.delete", "D,delete", "delete", key_display="D"),
        KeySpec("plan.help", "question_mark", "help", key_display="?"),
        KeySpec("plan.back", "escape,q", "back"),
    )

    def __init__(self, engine: Engine, account_id: int) -> None:
        super().__init__()
        self.engine = engine
        self.account_id = account_id
        self.account = get_account(engine, account_id)
        self.tasks: list[PlanTask] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        parts = [t("plan.title"), self.account.name if self.account else t("board.gone")]
        if self.account and self.account.grade:
            parts.append(t("plan.grade", grade=self.account.grade))
        yield PlainStatic(" · ".join(parts), id="plan-title")
        yield PlainStatic(id="plan-status")
        table: PlainTable = PlainTable(id="plan", cursor_type="row", zebra_stripes=True)
        table.add_columns(*(t(key) for key in COLUMNS))
        yield table
        yield KeysFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(self.reload)  # once this screen's styles are in place

    def table(self) -> PlainTable:
        return self.query_one("#plan", PlainTable)

    def reload(self, select: int | None = None) -> None:
        """Re-read the steps; keep the cursor on step ``select`` (else where it was)."""
        table = self.table()
        row = table.cursor_row
        self.tasks = plan.tasks_of(self.engine, self.account_id)
        table.clear()
        today = clock.today()
        done_style = self.get_component_rich_style("plan--done", partial=True)
        late_style = self.get_component_rich_style("plan--overdue", partial=True)
        for i, task in enumerate(self.tasks, 1):
            style = done_style if task.done else None
            due = Text(task.due_on.isoformat() if task.due_on else "", style or "")
            if task.due_on and not task.done and task.due_on < today:
                due = Text(t("plan.overdue", due=task.due_on.isoformat()), late_style)
            cells = (
                str(i),
                "✓" if task.done else "",
                task.step,
                task.task or "",
                task.support or "",
                " · ".join(filter(None, (task.owner_role, task.assignee))),
            )
            table.add_row(*(plain(c, style or "") for c in cells), due, key=str(task.id))
            if task.id == select:
                row = i - 1
        if self.tasks:
            table.move_cursor(row=min(row, len(self.tasks) - 1))
        self._status()

    def _status(self) -> None:
        done = sum(1 for task in self.tasks if task.done)
        grade = self.account.grade if self.account else None
        status = self.query_one("#plan-status", PlainStatic)
        if not self.tasks:
            key = "plan.flag_no_plan" if grade == "A" else "plan.empty"
            status.update(t(key))
        else:
            status.update(t("plan.progress", done=done, total=len(self.tasks)))
        status.set_class(grade == "A" and not self.tasks, "-flag")

    def selected(self) -> PlanTask | None:
        if not self.tasks:
            self.app.bell()
            return None
        return self.tasks[self.table().cursor_row]

    # -- actions ---------------------------------------------------------------------------

    def _changed(self, select: int | None) -> None:
        self.changed = True
        self.reload(select)

    def action_cursor(self, delta: int) -> None:
        table = self.table()
        table.move_cursor(row=table.cursor_row + delta)

    def action_add(self) -> None:
        if self.account is None:
            return

        def added(data: PlanTaskFields | None) -> None:
            if data is not None:
                task = plan.add_task(
                    self.engine, PlanTaskCreate(account_id=self.account_id, **data.model_dump())
                )
                self._changed(task.id)

        self.app.push_screen(localized(PlanTaskDialog)(None, self._members()), added)

    @on(PlainTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        task = self.selected()
        if task is None or task.id is None:
            return
        task_id = task.id

        def edited(data: PlanTaskFields | None) -> None:
            if data is not None:
                plan.update_task(self.engine, task_id, data)
                self._changed(task_id)

        self.app.push_screen(localized(PlanTaskDialog)(task, self._members()), edited)

    def _members(self) -> tuple[str, ...]:
        """In team mode, whom a step can be given to: the members this laptop knows."""
        team = team_of(self.engine)
        return team.members if team else ()

    def action_toggle_done(self) -> None:
        task = self.selected()
        if task is not None and task.id is not None:
            plan.set_done(self.engine, task.id, not task.done)
            self._changed(task.id)

    def action_move(self, delta: int) -> None:
        task = self.selected()
        if task is not None and task.id is not None and plan.move_task(self.engine, task.id, delta):
            self._changed(task.id)

    def action_delete(self) -> None:
        task = self.selected()
        if task is None or task.id is None:
            return
        task_id = task.id

        def answered(yes: bool | None) -> None:
            if yes:
                plan.delete_task(self.engine, task_id)
                self._changed(None)

        self.app.push_screen(
            localized(ConfirmDialog)(
                t("plan.delete_title"),
                t("plan.delete_text", step=task.step),
                t("plan.delete_yes"),
                t("plan.delete_no"),
            ),
            answered,
        )

    def action_help(self) -> None:
        self.app.push_screen(localized(HelpScreen)(t("plan.title"), self.KEYS))

    def action_back(self) -> None:
        self.dismiss(self.changed)
