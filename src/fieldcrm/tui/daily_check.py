"""The day's check and backup of a large file, after the board's first frame.

At start the board appears at once; then a worker checks the file with SQLite's quick_check and,
when it is sound, takes the day's backup (a damaged file is never backed up over the good
backups). The header says what runs ("checking the file…", "backing up…"). Damage found ends
the session as damage found while reading does: with what was found and the command that
restores the newest good backup. The process holds the writer lock throughout, as ever.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fieldcrm.i18n import t


@dataclass(frozen=True, slots=True)
class DailyDone:
    """How the day's work ended: damage (the lines to print), a backup that failed (its
    words), or nothing to say."""

    damage: list[str] | None = None
    backup_failed: str | None = None


def due(db: Path) -> bool:
    """Whether the day's backup (and so the check before it) is due."""
    from fieldcrm.io.backup import due_for_backup

    return due_for_backup(db)


def check(db: Path) -> list[str] | None:
    """quick_check of ``db``: None when sound, else what to tell the user (with the restore
    command of the newest good backup)."""
    from fieldcrm.runtime.startup import damage_report
    from fieldcrm.store import health

    try:
        health.check(db, thorough=True)
    except health.Damaged as exc:
        return damage_report(db, exc)
    return None


def back_up(db: Path) -> str | None:
    """The day's backup; None when taken (or not due), else why it failed, in words."""
    from fieldcrm.io.backup import auto_backup
    from fieldcrm.io.errors import FileError

    try:
        auto_backup(db)
    except FileError as exc:
        return t("backup.auto_failed", message=t(exc.key, **exc.params))
    return None
