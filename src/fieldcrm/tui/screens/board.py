"""The pipeline board: five stage columns of account cards, driven by the keyboard.

The ORM-backed store modules (``accounts``, ``facts``) and the account screen are imported
where they are used, and warmed up in a thread after the first paint: the board's first
frame needs only SQLAlchemy Core.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from fieldcrm import clock
from fieldcrm.domain.gates import exit_checklist
from fieldcrm.domain.stages import STAGES, Stage, Status
from fieldcrm.i18n import language, t
from fieldcrm.store import board
from fieldcrm.store.board import Card
from fieldcrm.store.changes import AccountGone, Change
from fieldcrm.tui.board_model import BoardModel
from fieldcrm.tui.keys import HasKeys, KeySpec, localized
from fieldcrm.tui.screens.dialogs import CloseDialog, GateDialog, NewAccountDialog
from fieldcrm.tui.screens.filter_dialog import VIEWS, FilterDialog, describe, view_of
from fieldcrm.tui.screens.help import HelpScreen
from fieldcrm.tui.widgets.stage_column import StageColumn

UNDO_DEPTH = 50
WARM_UP_DELAY = 0.2  # seconds after mount: let the first frame reach the terminal first
_VIEW_CYCLE = ("active", "paused", "closed", "all")


def _display_path(path: Path) -> str:
    """The database path as the user would type it (home folder as ~)."""
    try:
        return "~/" + str(path.expanduser().resolve().relative_to(Path.home()))
    except ValueError:
        return str(path)


class BoardScreen(Screen[None], HasKeys):
    """Home screen: the whole pipeline at a glance."""

    AUTO_FOCUS = None

    class WarmedUp(Message):
        """What the first change needs is imported: start-up is over."""

    KEYS = (
        KeySpec("board.down", "down,j", "cursor(1)", "Next card", "下一张卡片", show=False),
        KeySpec("board.up", "up,k", "cursor(-1)", "Previous card", "上一张卡片", show=False),
        KeySpec("board.left", "left,h", "column(-1)", "Previous column", "上一列", show=False),
        KeySpec("board.right", "right,l", "column(1)", "Next column", "下一列", show=False),
        KeySpec("board.home", "home", "jump(0)", "First card", "第一张", show=False),
        KeySpec("board.end", "end", "jump(-1)", "Last card", "最后一张", show=False),
        KeySpec("board.pageup", "pageup", "page(-1)", "Page up", "上一页", show=False),
        KeySpec("board.pagedown", "pagedown", "page(1)", "Page down", "下一页", show=False),
        KeySpec(
            "board.open",
            "enter",
            "open_account",
            "Open",
            "打开",
            long_en="Open the account",
            long_zh="打开客户",
        ),
        KeySpec(
            "board.next_stage",
            "right_square_bracket,shift+right",
            "move(1)",
            "Next stage",
            "推进",
            key_display="]",
            long_en="Move to the next stage (checks the exit criteria)",
            long_zh="推进到下一阶段（检查完成标准）",
        ),
        KeySpec(
            "board.prev_stage",
            "left_square_bracket,shift+left",
            "move(-1)",
            "Previous stage",
            "退回",
            key_display="[",
            long_en="Move back to the previous stage",
            long_zh="退回上一阶段",
        ),
        KeySpec(
            "board.new",
            "n",
            "new_account",
            "New",
            "新建",
            long_en="New account (into Prospect)",
            long_zh="新建客户（进入确定开发对象）",
        ),
        KeySpec(
            "board.search",
            "slash",
            "search",
            "Search",
            "搜索",
            key_display="/",
            long_en="Search account names and people",
            long_zh="搜索客户名称和联系人",
        ),
        KeySpec(
            "board.filter",
            "f",
            "filter",
            "Filter",
            "筛选",
            long_en="Filter by grade, overdue next step, stalled accounts",
            long_zh="按评级、逾期、停滞筛选",
        ),
        KeySpec(
            "board.view",
            "v",
            "cycle_view",
            "View",
            "视图",
            long_en="Switch view: active, paused, closed, all",
            long_zh="切换视图：进行中、暂缓、已结束、全部",
        ),
        KeySpec(
            "board.terminate",
            "t",
            "terminate",
            "End",
            "终止",
            long_en="Terminate or mark lost (a reason is required)",
            long_zh="终止或标记丢单（须填写原因）",
        ),
        KeySpec(
            "board.pause",
            "p",
            "pause",
            "Pause",
            "暂缓",
            long_en="Pause or resume the account",
            long_zh="暂缓或恢复客户",
        ),
        KeySpec(
            "board.won",
            "w",
            "won",
            "Won",
            "成交",
            long_en="Mark won (from Close; checks its criteria)",
            long_zh="标记成交（在促成合作阶段，检查完成标准）",
        ),
        KeySpec(
            "board.score",
            "s",
            "score",
            "Score",
            "评估",
            long_en="Value assessment: score the seven factors, grade the account",
            long_zh="价值评估：七项要素评分并评级",
        ),
        KeySpec(
            "board.plan",
            "P",
            "plan",
            "Plan",
            "开发程序",
            long_en="The account's development plan",
            long_zh="客户的开发程序",
        ),
        KeySpec(
            "board.agenda",
            "a",
            "agenda",
            "Agenda",
            "日程",
            long_en="Agenda: overdue and due next steps, plan steps, birthdays, stalled accounts",
            long_zh="日程：逾期和到期的下一步、开发程序步骤、生日、停滞客户",
        ),
        KeySpec(
            "board.report",
            "r",
            "report",
            "Report",
            "报表",
            long_en="Pipeline report: conversion, time in stage, outcomes, effort by grade",
            long_zh="开发报表：转化率、阶段停留时间、成交与丢单、按评级的投入",
        ),
        KeySpec(
            "board.export",
            "x",
            "export",
            "Export",
            "导出",
            show=False,
            long_en="Export to CSV: pipeline, people, agenda, report…",
            long_zh="导出为 CSV：客户汇总、人员、日程、报表等",
        ),
        KeySpec(
            "board.import",
            "i",
            "import_prospects",
            "Import",
            "导入",
            show=False,
            long_en="Import prospects from a CSV into Prospect",
            long_zh="从 CSV 导入潜在客户到确定开发对象",
        ),
        KeySpec(
            "board.undo",
            "u,ctrl+z",
            "undo",
            "Undo",
            "撤销",
            long_en="Undo the last board change",
            long_zh="撤销上一次看板操作",
        ),
        KeySpec(
            "board.help",
            "question_mark",
            "help",
            "Help",
            "帮助",
            key_display="?",
            long_en="Show every key of this screen",
            long_zh="显示本屏所有按键",
        ),
        KeySpec("board.quit", "q,ctrl+q", "app.quit", "Quit", "退出"),
    )

    def __init__(self, engine: Engine, db_path: Path) -> None:
        super().__init__()
        self.engine = engine
        self.db_path = db_path
        self.model = BoardModel(engine, clock.today())
        self.stage = 1
        self.undo_stack: list[Change] = []
        self._header_text = ""

    def compose(self) -> ComposeResult:
        yield Static(id="board-header")
        yield Input(id="search", placeholder=t("board.search_placeholder"), disabled=True)
        with Horizontal(id="columns"):
            for stage in Stage:
                yield StageColumn(stage, self.model.columns[stage], self.model.today, id=f"stage-{stage}")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.set_timer(WARM_UP_DELAY, self._warm_up)

    @work(thread=True, group="warm-up")
    def _warm_up(self) -> None:
        """Import what the first change will need while the user reads the board."""
        import fieldcrm.store.accounts
        import fieldcrm.store.facts
        import fieldcrm.tui.screens.account  # noqa: F401

        self.post_message(self.WarmedUp())

    # -- drawing ---------------------------------------------------------------------------

    def column(self, stage: int | None = None) -> StageColumn:
        return self.query_one(f"#stage-{stage or self.stage}", StageColumn)

    def selected(self) -> Card | None:
        return self.column().selected()

    def reload(
        self,
        select: int | None = None,
        stages: Iterable[int] | None = None,
        moved: tuple[int, int] | None = None,
    ) -> None:
        """Re-read counts and the cards of ``stages`` (default all); select account ``select``.

        ``moved=(from, to)``: one card changed stage, so counts shift instead of being re-read.
        """
        if moved is not None:
            self.model.moved(*moved)
            stages = moved
        else:
            self.model.refresh(stages)
        touched = set(Stage if stages is None else stages)
        lang = language()
        for stage in Stage:
            col = self.column(stage)
            info = STAGES[stage]
            col.border_title = f"{stage}. {info.name(lang)} · {self.model.counts[stage]:,}"
            col.border_subtitle = info.roles(lang)
            col.empty_text = t("board.empty")
            col.current = stage == self.stage
            if stage in touched:
                col.reload()
        if select is not None:
            self._select_account(select)
        self._update_header()

    def _select_account(self, account_id: int) -> None:
        card = board.card(self.engine, account_id)
        if card is None or card.status not in self.model.filter.statuses:
            return
        self._set_stage(card.stage)
        col = self.column()
        col.cursor = min(self.model.index_of(card), max(0, col.source.count - 1))
        col.scroll_to_cursor()

    def _update_header(self) -> None:
        parts = [t("app.title"), _display_path(self.db_path), describe(self.model.filter)]
        if self.model.overdue:
            parts.append(t("board.overdue_count", count=self.model.overdue))
        parts.append(self.model.today.isoformat())
        text = "  ·  ".join(parts)
        header = self.query_one("#board-header", Static)
        if text != self._header_text:  # the header is one line high: no layout to redo
            self._header_text = text
            header.update(text, layout=False)

    def _set_stage(self, stage: int) -> None:
        self.column().current = False
        self.stage = stage
        self.column().current = True

    @on(StageColumn.CardClicked)
    def _clicked(self, event: StageColumn.CardClicked) -> None:
        self._set_stage(event.stage)
        self.column().cursor = event.index

    # -- navigation ------------------------------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        self.column().move_cursor(delta)

    def action_column(self, delta: int) -> None:
        row = self.column().cursor
        self._set_stage(min(max(1, self.stage + delta), 5))
        col = self.column()
        col.cursor = min(row, max(0, col.source.count - 1))
        col.scroll_to_cursor()

    def action_jump(self, where: int) -> None:
        col = self.column()
        col.move_cursor(-col.cursor if where == 0 else col.source.count)

    def action_page(self, direction: int) -> None:
        col = self.column()
        col.move_cursor(direction * col.page_size)

    def action_open_account(self) -> None:
        from fieldcrm.tui.screens.account import AccountScreen

        card = self.selected()
        if card is not None:
            self.app.push_screen(
                localized(AccountScreen)(self.engine, card.id), lambda _: self.reload(select=card.id)
            )

    def action_score(self) -> None:
        from fieldcrm.tui.screens.assessment import ScoringScreen

        self._open_for_card(ScoringScreen)

    def action_plan(self) -> None:
        from fieldcrm.tui.screens.assessment import PlanScreen

        self._open_for_card(PlanScreen)

    def _open_for_card(self, screen: type[Screen[bool]]) -> None:
        """Open ``screen(engine, account_id)`` on the selected card; redraw if it saved."""
        card = self.selected()
        if card is None:
            self.app.bell()
            return

        def closed(saved: bool | None) -> None:
            if saved:
                self.reload(select=card.id)

        self.app.push_screen(localized(screen)(self.engine, card.id), closed)  # type: ignore[call-arg]

    def action_help(self) -> None:
        self.app.push_screen(localized(HelpScreen)(t("board.title"), self.KEYS))

    # -- search and filter -----------------------------------------------------------------

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.disabled = False
        box.add_class("-visible")
        box.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.model.filter = replace(self.model.filter, search=event.value)
        self.reload()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        box = self.query_one("#search", Input)
        if not box.value:
            self._hide_search(box)
        self.set_focus(None)

    def _hide_search(self, box: Input) -> None:
        box.remove_class("-visible")
        box.disabled = True

    def on_key(self, event) -> None:  # type: ignore[no-untyped-def]
        box = self.query_one("#search", Input)
        if event.key == "escape" and box.has_focus:
            event.stop()
            box.value = ""
            self._hide_search(box)
            self.set_focus(None)

    def action_filter(self) -> None:
        def apply(result: board.BoardFilter | None) -> None:
            if result is not None:
                self.model.filter = result
                self.reload()

        self.app.push_screen(localized(FilterDialog)(self.model.filter), apply)

    def action_cycle_view(self) -> None:
        current = view_of(self.model.filter.statuses)
        following = _VIEW_CYCLE[(_VIEW_CYCLE.index(current) + 1) % len(_VIEW_CYCLE)]
        self.model.filter = replace(self.model.filter, statuses=VIEWS[following])
        self.reload()
        self.notify(t(f"view.{following}"), timeout=2)

    # -- changes ---------------------------------------------------------------------------

    def _active_card(self) -> Card | None:
        card = self.selected()
        if card is None:
            self.app.bell()
        elif card.status != Status.ACTIVE:
            self.notify(t("board.only_active"), severity="warning")
            return None
        return card

    def action_move(self, direction: int) -> None:
        card = self._active_card()
        if card is None:
            return
        target = Stage(card.stage).next() if direction > 0 else Stage(card.stage).previous()
        if target is None:
            self.notify(t("board.no_further" if direction > 0 else "board.no_back"), severity="warning")
            return
        from fieldcrm.store import accounts

        moved = (card.stage, int(target))
        if direction < 0:
            self._apply(lambda: accounts.move_stage(self.engine, card.id, target), card.id, moved, moved=True)
            return
        self._through_gate(
            card,
            lambda missing: accounts.move_stage(self.engine, card.id, target, overridden=missing),
            moved,
            moved=True,
        )

    def _through_gate(
        self, card: Card, change: Callable[[list[str]], Change], stages: tuple[int, ...], moved: bool = False
    ) -> None:
        """Check the stage's exit checklist; ask before overriding what is missing."""
        from fieldcrm.store.facts import account_facts

        items = exit_checklist(account_facts(self.engine, card.id))
        missing = [i.key for i in items if not i.met]
        if not missing:
            self._apply(lambda: change([]), card.id, stages, moved)
            return

        def decided(override: bool | None) -> None:
            if override:
                self._apply(lambda: change(missing), card.id, stages, moved)

        title = t("gate.title", name=card.name, stage=STAGES[Stage(card.stage)].name(language()))
        self.app.push_screen(localized(GateDialog)(title, [(i.key, i.met) for i in items]), decided)

    def _apply(
        self, change: Callable[[], Change], account_id: int, stages: tuple[int, ...], moved: bool = False
    ) -> None:
        """Run one change (one transaction), remember it for undo, redraw the columns it touched.

        ``moved``: the change moved the card from ``stages[0]`` to ``stages[1]``.
        """
        try:
            done = change()
        except AccountGone:
            self.notify(t("board.gone"), severity="error")
            self.reload()
            return
        self.undo_stack = [*self.undo_stack[-(UNDO_DEPTH - 1) :], done]
        if moved:
            self.reload(select=account_id, moved=(stages[0], stages[1]))
        else:
            self.reload(select=account_id, stages=stages)

    def action_terminate(self) -> None:
        from fieldcrm.store import accounts

        card = self._active_card()
        if card is None:
            return

        def closed(result: tuple[Status, str] | None) -> None:
            if result is not None:
                status, reason = result
                self._apply(
                    lambda: accounts.set_status(self.engine, card.id, status, reason), card.id, (card.stage,)
                )

        self.app.push_screen(localized(CloseDialog)(card.name), closed)

    def action_pause(self) -> None:
        card = self.selected()
        if card is None:
            self.app.bell()
            return
        if card.status not in (Status.ACTIVE, Status.PAUSED):
            self.notify(t("board.pause_only"), severity="warning")
            return
        from fieldcrm.store import accounts

        status = Status.PAUSED if card.status == Status.ACTIVE else Status.ACTIVE
        self._apply(lambda: accounts.set_status(self.engine, card.id, status), card.id, (card.stage,))
        self.notify(t(f"board.{status.value}_done", name=card.name), timeout=3)

    def action_won(self) -> None:
        from fieldcrm.store import accounts

        card = self._active_card()
        if card is None:
            return
        if card.stage != Stage.CLOSE:
            self.notify(t("board.won_only_close"), severity="warning")
            return
        self._through_gate(
            card,
            lambda missing: accounts.set_status(self.engine, card.id, Status.WON, overridden=missing),
            (card.stage,),
        )

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify(t("board.nothing_to_undo"), severity="warning")
            return
        from fieldcrm.store import accounts

        change = self.undo_stack.pop()
        try:
            accounts.undo(self.engine, change)
        except AccountGone:
            self.notify(t("board.gone"), severity="error")
        self.reload(select=change.account_id)
        self.notify(t("board.undone"), timeout=2)

    def action_new_account(self) -> None:
        from fieldcrm.store import accounts

        def created(data: object) -> None:
            if data is not None:
                account = accounts.create_account(self.engine, data)  # type: ignore[arg-type]
                assert account.id is not None
                self.reload(select=account.id, stages=(Stage.PROSPECT,))
                self.notify(t("board.created", name=account.name), timeout=3)

        self.app.push_screen(localized(NewAccountDialog)(), created)

    def action_agenda(self) -> None:
        from fieldcrm.tui.screens.agenda import AgendaScreen

        self.app.push_screen(localized(AgendaScreen)(self.engine), lambda _: self.reload())

    def action_report(self) -> None:
        from fieldcrm.tui.screens.report import ReportScreen

        self.app.push_screen(localized(ReportScreen)(self.engine))

    def action_export(self) -> None:
        from fieldcrm.tui.screens.transfer import ExportDialog

        self.app.push_screen(localized(ExportDialog)(self.engine))

    def action_import_prospects(self) -> None:
        from fieldcrm.tui.screens.transfer import ImportDialog

        def closed(written: object) -> None:
            if written:
                self.reload(stages=(Stage.PROSPECT,))

        self.app.push_screen(localized(ImportDialog)(self.engine), closed)

    @work(thread=True, exclusive=True, group="demo")
    def load_demo(self) -> None:
        """Fill the empty database with demo data off the UI thread."""
        from fieldcrm.demo.generate import write_demo

        write_demo(self.engine, accounts=60, seed=7, lang=language(), force=False)
        self.app.call_from_thread(self.reload)
