"""Before fieldcrm writes: take the writer lock and check the file; when the file is damaged,
say what was found and offer the newest good backup.

``quick_check`` reads every page (about 40 ms for 8 MiB, 1 s for 100,000 accounts), so a large
file gets it only when there is a reason: the last writer did not end cleanly (a process id
left in the lock file, or a -wal holding frames), or the daily automatic backup is due (a
damaged file must never be backed up over the good backups). Every start checks the headers.

The app starts a large file without waiting for the day's check and backup (``daily_later``):
it runs them in a worker once the board is on screen (tui.daily_check), holding the writer lock
as the whole session does; damage found there ends the session with the restore command.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fieldcrm.i18n import t
from fieldcrm.io.atomic import remove_leftovers
from fieldcrm.io.backup import backup_folder
from fieldcrm.runtime.lock import WriterLock
from fieldcrm.store import health
from fieldcrm.store.health import Damaged

QUICK_CHECK_ALWAYS = 8 * 1024 * 1024  # bytes


def daily_later(db: Path) -> bool:
    """Whether the app runs the day's check and backup of ``db`` after its first frame (a file
    large enough that they would keep the screen blank), not before it."""
    try:
        return db.stat().st_size > QUICK_CHECK_ALWAYS
    except OSError:
        return False


def thorough(db: Path, lock: WriterLock, later: bool = False) -> bool:
    """Whether this start runs quick_check on ``db``; ``later``: the day's check (a backup is
    due) waits until after the first frame, so it is no reason now."""
    from fieldcrm.io.backup import due_for_backup

    try:
        size = db.stat().st_size
    except OSError:
        return False
    due = due_for_backup(db) and not later
    return size <= QUICK_CHECK_ALWAYS or lock.unclean or health.wal_pending(db) or due


@contextmanager
def writing(db: Path, check: bool = True, later: bool = False) -> Iterator[WriterLock]:
    """Hold the writer lock on ``db`` (else InUse) and, when ``check``, refuse a damaged file
    (Damaged) before anything writes to it (``later``: the day's check comes after the first
    frame). Half-written files that a killed fieldcrm left beside the database or in its
    backups are removed."""
    with WriterLock(db) as lock:
        if check:
            health.check(db, thorough(db, lock, later))
        for folder in (db.parent, backup_folder(db)):
            remove_leftovers(folder)  # exports and backups a killed fieldcrm left half-written
        yield lock


def newest_good_backup(db: Path) -> Path | None:
    """The newest backup of ``db`` that restore would accept (checked newest first)."""
    from fieldcrm.io.backup import backups_of
    from fieldcrm.io.errors import FileError
    from fieldcrm.io.restore import validate

    for _taken, candidate in backups_of(db):
        try:
            validate(candidate)
        except FileError:
            continue
        return candidate
    return None


def damage_report(db: Path, exc: Damaged) -> list[str]:
    """What was found, and how to restore the newest good backup (or where backups go)."""
    lines = [t("cli.error", message=t(exc.key, **exc.params)), t(exc.finding, **exc.details)]
    backup = newest_good_backup(db)
    if backup is None:
        lines.append(t("health.no_backup", folder=backup_folder(db)))
    else:
        lines += [
            t("health.backup", path=backup),
            "  " + shlex.join(["fieldcrm", "--db", str(db), "restore", str(backup)]),
        ]
    return lines
