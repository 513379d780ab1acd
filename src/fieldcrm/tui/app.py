"""The fieldcrm Textual app: opens the board, offers demo data on first run."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import events, work
from textual.actions import ActionParseResult, parse
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.screen import Screen

from fieldcrm.config import SYNC_MINUTES, ConfigError, load_keymap, load_sync_minutes
from fieldcrm.i18n import set_language, t
from fieldcrm.runtime.collector import settle
from fieldcrm.runtime.crash import STORAGE, Failure, failure_of, storage_fault
from fieldcrm.runtime.signals import exit_code, on_termination
from fieldcrm.store.changes import Undoable
from fieldcrm.store.database import Database, open_database
from fieldcrm.tui.keys import display_keys, localized
from fieldcrm.tui.plain import ControlFilter
from fieldcrm.tui.screens.board import BoardScreen
from fieldcrm.tui.screens.board.dialogs import FirstRunDialog
from fieldcrm.tui.screens.too_small import fit
from fieldcrm.tui.stylesheets import stylesheet
from fieldcrm.tui.textual_private import keep_toast_delays_positive, relabel_palette_key
from fieldcrm.untrusted import visible

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from fieldcrm.store.upload import Link
    from fieldcrm.tui.daily_check import DailyDone
    from fieldcrm.tui.team_sync import Outcome, SyncStatus

HEADER_EVERY = 30  # seconds between refreshes of the header's "synced … ago"

CONTROLS = ControlFilter()
# Board actions that only look. Read-only, every other board action is refused: a new one (and
# whatever screen it opens) stays off until it is listed here.
READ_ONLY_ACTIONS = frozenset(
    {
        "cursor",
        "column",
        "jump",
        "page",
        "search",
        "filter",
        "cycle_view",
        "cycle_sort",
        "help",
        "export",
        "report",
    }
)


class FieldCRM(App[int]):
    """Thin shell: the screens do the work."""

    # what every screen shares, and the board's: the first screen (get_default_screen), whose
    # stylesheet Textual does not load as it loads a pushed screen's
    CSS_PATH = [stylesheet("app"), stylesheet("dialogs"), stylesheet("board")]
    TITLE = "fieldcrm"

    def __init__(
        self,
        database: Database | Engine,
        db_path: Path,
        lang: str = "en",
        offer_demo: bool = True,
        tune_gc: bool = False,
        read_only: bool = False,
        keymap: Mapping[str, str] | None = None,
        keymap_problem: str | None = None,
        sync_minutes: int = SYNC_MINUTES,
        daily: bool = False,
    ) -> None:
        set_language(lang)
        super().__init__()
        relabel_palette_key(self, t("palette.label"), t("palette.tooltip"))
        keep_toast_delays_positive()
        self.keymap = dict(keymap or {})  # binding id -> keys, from config.toml
        self.keymap_problem = keymap_problem  # why config.toml was not used, in words
        if self.keymap:
            self.set_keymap(self.keymap)
        if not isinstance(database, Database):  # an engine already open (tests open it so)
            from fieldcrm.store.engine import database_of

            database = Database(database_of(database), read_only=read_only, engine=database)
        self.database = database
        self.db_path = db_path
        self.offer_demo = offer_demo and not read_only
        self.tune_gc = tune_gc
        self.read_only = read_only
        self.failure: Failure | None = None  # why the session ended early, if it did
        self.terminating = False  # a SIGTERM or SIGHUP came: the session is ending
        self.undo_stack: list[Undoable] = []  # what u takes back, newest last (tui.undo)
        self.sync_minutes = sync_minutes
        self.daily = daily and not read_only  # the day's check and backup wait for the first frame
        self.daily_status = ""  # what the header says while they run
        self.sync_status: SyncStatus | None = None  # once start-up is over, when the database joined a team
        self.started = False  # start-up is over: the board warmed up, the first sync (if any) begun

    @property
    def engine(self) -> Engine:
        """The engine every change goes through (made after the board's first frame)."""
        return self.database.engine

    def get_key_display(self, binding: Binding) -> str:
        """A remapped binding shows its new key, not the one its KeySpec names for display."""
        if binding.id in self.keymap and binding.key_display:
            binding = replace(binding, key_display=None)
        return super().get_key_display(binding)

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the guard that keeps control characters off the terminal."""
        return [*super().get_line_filters(), CONTROLS]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification is plain text: its message names accounts and people."""
        del markup  # fieldcrm's messages hold no markup, and data must never be read as it
        super().notify(
            visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False
        )

    def on_board_screen_warmed_up(self, message: BoardScreen.WarmedUp) -> None:
        self.settle()
        if self.daily:
            self._daily(message.board)
        if not self.read_only:
            self._start_syncing(message.board)
        unknown = sorted(set(self.keymap) - message.binding_ids)
        if unknown:
            self.notify(t("config.unknown_ids", ids=", ".join(unknown)), severity="warning", timeout=10)
        self.started = True

    @work(thread=True, exclusive=True, group="daily", exit_on_error=False)
    def _daily(self, board: BoardScreen) -> None:
        """The day's check of a large file and then its backup, after the first frame."""
        from fieldcrm.tui import daily_check

        if not daily_check.due(self.db_path):
            return
        self.call_from_thread(self._daily_says, board, t("daily.checking"))
        damage = daily_check.check(self.db_path)
        if damage is None:
            self.call_from_thread(self._daily_says, board, t("daily.backing_up"))
            failed = daily_check.back_up(self.db_path)
            self.call_from_thread(self._daily_done, board, daily_check.DailyDone(backup_failed=failed))
        else:
            self.call_from_thread(self._daily_done, board, daily_check.DailyDone(damage=damage))

    def _daily_says(self, board: BoardScreen, status: str) -> None:
        self.daily_status = status
        board.update_header()

    def _daily_done(self, board: BoardScreen, done: DailyDone) -> None:
        """Damage ends the session (its report printed once the terminal is back); a failed
        backup is said; either way the header is itself again."""
        self._daily_says(board, "")
        if done.damage is not None:
            self.failure = Failure(STORAGE, "\n".join(done.damage))
            self.exit()
        elif done.backup_failed:
            self.notify(done.backup_failed, severity="warning", timeout=15)

    def _start_syncing(self, board: BoardScreen) -> None:
        """In team mode: sync now, every ``sync_minutes``, and when asked; keep the header's
        "synced … ago" current."""
        from fieldcrm.tui.team_sync import SyncStatus

        status = SyncStatus(self.engine)
        if not status.joined:
            return
        self.sync_status = status
        if board.team.load():
            board.reload_kept()
        board.refresh_bindings()
        board.update_header()
        self.sync_now()
        self.set_interval(self.sync_minutes * 60, self.sync_now)
        self.set_interval(HEADER_EVERY, board.update_header)

    def sync_now(self) -> None:
        """Sync with the team's server in a worker (one at a time)."""
        if self.sync_status is not None and self.sync_status.link is not None:
            self._sync_worker(self.sync_status.link)

    @work(thread=True, exclusive=True, group="team-sync", exit_on_error=False)
    def _sync_worker(self, link: Link) -> None:
        from fieldcrm.tui.team_sync import sync_once

        outcome = sync_once(self.engine, link)
        self.call_from_thread(self._synced, outcome)

    def _synced(self, outcome: Outcome) -> None:
        """Show how the sync ended; what arrived shows on the board, its selection kept."""
        from fieldcrm.tui.team_sync import moved

        assert self.sync_status is not None
        problem = self.sync_status.took(outcome)
        if problem:
            self.notify(problem, title=t("sync.problem_title"), severity="error", timeout=20)
        board = next((s for s in self.screen_stack if isinstance(s, BoardScreen)), None)
        if board is None:
            return
        if moved(outcome):
            board.reload_kept()
        board.update_header()

    def settle(self) -> None:
        """Start-up is over: keep the garbage collector from pausing redraws.

        A long-running TUI allocates many short-lived objects per frame; moving the objects
        made at start-up out of the collector's reach and collecting the young generation
        less often keeps full collections (tens of ms) out of key presses. Only for a real
        session (``tune_gc``): a test process running many apps must still free them.
        """
        if self.tune_gc:
            settle()

    def get_default_screen(self) -> Screen[object]:
        """The board is the first screen: composed and drawn in the app's own start-up, with
        no empty screen drawn (and thrown away) before it."""
        return cast("Screen[object]", localized(BoardScreen)(self.database))

    def on_mount(self) -> None:
        board = cast(BoardScreen, self.screen)
        if self.offer_demo and self._is_empty():
            self.push_screen(localized(FirstRunDialog)(), partial(self._first_run, board))
        if self.read_only:
            self.notify(t("readonly.notice"), severity="warning", timeout=10)
        if self.keymap_problem:
            self.notify(self.keymap_problem, severity="warning", timeout=10)
        if not self.is_headless:
            on_termination(self.terminate)
        fit(self, self.size)

    def on_unmount(self) -> None:
        """The session is over: the board's reader lets go of the file (run() disposes of
        the engine)."""
        self.database.reader.close()

    def terminate(self, signum: int) -> None:
        """SIGTERM or SIGHUP: end the session as ``q`` does, with the signal's exit code."""
        self.terminating = True
        self.exit(return_code=exit_code(signum))

    def on_resize(self, event: events.Resize) -> None:
        fit(self, event.size)  # runs before App's own handler: self.size is still the old one

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run an action; read-only, a board action that could change data is refused."""
        if self.read_only and isinstance(default_namespace, BoardScreen):
            prefix, name, _params = parse(action) if isinstance(action, str) else action
            if not prefix and name not in READ_ONLY_ACTIONS:
                self.notify(t("readonly.refused"), severity="warning")
                return True
        return await super().run_action(action, default_namespace, namespaces)

    def _handle_exception(self, error: Exception) -> None:
        """An error nothing handled ends the session with a plain message once the terminal is
        back (a storage fault explained, anything else logged: runtime.crash) instead of
        Textual's traceback, whose local variables may hold customers' data. Under test
        (headless) an unexpected error still fails the test as Textual raises it."""
        if self.terminating:  # the terminal is gone or going: an error of the shutdown is no crash
            return
        if self.is_headless and storage_fault(error, self.db_path) is None:
            super()._handle_exception(error)
            return
        if self.failure is None:
            self.failure = failure_of(error, self.db_path)
        self.panic()

    def _is_empty(self) -> bool:
        return not self.database.reader.rows("SELECT 1 FROM account LIMIT 1")

    def _first_run(self, board: BoardScreen, choice: str | None) -> None:
        if choice == "demo":
            self.notify(t("board.demo_loading"), timeout=2)
            board.load_demo()

    def action_command_palette(self) -> None:
        """The command palette, its prompt in the interface's language."""
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(CommandPalette(placeholder=t("palette.placeholder"), id="--command-palette"))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action of the current screen, then the app's own (Textual's, in our words)."""
        for spec in getattr(screen, "KEYS", ()):
            if screen.check_action(spec.action, ()) is False:
                continue  # not here now (the sync key, when not in team mode)
            keys = t("palette.keys", keys=display_keys(spec, self.keymap))  # what to press next time
            yield SystemCommand(spec.explanation(), keys, partial(screen.run_action, spec.action))
        yield SystemCommand(t("palette.theme"), t("palette.theme_help"), self.action_change_theme)
        panel = bool(screen.query("HelpPanel"))
        yield SystemCommand(
            t("palette.widget_keys"),
            t("palette.widget_keys_hide" if panel else "palette.widget_keys_show"),
            self.action_hide_help_panel if panel else self.action_show_help_panel,
        )
        yield SystemCommand(
            t("palette.screenshot"),
            t("palette.screenshot_help"),
            lambda: self.set_timer(0.1, self.deliver_screenshot),
        )
        yield SystemCommand(t("palette.quit"), t("palette.quit_help"), self.action_quit)


def run(db_path: Path, lang: str, read_only: bool = False, daily: bool = False) -> int:
    """Open the database and run the app; a problem with the file is reported, not raised,
    and so is an error that ends the session (after Textual has restored the terminal)."""
    from fieldcrm.store.sqlite_file import StoreError

    try:
        database = open_database(db_path, read_only=read_only)
    except StoreError as exc:
        set_language(lang)
        print(t("cli.error", message=t(exc.key, **exc.params)), file=sys.stderr)
        return 2
    from fieldcrm.tui.terminal import install

    install()
    set_language(lang)
    keymap, problem, minutes = {}, None, SYNC_MINUTES
    try:
        keymap = load_keymap()
        minutes = load_sync_minutes()
    except ConfigError as exc:
        problem = t(exc.key, **exc.params)
    app = FieldCRM(
        database,
        db_path,
        lang,
        tune_gc=True,
        read_only=read_only,
        keymap=keymap,
        keymap_problem=problem,
        sync_minutes=minutes,
        daily=daily,
    )
    app.run()
    database.close()
    if app.failure is not None:
        print(app.failure.message, file=sys.stderr)
        return app.failure.code
    return app.return_code or 0
