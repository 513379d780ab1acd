"""One writer per database: advisory locks on the database file and on ``<db>.lock``, held for
the writer's life.

The lock that decides is the one on the database file itself (``flock``, which SQLite's own
POSIX locks do not touch): removing or replacing ``<db>.lock`` cannot let a second writer in.
The lock file (0600, never followed if it is a link) holds the holder's process id, so a
second fieldcrm can say who has the database; the holder empties it when it lets go. A
process id found in it on taking the lock means the last writer ended without letting go
(killed, or the power failed), so the start-up checks look closer. The operating system drops
the locks of a process that dies, however it dies.
"""

from __future__ import annotations

import errno
import os
import stat
from contextlib import suppress
from pathlib import Path
from types import TracebackType

from fieldcrm.store.sqlite_file import FILE_MODE, StoreError, private_folder

try:
    import fcntl
except ImportError:  # Windows has no flock; fieldcrm does not target it, but must still import
    fcntl = None  # type: ignore[assignment]

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_FULL = (errno.ENOSPC, errno.EDQUOT)
_READ_ONLY = (errno.EROFS, errno.EACCES, errno.EPERM)


class InUse(StoreError):
    """Another process holds the database's writer lock."""

    def __init__(self, db: Path, pid: str) -> None:
        super().__init__("lock.in_use", path=str(db), pid=pid or "?")


def _expected(exc: BaseException) -> bool:
    """An error that ended the writer's work cleanly: every save before it is whole and the
    file was not found damaged (the next start need not look closer)."""
    from fieldcrm.io.errors import FileError
    from fieldcrm.store.health import Damaged

    if isinstance(exc, Damaged):
        return False
    return isinstance(exc, FileError | StoreError | KeyboardInterrupt | SystemExit)


def lock_path(db: Path) -> Path:
    return db.with_name(f"{db.name}.lock")


def file_error(exc: OSError, path: Path) -> StoreError:
    """A StoreError that says why ``path`` (a folder or file) could not be written."""
    if exc.errno in _FULL:
        return StoreError("store.disk_full", path=str(path), error=exc.strerror)
    if exc.errno in _READ_ONLY:
        return StoreError("store.folder_read_only", path=str(path.parent), error=exc.strerror)
    return StoreError("store.cannot_create_file", path=str(path), error=exc.strerror or str(exc))


class WriterLock:
    """``with WriterLock(db) as lock:`` holds the lock or raises InUse (or a StoreError saying
    why the folder cannot be written); ``lock.unclean`` tells whether the last writer ended
    cleanly. Leaving the block by an unexpected error, or by finding the file damaged, counts
    as unclean; a refusal (a bad import file, say) or an interruption does not."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.path = lock_path(db)
        self.unclean = False
        self.ended_well = True  # a session that stopped on an error sets False: see release()
        self._fd: int | None = None  # the lock file
        self._db_fd: int | None = None  # the database file: the lock that decides

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release(clean=self.ended_well and (exc is None or _expected(exc)))

    def acquire(self) -> None:
        if fcntl is None:
            return
        try:
            private_folder(self.db.parent)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | _CLOEXEC, FILE_MODE)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise StoreError("lock.is_link", path=str(self.path)) from exc
            raise file_error(exc, self.path) from exc
        self._fd = fd
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise StoreError("lock.not_regular", path=str(self.path))
            self._db_fd = _open_database(self.db)
            for held in (fd, self._db_fd):
                try:
                    fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
                    raise InUse(self.db, holder) from None
            if os.fstat(fd).st_mode & 0o777 != FILE_MODE:
                os.fchmod(fd, FILE_MODE)
            self.unclean = bool(os.pread(fd, 32, 0).strip())
            self._check_writable()  # before the marker is replaced: a refusal leaves it as found
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            os.fsync(fd)
        except OSError as exc:
            self._let_go()
            raise file_error(exc, self.path) from exc
        except StoreError:
            self._let_go()
            raise

    def _check_writable(self) -> None:
        """SQLite must create its -wal and -shm beside the file, and write the file itself."""
        folder = self.db.parent
        if not os.access(folder, os.W_OK | os.X_OK):
            raise StoreError("store.folder_read_only", path=str(folder), error=os.strerror(errno.EACCES))
        if not os.access(self.db, os.W_OK) or not os.stat(self.db).st_mode & stat.S_IWUSR:
            # the owner's write bit, not only access(): root may write a 0400 file, but its
            # owner made it read-only, and fieldcrm leaves it so
            raise StoreError("store.read_only", path=str(self.db), error=os.strerror(errno.EACCES))

    def release(self, clean: bool = True) -> None:
        """Let go; ``clean`` empties the file, so the next writer knows this one ended well (a
        writer that stopped on an error, or found the file damaged, leaves its mark)."""
        if self._fd is not None and clean:
            with suppress(OSError):  # the lock goes anyway; the next start just checks more closely
                os.ftruncate(self._fd, 0)
        self._let_go()

    def _let_go(self) -> None:
        for fd in (self._db_fd, self._fd):
            if fd is not None:
                os.close(fd)
        self._fd = self._db_fd = None


def _open_database(db: Path) -> int:
    """A descriptor of the database file to lock (the file is made, 0600, if there is none);
    StoreError when ``db`` is not a regular file."""
    try:
        fd = os.open(db, os.O_RDONLY | os.O_CREAT | os.O_NONBLOCK | _CLOEXEC, FILE_MODE)  # a FIFO: no wait
    except IsADirectoryError as exc:
        raise StoreError("store.not_regular", path=str(db)) from exc
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise StoreError("store.not_regular", path=str(db))
    return fd
