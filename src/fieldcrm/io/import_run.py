"""Running an import: check the file, then write every row in one transaction, or none.

New prospects go into stage 1, each with its 'created' stage event and a person (role
"other") for the contact named; merges fill only the empty fields of an existing account
(store.prospects writes both). If any row has an error, or on a dry run, nothing is written.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from fieldcrm import clock
from fieldcrm.io.csv_stream import Progress
from fieldcrm.io.errors import FileError
from fieldcrm.io.import_csv import ImportCheck, read_prospects
from fieldcrm.io.import_report import ImportResult, explain_merges
from fieldcrm.store.engine import bulk_cache, writing
from fieldcrm.store.prospects import NewAccount, add_accounts, known_names, merge_accounts


def run_import(
    engine: Engine,
    path: Path,
    encoding: str = "auto",
    on_duplicate: str = "skip",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check ``path`` and, if every row is good and this is not a dry run, write it.

    A real import checks inside its write transaction, so no other write can slip in
    between the duplicate check and the inserts.
    """
    if dry_run:
        with engine.connect() as conn:
            plan = read_prospects(path, encoding, on_duplicate, known_names(conn), progress)
            explain_merges(conn, plan)
        return ImportResult(plan, written=False, dry_run=True)
    try:
        with writing(engine).begin() as conn:
            plan = read_prospects(path, encoding, on_duplicate, known_names(conn), progress)
            explain_merges(conn, plan)
            if plan.errors:
                return ImportResult(plan, written=False, dry_run=False)
            with bulk_cache(conn):
                _write(conn, plan, clock.now())
    except SQLAlchemyError as exc:
        raise FileError("import.write_failed", error=str(getattr(exc, "orig", None) or exc)) from exc
    return ImportResult(plan, written=True, dry_run=False)


def _write(conn: Connection, plan: ImportCheck, now: datetime) -> None:
    # in name order, the board index (status, stage, next_due, name…) grows at its end
    in_order = sorted(plan.new, key=lambda p: p.values["name"] or "")
    add_accounts(conn, (NewAccount(p.values, p.contacts, p.key) for p in in_order), now)
    merge_accounts(conn, {i: NewAccount(p.values, p.contacts) for i, p in plan.merges.items()}, now)
