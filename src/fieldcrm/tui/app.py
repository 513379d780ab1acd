"""The fieldcrm Textual app: opens the board, offers demo data on first run."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from sqlalchemy import Engine, func, select
from textual.app import App, SystemCommand
from textual.screen import Screen

from fieldcrm.i18n import set_language, t
from fieldcrm.store.tables import account
from fieldcrm.tui.keys import localized
from fieldcrm.tui.screens.board import BoardScreen
from fieldcrm.tui.screens.dialogs import FirstRunDialog

STYLES = Path(__file__).parent / "styles"
GC_YOUNG_THRESHOLD = 20_000  # allocations between young-generation collections (default 700)


class FieldCRM(App[int]):
    """Thin shell: the screens do the work."""

    CSS_PATH = [STYLES / name for name in ("app.tcss", "board.tcss", "dialogs.tcss")]
    TITLE = "fieldcrm"

    def __init__(self, engine: Engine, db_path: Path, lang: str = "en",
                 offer_demo: bool = True, tune_gc: bool = False) -> None:
        set_language(lang)
        super().__init__()
        self.engine = engine
        self.db_path = db_path
        self.offer_demo = offer_demo
        self.tune_gc = tune_gc

    def on_board_screen_warmed_up(self) -> None:
        self.settle()

    def settle(self) -> None:
        """Start-up is over: keep the garbage collector from pausing redraws.

        A long-running TUI allocates many short-lived objects per frame; moving the objects
        made at start-up out of the collector's reach and collecting the young generation
        less often keeps full collections (tens of ms) out of key presses. Only for a real
        session (``tune_gc``): a test process running many apps must still free them.
        """
        if self.tune_gc:
            gc.collect()
            gc.freeze()
            gc.set_threshold(GC_YOUNG_THRESHOLD, 20, 20)

    def on_mount(self) -> None:
        board = localized(BoardScreen)(self.engine, self.db_path)
        self.push_screen(board)
        if self.offer_demo and self._is_empty():
            self.push_screen(localized(FirstRunDialog)(), partial(self._first_run, board))

    def _is_empty(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(account)).scalar_one() == 0

    def _first_run(self, board: BoardScreen, choice: str | None) -> None:
        if choice == "demo":
            self.notify(t("board.demo_loading"), timeout=2)
            board.load_demo()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every action of the current screen, then Textual's own commands."""
        for spec in getattr(screen, "KEYS", ()):
            yield SystemCommand(spec.explanation(), spec.id,
                                partial(screen.run_action, spec.action))
        yield from super().get_system_commands(screen)


def run(db_path: Path, lang: str) -> int:
    """Open the database and run the app; a problem with the file is reported, not raised."""
    from fieldcrm.store.db import open_db
    from fieldcrm.store.engine import StoreError

    try:
        engine = open_db(db_path)
    except StoreError as exc:
        set_language(lang)
        print(t("cli.error", message=t(exc.key, **exc.params)), file=sys.stderr)
        return 2
    app = FieldCRM(engine, db_path, lang, tune_gc=True)
    app.run()
    engine.dispose()
    return app.return_code or 0
