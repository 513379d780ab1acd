"""Where an export or a backup may be written: never onto the database, its side files or its
backups, and only as a regular file.

``--out`` is typed by a person (or a script) and may name anything: the live database (which
the rename of a finished export would replace, while the app keeps saving into the deleted
file), ``/dev/null``, a FIFO, a folder, a link to one. :func:`checked_target` refuses all of
these with a FileError and returns the path to replace: a link to a regular file is
followed, so the link stays and its file is replaced.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from fieldcrm.io.errors import FileError
from fieldcrm.store.erased import ledger_of
from fieldcrm.store.sqlite_file import SIDE_FILES

STDOUT = "-"  # ``--out -``: the command's standard output


def _protected(db: Path) -> tuple[set[Path], list[Path]]:
    """The files that belong to ``db`` (as resolved paths), and the folders whose every file
    does (its backups), each named by the module that owns it."""
    from fieldcrm.io.backup import backup_folder  # it writes through this module
    from fieldcrm.runtime.lock import lock_path

    base = db.resolve()
    files = {base, *(Path(f"{base}{side}") for side in SIDE_FILES), lock_path(base), ledger_of(base)}
    return files, [backup_folder(base)]


def _upgrade_copy(db: Path, target: Path) -> bool:
    """Whether ``target`` is a copy kept before a schema upgrade (``<db>.v1.bak``...)."""
    from fieldcrm.store.migrations import backup_path  # loads the tables: only when exporting
    from fieldcrm.store.schema_version import LATEST

    base = db.resolve()
    return any(target == backup_path(base, version) for version in range(LATEST + 1))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def checked_target(out: Path, db: Path) -> Path:
    """The regular file an export or backup of ``db`` may replace at ``out`` (``out`` itself,
    or the file a link there points to); FileError when it is one of the database's own
    files, a backup, or not a regular file."""
    target = out.resolve()
    files, folders = _protected(db)
    if (
        target in files
        or any(target.is_relative_to(folder) for folder in folders)
        or _upgrade_copy(db, target)
        or _same_file(target, db)
    ):
        raise FileError("io.out_is_database", path=str(out), db=str(db))
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        if out.is_symlink():
            raise FileError("io.dangling_link", path=str(out)) from None
        if not target.parent.is_dir():
            raise FileError("io.no_folder", path=str(out), folder=str(target.parent)) from None
        return target
    except OSError as exc:
        raise FileError("export.cannot_write", path=str(out), error=exc.strerror or str(exc)) from exc
    if not stat.S_ISREG(mode):
        raise FileError("io.not_regular", path=str(out))
    return target
