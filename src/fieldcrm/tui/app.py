"""The fieldcrm Textual app: opens the board, offers demo data on first run."""

from __future__ import annotations

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


class FieldCRM(App[int]):
    """Thin shell: the screens do the work."""

    CSS_PATH = [STYLES / name for name in ("app.tcss", "board.tcss", "dialogs.tcss")]
    TITLE = "fieldcrm"

    def __init__(self, engine: Engine, db_path: Path, lang: str = "en",
                 offer_demo: bool = True) -> None:
        set_language(lang)
        super().__init__()
        self.engine = engine
        self.db_path = db_path
        self.offer_demo = offer_demo

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
    app = FieldCRM(engine, db_path, lang)
    app.run()
    engine.dispose()
    return app.return_code or 0
