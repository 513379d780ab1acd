"""Start-up stays lean: what the app runs before the board's first frame imports none of
SQLAlchemy, SQLModel and pydantic (they load in a thread after it), checked in a fresh
interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fieldcrm.store.db import open_db

FIRST_PAINT = """
import sys
from pathlib import Path
from fieldcrm import cli, clock
from fieldcrm.io.backup import auto_backup
from fieldcrm.runtime.startup import daily_later, writing
from fieldcrm.store.database import open_database
from fieldcrm.tui import app
from fieldcrm.tui.screens.board.model import BoardModel
db = Path(sys.argv[1])
with writing(db, later=daily_later(db)):
    auto_backup(db)
    database = open_database(db)
    model = BoardModel(database.reader, clock.today())
    model.refresh(shown={stage: 0 for stage in range(1, 6)})
    assert model.columns[1].card_at(0) is not None
    database.close()
loaded = {m.split(".")[0] for m in sys.modules} & {"sqlalchemy", "sqlmodel", "pydantic", "pydantic_core"}
print(",".join(sorted(loaded)))
"""


def test_the_first_paint_imports_no_sqlalchemy(tmp_path: Path) -> None:
    db = tmp_path / "crm.db"
    engine = open_db(db)  # a database at the latest schema: no migration on this start
    from fieldcrm.store.accounts import create_account
    from fieldcrm.store.models import AccountCreate

    create_account(engine, AccountCreate(name="Acme"))
    engine.dispose()
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(db)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
