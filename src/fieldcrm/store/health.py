"""Is the database sound enough to write to? Checked at start, before anything writes.

The cheap checks read two headers and run at every start: the file's (SQLite's magic string, a
valid page size, a length that holds every page the header counts) and a -wal file's (its page
size must be the database's, else it belongs to another file). SQLite's ``quick_check`` reads
every page, about 1 s for 100,000 accounts (240 MB), so it runs only when the caller asks for
a thorough check. Every check is read-only: a damaged file is left exactly as it was.
"""

from __future__ import annotations

import shutil
import struct
import tempfile
from pathlib import Path
from typing import Any

from fieldcrm.store.sqlite_file import StoreError, quick_problems

MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
WAL_HEADER_SIZE = 32
WAL_MAGIC = (0x377F0682, 0x377F0683)
MAX_DETAILS = 3  # quick_check lines quoted in the message


class Damaged(StoreError):
    """The database failed a check; ``finding`` is the message key of what was found."""

    def __init__(self, path: Path, finding: str, **details: Any) -> None:
        key = "store.not_a_database" if finding == "health.not_sqlite" else "health.damaged"
        super().__init__(key, path=str(path))
        self.finding = finding
        self.details = details


def wal_of(path: Path) -> Path:
    return Path(f"{path}-wal")


def wal_pending(path: Path) -> bool:
    """Whether a -wal file holds frames: a writer ended without folding them into the file
    (SQLite removes or empties it on a clean close), or the -wal came from elsewhere."""
    try:
        return wal_of(path).stat().st_size > WAL_HEADER_SIZE
    except OSError:
        return False


def _page_size(header: bytes) -> int | None:
    """The page size the header declares, or None if it is not a valid one."""
    (raw,) = struct.unpack(">H", header[16:18])
    size = 65536 if raw == 1 else raw
    return size if 512 <= size <= 65536 and size & (size - 1) == 0 else None


def check_header(path: Path) -> None:
    """Refuse a file that cannot be a whole SQLite database (Damaged); a missing or empty
    file is a new database and passes."""
    try:
        size = path.stat().st_size
        if size == 0:
            return
        with path.open("rb") as f:
            header = f.read(HEADER_SIZE)
    except OSError:
        return  # no file (yet), or none that can be read: opening it says why
    if not header.startswith(MAGIC):
        raise Damaged(path, "health.not_sqlite")
    page_size = _page_size(header) if len(header) == HEADER_SIZE else None
    if page_size is None:
        raise Damaged(path, "health.bad_header")
    (pages,) = struct.unpack(">I", header[28:32])
    # the page count is valid only when the change counter matches "version-valid-for"; and
    # while a -wal holds frames it may run ahead of the file: a checkpoint cut off (a writer
    # killed) writes page 1 before the pages after the file's end, and SQLite finishes it
    # from the -wal when the file is next opened
    valid = header[24:28] == header[92:96] and not wal_pending(path)
    counted = pages * page_size if valid else 0
    whole = -(-size // page_size) * page_size  # a page cut short is missing its end too
    if size < max(counted, whole):
        raise Damaged(path, "health.truncated", size=size, expected=max(counted, whole))
    _check_wal(path, page_size)


def _check_wal(path: Path, page_size: int) -> None:
    try:
        with wal_of(path).open("rb") as f:
            header = f.read(WAL_HEADER_SIZE)
    except OSError:
        return
    if len(header) < WAL_HEADER_SIZE:
        return  # empty or torn before its first frame: SQLite ignores it
    magic, _version, wal_page_size = struct.unpack(">III", header[:12])
    if magic in WAL_MAGIC and wal_page_size != page_size:
        raise Damaged(path, "health.foreign_wal")


def check(path: Path, thorough: bool) -> None:
    """The start-up check: the headers always, SQLite's quick_check when ``thorough``.

    When quick_check fails and a -wal holds frames, the file is checked alone too: sound
    alone means the -wal is what breaks it (a -wal left over from another copy of the file).
    """
    check_header(path)
    if not thorough or not path.is_file() or path.stat().st_size == 0:
        return
    problems = _problems(path)
    if not problems:
        return
    if wal_pending(path) and not _alone_problems(path):
        raise Damaged(path, "health.foreign_wal")
    raise Damaged(path, "health.bad_pages", details="; ".join(problems[:MAX_DETAILS]))


def _problems(path: Path) -> list[str]:
    try:
        return quick_problems(path)
    except StoreError:
        return ["file is not a database"]  # as SQLite words it


def _alone_problems(path: Path) -> list[str]:
    """quick_check of a private copy of the file without its -wal."""
    with tempfile.TemporaryDirectory(prefix="fieldcrm-check-") as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        return _problems(copy)
