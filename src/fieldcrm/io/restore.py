"""Checking a database, and restoring one from a backup without ever losing the current one."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from fieldcrm import clock
from fieldcrm.i18n import t
from fieldcrm.io.atomic import atomic_path
from fieldcrm.io.backup import STAMP, backup, backup_folder, time_in
from fieldcrm.io.errors import FileError
from fieldcrm.store.erased import due_since, erasures
from fieldcrm.store.schema_version import LATEST
from fieldcrm.store.sqlite_file import (
    SIDE_FILES,
    StoreError,
    backup_to,
    integrity_problems,
    invalid_text,
    read_user_version,
    release_wal,
    secure_files,
    table_names,
)


def check(db: Path) -> list[str]:
    """What quick_check and foreign_key_check find, and text that is not valid UTF-8, as
    lines to show (naming tables, columns and rows, never their content); empty when sound."""
    if not db.is_file():
        raise FileError("io.no_database", path=str(db))
    quick, orphans = integrity_problems(db)
    lines = [t("check.quick", message=m) for m in quick]
    lines += [t("check.orphan", table=table, rowid=rowid, parent=parent) for table, rowid, parent in orphans]
    if not quick:  # a damaged file may not be readable row by row
        lines += [t("check.not_utf8", table=tb, column=c, rowid=r) for tb, c, r in invalid_text(db)]
    return lines


def validate(candidate: Path) -> None:
    """Refuse a file that is not a sound fieldcrm database this version can open."""
    if not candidate.exists():
        raise FileError("restore.not_found", path=str(candidate))
    if not candidate.is_file():
        raise FileError("io.not_regular", path=str(candidate))
    try:
        version = read_user_version(candidate)
        tables = table_names(candidate)
        quick, _orphans = integrity_problems(candidate)
    except StoreError:
        reason = t("restore.reason.not_sqlite")
    else:
        if quick:
            reason = t("restore.reason.damaged", details="; ".join(quick[:3]))
        elif version > LATEST:
            reason = t("restore.reason.too_new", version=version, latest=LATEST)
        elif "account" not in tables or version < 1:
            reason = t("restore.reason.not_fieldcrm")
        else:
            return
    raise FileError("restore.invalid", path=str(candidate), reason=reason)


def restore(db: Path, candidate: Path) -> Path | None:
    """Replace ``db`` by a copy of ``candidate`` (checked first); the current database is kept
    in the backups folder, whose path is returned (None if there was none)."""
    if candidate.exists() and db.exists() and os.path.samefile(candidate, db):
        raise FileError("restore.same_file", path=str(db))
    validate(candidate)
    try:
        with atomic_path(db) as tmp:
            backup_to(candidate, tmp)  # copied first: keeping the current one cannot touch it
            _erase_again(tmp, taken_at(candidate), db)
            kept = _keep_current(db)
    except OSError as exc:
        raise FileError("restore.failed", path=str(db), error=exc.strerror or str(exc)) from exc
    secure_files(db)
    return kept


def taken_at(candidate: Path) -> datetime:
    """When a backup was taken: the time in its name (fieldcrm-2026-11-27-090000.db), else
    its file's time (a copy made before an upgrade is written when it is taken; so is a name
    whose time no clock gives)."""
    return time_in(candidate.name) or datetime.fromtimestamp(candidate.stat().st_mtime)


def _erase_again(copy: Path, taken: datetime, db: Path) -> None:
    """Erase in the copy what the database's ledger says was erased after it was taken."""
    due = due_since(erasures(db), taken)
    if not due:
        return
    from fieldcrm.store.db import open_db
    from fieldcrm.store.erase import erase_again
    from fieldcrm.store.migrations import backup_path

    version = read_user_version(copy)
    engine = open_db(copy)  # an older copy is upgraded here: the store's erase needs the schema
    try:
        erase_again(engine, due)
    finally:
        engine.dispose()
    backup_path(copy, version).unlink(missing_ok=True)  # the upgrade's own copy of the copy


def _keep_current(db: Path) -> Path | None:
    """Back up the current database (leaving it without -wal/-shm, ready to be replaced);
    a file too damaged to copy through SQLite is moved aside whole instead."""
    if not db.is_file() or db.stat().st_size == 0:
        return None
    try:
        release_wal(db)  # refuses while another program has it open
        return backup(db, rotating=False)  # rotation could remove the file being restored
    except StoreError as exc:
        if exc.key != "store.not_a_database":
            raise
    except FileError as exc:
        if exc.key != "backup.failed":
            raise
    return _move_aside(db)


def _move_aside(db: Path) -> Path:
    folder = backup_folder(db)
    folder.mkdir(mode=0o700, exist_ok=True)
    target = folder / f"{db.stem}-{clock.now().strftime(STAMP)}-damaged.db"
    for suffix in ("", *SIDE_FILES):
        side = Path(f"{db}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{target}{suffix}"))
    return target
