"""Start-up stays lean: what the board's first paint runs imports no SQLModel and no pydantic
(they load after the first frame), checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fieldcrm.store.db import open_db

FIRST_PAINT = """
import sys
from pathlib import Path
from fieldcrm import cli, clock
from fieldcrm.runtime.startup import writing
from fieldcrm.store import board
from fieldcrm.store.db import open_db
from fieldcrm.tui import app
from fieldcrm.tui.screens import board as board_screen
db = Path(sys.argv[1])
with writing(db):
    engine = open_db(db)
    today = clock.today()
    counts = board.stage_counts(engine, board.BoardFilter(), today)
    first = board.cards(engine, 1, 0, 40, board.BoardFilter(), today)
    engine.dispose()
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"sqlmodel", "pydantic", "pydantic_core"})
print(",".join(loaded))
"""


def test_the_first_paint_imports_no_sqlmodel(tmp_path: Path) -> None:
    db = tmp_path / "crm.db"
    open_db(db).dispose()  # a database at the latest schema: no migration on this start
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(db)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
