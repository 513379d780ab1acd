"""The erase ledger: which people and accounts were erased, and when (ids only, no names).

Backups taken before an erasure still hold what was erased. The ledger (``<db>.erased``
beside the database, 0600, one ``kind id time`` line per erasure) outlives every restore, so
restoring a backup erases again whatever was erased after that backup was taken. Entries older
than the backup are left alone: what the backup holds under such an id is a later row (SQLite
may give a freed id to the next new row), not what was erased.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fieldcrm import clock

FILE_MODE = 0o600
KINDS = ("person", "account")


@dataclass(frozen=True, slots=True)
class Erasure:
    """One erased row: its table, its id, when it was erased."""

    kind: str
    id: int
    at: datetime


def ledger_of(db: Path) -> Path:
    return db.with_name(f"{db.name}.erased")


def record(db: Path, kind: str, row_id: int) -> None:
    """Add an erasure to the ledger, on disk before the erasure itself is written."""
    if kind not in KINDS:
        raise ValueError(kind)
    line = f"{kind} {int(row_id)} {clock.now().isoformat(timespec='seconds')}\n"
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(ledger_of(db), flags, FILE_MODE)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def erasures(db: Path) -> list[Erasure]:
    """Every erasure recorded for ``db`` (none if there is no ledger); unreadable lines are
    skipped."""
    try:
        text = ledger_of(db).read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return []
    found = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != 3 or parts[0] not in KINDS or not parts[1].isdigit():
            continue
        try:
            found.append(Erasure(parts[0], int(parts[1]), datetime.fromisoformat(parts[2])))
        except ValueError:
            continue
    return found


def due_since(recorded: Iterable[Erasure], since: datetime) -> list[Erasure]:
    """The erasures a copy taken at ``since`` still holds the rows of."""
    return [e for e in recorded if e.at >= since]
