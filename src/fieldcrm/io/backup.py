"""Backups through SQLite's backup API (never a file copy of a live database), kept rotated.

They live in ``backups/`` beside the database (folder 0700, files 0600), named with the date
and time they were taken: ``fieldcrm-2026-11-27-090000.db``. Rotation keeps the newest of each
of the last 7 days that have one and of each of the last 4 weeks. At start-up the app takes
one when the newest is more than a day old, which costs one folder listing otherwise.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from fieldcrm import clock
from fieldcrm.io.atomic import atomic_path
from fieldcrm.io.errors import FileError
from fieldcrm.io.targets import checked_target
from fieldcrm.store.sqlite_file import StoreError, backup_to, has_tables

FOLDER = "backups"
FOLDER_MODE = 0o700
DAILY = 7
WEEKLY = 4
AUTO_EVERY = timedelta(days=1)
STAMP = "%Y-%m-%d-%H%M%S"


def backup_folder(db: Path) -> Path:
    return db.parent / FOLDER


_STAMPED = r"(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})"  # a time as STAMP writes it


def _pattern(db: Path) -> re.Pattern[str]:
    """A backup's name: the database's, then when it was taken (STAMP)."""
    return re.compile(rf"{re.escape(db.stem)}-{_STAMPED}\.db")


def _taken(match: re.Match[str] | None) -> datetime | None:
    """The time a match of a STAMP holds; None for no match, or for a time no clock gives
    (month 13, say): a file so named is no backup of ours."""
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def time_in(name: str) -> datetime | None:
    """The time written in a file's name as STAMP writes it (fieldcrm-2026-11-27-090000.db),
    or None."""
    return _taken(re.search(_STAMPED, name))


def backups_of(db: Path) -> list[tuple[datetime, Path]]:
    """The rotated backups of ``db``, newest first."""
    folder = backup_folder(db)
    if not folder.is_dir():
        return []
    pattern = _pattern(db)
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            taken = _taken(pattern.fullmatch(entry.name))
            if taken is not None and entry.is_file():
                found.append((taken, Path(entry.path)))
    return sorted(found, reverse=True)


def backup(db: Path, out: Path | None = None, rotating: bool = True) -> Path:
    """Copy ``db`` consistently (while it may be written) to ``out``, or into the backups
    folder, then rotate that folder unless told not to. Returns the file written."""
    if not db.is_file() or db.stat().st_size == 0:
        raise FileError("io.no_database", path=str(db))
    now = clock.now()
    target = checked_target(out, db) if out is not None else _free_name(db, now)
    try:
        with atomic_path(target) as tmp:
            backup_to(db, tmp)
    except (OSError, sqlite3.Error) as exc:
        raise FileError("backup.failed", path=str(target), error=_reason(exc)) from exc
    stamp = now.timestamp()
    os.utime(target, (stamp, stamp))  # the age auto_backup reads, on fieldcrm's clock
    if out is None and rotating:
        rotate(db)
    return target


def _reason(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


def _free_name(db: Path, taken: datetime) -> Path:
    """The backup's name in the folder; a second later if that one exists (never overwrite)."""
    folder = _folder(db)
    while (target := folder / f"{db.stem}-{taken.strftime(STAMP)}.db").exists():
        taken += timedelta(seconds=1)
    return target


def _folder(db: Path) -> Path:
    folder = backup_folder(db)
    try:
        folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
        if folder.stat().st_mode & 0o777 != FOLDER_MODE:
            folder.chmod(FOLDER_MODE)
    except OSError as exc:
        raise FileError("backup.failed", path=str(folder), error=_reason(exc)) from exc
    return folder


def rotate(db: Path) -> list[Path]:
    """Keep the newest backup of each of the last DAILY days and WEEKLY ISO weeks that have
    one; delete the others. Returns what was deleted."""
    days: set[object] = set()
    weeks: set[object] = set()
    removed = []
    for taken, path in backups_of(db):
        day, week = taken.date(), taken.isocalendar()[:2]
        keep = False
        if day not in days and len(days) < DAILY:
            days.add(day)
            keep = True
        if week not in weeks and len(weeks) < WEEKLY:
            weeks.add(week)
            keep = True
        if not keep:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def due_for_backup(db: Path) -> bool:
    """Whether the newest backup is more than a day old (or there is none), by file time."""
    newest = backups_of(db)
    if not newest:
        return True
    try:
        taken = newest[0][1].stat().st_mtime
    except OSError:
        return True
    return clock.now().timestamp() - taken >= AUTO_EVERY.total_seconds()


def auto_backup(db: Path) -> Path | None:
    """The start-up backup: taken only when due and when there is data to keep."""
    try:
        if not db.is_file() or not due_for_backup(db) or not has_tables(db):
            return None
    except StoreError:
        return None  # not a database: opening it will say so
    return backup(db)
