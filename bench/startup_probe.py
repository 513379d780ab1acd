"""Child process for bench_board.py: start an app headless and exit once it has drawn.

``python bench/startup_probe.py empty`` runs a bare Textual app; ``board DB`` runs fieldcrm's
board on DB and exits after the first refresh that shows cards.
"""

from __future__ import annotations

import resource
import sys


def empty() -> None:
    from textual.app import App
    from textual.widgets import Footer, Static

    class Empty(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield Static("ready")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self.exit)

    Empty().run(headless=True, size=(160, 48))


def board(db: str) -> None:
    from pathlib import Path

    from fieldcrm.store.db import open_db
    from fieldcrm.tui.app import FieldCRM

    class Probe(FieldCRM):
        def on_mount(self) -> None:
            self.call_after_refresh(self._check)

        def _check(self) -> None:
            board = self.screen
            if not any(board.model.counts.values()):  # type: ignore[attr-defined]
                raise SystemExit("board shows no cards")
            self.exit()

    path = Path(db)
    Probe(open_db(path), path, "en", offer_demo=False).run(headless=True, size=(160, 48))


if __name__ == "__main__":
    if sys.argv[1] == "empty":
        empty()
    else:
        board(sys.argv[2])
    print(f"maxrss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
