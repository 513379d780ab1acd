"""An error nothing handled: tell the user plainly, keep the traceback in a private log file.

Storage faults (a full disk, a read-only folder, a damaged file) are explained, not logged: the
user can act on them. Anything else is written with its traceback, without local variables
(they may hold customers' data), to ``fieldcrm-<time>.log`` in the platformdirs log folder
(0700, the file 0600), and the message gives its path.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from fieldcrm import __version__, clock
from fieldcrm.config import log_dir
from fieldcrm.i18n import t
from fieldcrm.store.sqlite_file import DIR_MODE, FILE_MODE, StoreError, private_folder, storage_error

CRASHED = 1
STORAGE = 2  # the exit code of every StoreError


@dataclass(frozen=True, slots=True)
class Failure:
    """Why the app stopped: its exit code and what to tell the user."""

    code: int
    message: str


def _chain(error: BaseException) -> Iterator[BaseException]:
    """The error, what it wraps (a failed worker's error), and what caused it."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        exc = pending.pop()
        if exc is None or id(exc) in seen:
            continue
        seen.add(id(exc))
        yield exc
        wrapped = getattr(exc, "error", None)
        pending += [exc.__context__, exc.__cause__, wrapped if isinstance(wrapped, BaseException) else None]


def storage_fault(error: BaseException, db: Path) -> StoreError | None:
    """The StoreError behind ``error``, if a storage fault caused it."""
    for exc in _chain(error):
        fault = exc if isinstance(exc, StoreError) else storage_error(exc, db)
        if fault is not None:
            return fault
    return None


def write_log(error: BaseException) -> Path:
    """Write ``error``'s traceback to a new private file in the log folder; return its path."""
    import platform  # only when something went wrong: not on the start path

    folder = log_dir()
    private_folder(folder)
    if folder.stat().st_mode & 0o777 != DIR_MODE:
        folder.chmod(DIR_MODE)
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    for n in count():
        path = folder / f"fieldcrm-{stamp}{f'-{n}' if n else ''}.log"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError:
            continue
        break
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(f"fieldcrm {__version__}, Python {platform.python_version()}, {platform.platform()}\n\n")
        f.write("".join(without_data(error)))
    return path


# Errors whose message is made of the program's own words. Any other's (a ValueError, a
# KeyError, a driver's or a validator's error) may quote what it failed on: a customer's name,
# a person's family notes. Its message is left out of the log; its type and lines stay.
_OWN_WORDS = (
    AttributeError,
    TypeError,
    NameError,
    ImportError,
    NotImplementedError,
    RecursionError,
    RuntimeError,
    AssertionError,
    ZeroDivisionError,
    IndexError,
    StoreError,  # fieldcrm's own: their message is a message key
)
_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def without_data(error: BaseException, _seen: set[int] | None = None) -> list[str]:
    """``error``'s traceback as Python prints it (the chain of causes included), with each
    message that may hold data replaced by a note; no local variables, as ever."""
    from fieldcrm.io.errors import FileError

    seen = set() if _seen is None else _seen
    seen.add(id(error))
    lines: list[str] = []
    cause, context = error.__cause__, error.__context__
    if cause is not None and id(cause) not in seen:
        lines += [*without_data(cause, seen), _CAUSE]
    elif context is not None and not error.__suppress_context__ and id(context) not in seen:
        lines += [*without_data(context, seen), _CONTEXT]
    if error.__traceback__ is not None:
        lines.append("Traceback (most recent call last):\n")
        lines += traceback.format_list(traceback.extract_tb(error.__traceback__))
    kind = type(error)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    kept = isinstance(error, (*_OWN_WORDS, FileError))
    message = str(error) if kept else "(message left out: it may quote customers' data)"
    lines.append(f"{name}: {message}\n" if message else f"{name}\n")
    return lines


def failure_of(error: BaseException, db: Path) -> Failure:
    """What to tell the user about ``error`` (writing the crash log if it is unexpected)."""
    fault = storage_fault(error, db)
    if fault is not None:
        return Failure(STORAGE, t("cli.error", message=t(fault.key, **fault.params)))
    try:
        log = write_log(error)
    except OSError as exc:
        details = "".join(without_data(error))
        return Failure(CRASHED, f"{t('crash.unlogged', error=exc.strerror or exc)}\n{details}")
    return Failure(CRASHED, t("crash.logged", path=log))
