"""Files that appear whole or not at all: written beside the target, then renamed (mode 0600).

The file being written is hidden beside its target and named for the process writing it
(``.pipeline.csv.fieldcrm-4242-k3j9.part``): an export stopped by an error, Ctrl+C, SIGTERM or
SIGHUP removes it on the way out, and one left by a process that was killed outright (kill -9,
a power cut) is removed by the next fieldcrm that writes in that folder or starts on a
database there (:func:`remove_leftovers`). It may hold a whole copy of the customers' data.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

from fieldcrm.store.sqlite_file import SIDE_FILES

FILE_MODE = 0o600
_LEFTOVER = re.compile(rf"\..+\.fieldcrm-(\d+)-[^.]+\.part({'|'.join(SIDE_FILES)})?")


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A private temporary path in ``target``'s folder; it replaces ``target`` when the block
    ends normally and is removed when it raises (or is interrupted), leaving nothing behind."""
    remove_leftovers(target.parent)
    fd, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.fieldcrm-{os.getpid()}-", suffix=".part"
    )
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        tmp.chmod(FILE_MODE)
        os.replace(tmp, target)
    except BaseException:
        for leftover in (tmp, *(Path(f"{tmp}{side}") for side in SIDE_FILES)):  # SQLite's, for a backup
            leftover.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


@contextmanager
def atomic_text(target: Path, encoding: str) -> Iterator[TextIO]:
    """A text file for the csv module (``newline=''``), flushed to disk before the rename."""
    with atomic_path(target) as tmp, open(tmp, "w", encoding=encoding, newline="") as f:
        yield f
        f.flush()
        os.fsync(f.fileno())


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files that fieldcrm processes no longer running left in
    ``folder``; returns what was removed. Never fails: a folder that cannot be listed or a
    file that cannot be removed is left for a later try."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _LEFTOVER.fullmatch(entry.name)
        if match is None or _alive(int(match[1])):
            continue
        with suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, as another user's process
    return True


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the platform allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
