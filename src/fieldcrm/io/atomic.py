"""Files that appear whole or not at all: written beside the target, then renamed (mode 0600)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

FILE_MODE = 0o600


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A private temporary path in ``target``'s folder; it replaces ``target`` when the block
    ends normally and is removed when it raises, so a failure leaves nothing behind."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        tmp.chmod(FILE_MODE)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


@contextmanager
def atomic_text(target: Path, encoding: str) -> Iterator[TextIO]:
    """A text file for the csv module (``newline=''``), flushed to disk before the rename."""
    with atomic_path(target) as tmp, open(tmp, "w", encoding=encoding, newline="") as f:
        yield f
        f.flush()
        os.fsync(f.fileno())


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
