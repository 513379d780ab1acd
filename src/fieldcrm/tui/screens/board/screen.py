"""The pipeline board: five stage columns of account cards, driven by the keyboard.

The board reads through the database's reader (the standard library's sqlite3); the engine,
the ORM-backed store modules (``accounts``, ``facts``) and the account screen are made and
imported in a thread after the first paint, which needs none of SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input

from fieldcrm import clock
from fieldcrm.domain.stages import Stage
from fieldcrm.i18n import language, stage_name, stage_roles, t
from fieldcrm.store import board
from fieldcrm.store.board import Card
from fieldcrm.store.changes import Change
from fieldcrm.store.database import Database
from fieldcrm.tui.card_changes import CardKeys
from fieldcrm.tui.keys import HasKeys, localized
from fieldcrm.tui.next_steps import StepChanges
from fieldcrm.tui.plain import PlainStatic
from fieldcrm.tui.screens.board.changes import BoardChanges
from fieldcrm.tui.screens.board.filter_dialog import describe
from fieldcrm.tui.screens.board.keys import BOARD_KEYS
from fieldcrm.tui.screens.board.model import BoardModel
from fieldcrm.tui.screens.board.opens import BoardOpens
from fieldcrm.tui.screens.board.search import BoardSearch, SearchBox, SearchRead
from fieldcrm.tui.screens.board.team_views import TeamViews
from fieldcrm.tui.screens.board.views import BoardViews
from fieldcrm.tui.screens.help import HelpScreen
from fieldcrm.tui.widgets.footer import KeysFooter
from fieldcrm.tui.widgets.stage_column import StageColumn

if TYPE_CHECKING:
    from sqlalchemy import Engine

WARM_UP_DELAY = 0.2  # seconds after mount: let the first frame reach the terminal first


def _display_path(path: Path) -> str:
    """The database path as the user would type it (home folder as ~)."""
    try:
        return "~/" + str(path.expanduser().resolve().relative_to(Path.home()))
    except ValueError:
        return str(path)


class BoardScreen(CardKeys, Screen[None], HasKeys):
    """Home screen: the whole pipeline at a glance."""

    AUTO_FOCUS = None  # its stylesheet is the app's (tui.app: the board is the first screen)

    class WarmedUp(Message):
        """What the first change needs is imported: start-up is over. ``binding_ids``: the
        id of every binding of every screen (what a keymap may remap)."""

        def __init__(self, board: BoardScreen, binding_ids: frozenset[str]) -> None:
            super().__init__()
            self.board = board
            self.binding_ids = binding_ids

    KEYS = BOARD_KEYS

    def __init__(self, database: Database) -> None:
        super().__init__()
        self.database = database
        self.db_path = database.path
        self.model = BoardModel(database.reader, clock.today())
        self.stage = 1
        self.changes: BoardChanges = BoardChanges(self)
        self.steps = StepChanges(self)
        self.team = TeamViews(self)
        self.search = BoardSearch(self)
        self.views = BoardViews(self)
        self.opens = BoardOpens(self)
        self._header_text = ""

    def compose(self) -> ComposeResult:
        yield PlainStatic(id="board-header")
        yield SearchBox(id="search", placeholder=t("board.search_placeholder"))
        with Horizontal(id="columns"):
            for stage in Stage:
                yield StageColumn(stage, self.model.columns[stage], self.model.today, id=f"stage-{stage}")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.reload()
        self.set_timer(WARM_UP_DELAY, self._warm_up)

    @property
    def engine(self) -> Engine:
        """What every change and every other screen works through (made after the first frame)."""
        return self.database.engine

    @work(thread=True, group="warm-up")
    def _warm_up(self) -> None:
        """Make the engine and import what the first change will need while the user reads the
        board."""
        self.database.engine  # noqa: B018  (made on first use: SQLAlchemy is imported here)
        import fieldcrm.store.accounts
        import fieldcrm.store.facts
        import fieldcrm.tui.screens.account
        import fieldcrm.tui.team_sync  # noqa: F401
        from fieldcrm.tui.keys import all_binding_ids

        remapped = bool(getattr(self.app, "keymap", None))  # only then is every screen imported
        self.post_message(self.WarmedUp(self, all_binding_ids() if remapped else frozenset()))

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
        card: Card | None = None,
    ) -> None:
        """Re-read counts and the cards of ``stages`` (default all); select account ``select``
        (``card``: as it is now, when the caller has it; else it is read).

        ``moved=(from, to)``: one card changed stage, so counts shift instead of being re-read.
        """
        now = card if card is not None or select is None else board.card(self.database.reader, select)
        if moved is not None:
            self.model.moved(*moved, now)
            stages = moved
        else:
            self.model.refresh(stages, self.shown(stages))
        self.redraw(stages)
        if now is not None:
            self.select_card(now)
        self.update_header()

    def reload_kept(self) -> None:
        """Re-read everything (rows arrived from the team), the selected account kept."""
        self.team.load()  # the sync may have listed the team's members anew
        card = self.selected()
        self.reload(select=card.id if card is not None else None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The sync key exists only in team mode; whose views and hand-overs for a team's
        leads and managers."""
        if action in ("sync", "conflicts"):
            return getattr(self.app, "sync_status", None) is not None  # False: hidden
        if action in ("cycle_whose", "hand_over"):
            return self.team.team is not None and self.team.team.sees_others
        return True

    def action_cycle_whose(self) -> None:
        self.team.cycle()

    def action_hand_over(self) -> None:
        self.team.hand_over()

    def action_conflicts(self) -> None:
        from fieldcrm.tui.screens.conflicts import ConflictsScreen

        def back(restored: bool | None) -> None:
            if restored:
                self.reload_kept()

        self.app.push_screen(localized(ConflictsScreen)(self.engine), back)

    def action_sync(self) -> None:
        self.app.sync_now()  # type: ignore[attr-defined]

    def show_change(
        self, change: Change, stages: Iterable[int] | None = None, moved: tuple[int, int] | None = None
    ) -> None:
        """Redraw after a change, with the card the store returned (not read again)."""
        self.reload(select=change.account_id, stages=stages, moved=moved, card=change.card)

    def account_changed(self, account_id: int) -> None:
        """Redraw the account's column after a change of its rows (its card as it is now)."""
        now = board.card(self.database.reader, account_id)
        if now is None:
            self.reload()
        else:
            self.reload(select=account_id, stages=(now.stage,), card=now)

    def shown(self, stages: Iterable[int] | None = None) -> dict[int, int]:
        """The first card in view in each of ``stages`` (default all)."""
        return {stage: self.column(stage).top_index for stage in (Stage if stages is None else stages)}

    def redraw(self, stages: Iterable[int] | None = None) -> None:
        """Titles and counts of every column; the cards of ``stages`` (default all)."""
        touched = set(Stage if stages is None else stages)
        lang = language()
        for stage in Stage:
            col = self.column(stage)
            count = f" · {self.model.counts[stage]:,}"  # never cut: the name gives way first
            sort = self.model.columns[stage].sort
            if sort != "due":
                count += f" · {t(f'sort.{sort}')}"
            col.set_titles(f"{stage}. {stage_name(stage, lang)}", stage_roles(stage, lang), keep=count)
            col.empty_text = t("board.empty")
            col.current = stage == self.stage
            if stage in touched:
                col.reload()

    def select_card(self, card: Card) -> None:
        """Put the cursor on ``card`` (as it is now), in its column and in view."""
        if card.status not in self.model.filter.statuses:
            return
        self._set_stage(card.stage)
        col = self.column()
        col.cursor = min(self.model.index_of(card), max(0, col.source.count - 1))
        col.scroll_to_cursor()

    def update_header(self) -> None:
        parts = [t("app.title"), _display_path(self.db_path), describe(self.model.filter)]
        whose = self.team.current()
        if whose is not None:
            parts.append(t(f"whose.short.{whose}"))
        if self.model.overdue:
            parts.append(t("board.overdue_count", count=f"{self.model.overdue:,}"))  # as the columns' counts
        syncing = getattr(self.app, "sync_status", None)
        if syncing is not None:
            parts.append(syncing.header())
        daily = getattr(self.app, "daily_status", "")
        if daily:  # the day's check or backup of a large file, running
            parts.append(daily)
        parts.append(self.model.today.isoformat())
        text = "  ·  ".join(parts)
        header = self.query_one("#board-header", PlainStatic)
        if text != self._header_text:  # the header is one line high: no layout to redo
            self._header_text = text
            header.update(text, layout=False)

    def _set_stage(self, stage: int) -> None:
        if stage != self.stage:  # the same column stays current, and is not repainted for it
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
        self._set_stage(Stage.clamped(self.stage + delta))
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
        card = self.selected()
        if card is not None:
            self.open_account(card.id)

    def open_account(self, account_id: int) -> None:
        self.opens.account(account_id)

    def action_score(self) -> None:
        self.opens.scoring()

    def action_plan(self) -> None:
        self.opens.plan()

    def action_help(self) -> None:
        usable = tuple(k for k in self.KEYS if self.check_action(k.action, ()) is not False)
        self.app.push_screen(localized(HelpScreen)(t("board.title"), usable))

    # -- changes (board/changes.py) ---------------------------------------------------------

    def action_new_account(self) -> None:
        self.changes.new_account()

    def _selected_id(self) -> int | None:
        card = self.selected()
        return None if card is None else card.id

    def action_log_contact(self) -> None:
        self.steps.log(self._selected_id())

    def action_step_done(self) -> None:
        self._on_step(self.steps.done)

    def action_step_move(self) -> None:
        self._on_step(self.steps.move)

    def action_step_hand(self) -> None:
        self._on_step(self.steps.hand)

    def _on_step(self, act: Callable[..., None]) -> None:
        """``act`` on the selected card's open next step."""
        account_id = self._selected_id()
        if account_id is None:
            self.app.bell()
            return
        act(account_id=account_id)

    # -- search and filter -----------------------------------------------------------------

    def action_search(self) -> None:
        self.search.open()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.search.changed(event.value)

    @on(SearchRead)
    def _search_read(self, event: SearchRead) -> None:
        self.search.show(event.reading)

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.search.submitted()

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.search.escape():
            event.stop()

    def action_filter(self) -> None:
        self.views.filter()

    def action_cycle_sort(self) -> None:
        self.views.cycle_sort()

    def action_cycle_view(self) -> None:
        self.views.cycle_view()

    def action_agenda(self) -> None:
        self.opens.agenda()

    def action_report(self) -> None:
        self.opens.report()

    def action_export(self) -> None:
        self.opens.export()

    def action_import_prospects(self) -> None:
        self.opens.import_prospects()

    @work(thread=True, exclusive=True, group="demo")
    def load_demo(self) -> None:
        """Fill the empty database with demo data off the UI thread."""
        from fieldcrm.demo.generate import write_demo

        write_demo(self.engine, accounts=60, seed=7, lang=language(), force=False)
        self.app.call_from_thread(self.reload)
