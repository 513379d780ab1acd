"""Reading a CSV file as a stream: bounded memory, one encoding throughout, only regular files.

A prospect list may be anything: a 100 MB one-cell file, ``/dev/zero``, a FIFO nobody writes
to, a file saved half in UTF-8 and half in GBK. :func:`records` opens only a regular file
(without blocking on a FIFO), reads it a line at a time (a line over :data:`MAX_LINE` bytes
is refused, a cell over :data:`MAX_CELL` characters too) and decodes each line in the file's
one encoding, refusing a row whose bytes are in another one instead of storing it garbled.
Errors are FileErrors that name the row as a spreadsheet numbers it (the header is row 1).
"""

from __future__ import annotations

import codecs
import csv
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from fieldcrm.i18n import t
from fieldcrm.io.errors import FileError

MAX_LINE = 1024 * 1024  # bytes in one line of the file
MAX_CELL = 64 * 1024  # characters in one cell (the longest field fieldcrm keeps is 2,000)
AUTO = "auto"
Progress = Callable[[int, int], None]  # (bytes read, bytes in all)


class _RowError(Exception):
    """A line that cannot be read: the message key and its parameters, the row added later."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


@contextmanager
def open_regular(path: Path) -> Iterator[BinaryIO]:
    """``path`` opened for reading if it is a regular file; a FIFO, device, socket or folder
    is refused at once (a FIFO is opened without waiting for a writer)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FileError("import.cannot_read", path=str(path), error=exc.strerror or str(exc)) from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FileError("io.not_regular", path=str(path))
        os.set_blocking(fd, True)
        f = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with f:
        yield f


class Decoder:
    """Decodes the lines of one file in one encoding; ``auto``: a BOM, else the first line
    that is not plain ASCII decides between UTF-8 and GBK for the whole file."""

    def __init__(self, encoding: str) -> None:
        self.asked = encoding
        self.encoding = "" if encoding == AUTO else encoding

    def line(self, data: bytes, first: bool) -> str:
        if first and data.startswith(codecs.BOM_UTF8) and self.encoding in ("", "utf-8", "utf-8-sig"):
            self.encoding = "utf-8-sig"
            data = data[len(codecs.BOM_UTF8) :]
        if data.isascii():
            return data.decode("ascii")
        if not self.encoding:
            found = next((e for e in ("utf-8", "gbk") if _decodes(data, e)), None)
            if found is None:
                raise _RowError("import.neither_encoding")
            self.encoding = found
        used = "utf-8" if self.encoding == "utf-8-sig" else self.encoding
        try:
            text = data.decode(used)
        except UnicodeDecodeError as exc:
            raise self._refusal(data, used, exc.start) from exc
        if self.asked == AUTO and used == "gbk" and _decodes(data, "utf-8"):
            raise _RowError("import.mixed_encoding", found="UTF-8", encoding="GBK")
        return text

    def _refusal(self, data: bytes, used: str, offset: int) -> _RowError:
        other = "gbk" if used == "utf-8" else "utf-8"
        if self.asked == AUTO and _decodes(data, other):
            return _RowError("import.mixed_encoding", found=other.upper(), encoding=used.upper())
        return _RowError("import.cannot_decode_row", encoding=used.upper(), offset=offset)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


class _Lines:
    """The decoded lines of a file, for csv.reader; counts the bytes read for progress."""

    def __init__(self, f: BinaryIO, decoder: Decoder) -> None:
        self.f, self.decoder = f, decoder
        self.read = 0

    def __iter__(self) -> Iterator[str]:
        first = True
        while data := self.f.readline(MAX_LINE + 1):
            self.read += len(data)
            if len(data) > MAX_LINE:
                raise _RowError("import.line_too_long", limit=f"{MAX_LINE // 1024:,} KiB")
            yield self.decoder.line(data, first)
            first = False


def _delimiter(header: str) -> str:
    return max((",", ";", "\t"), key=header.count)


def records(
    path: Path, decoder: Decoder, progress: Progress | None = None
) -> Iterator[tuple[int, list[str]]]:
    """(row, cells) for each record of the CSV at ``path``, the header first as row 1; the
    decoder tells the encoding found once the rows are read."""
    with open_regular(path) as f:
        size = os.fstat(f.fileno()).st_size
        lines = _Lines(f, decoder)
        stream = iter(lines)
        row = 1
        try:
            header = next(stream, None)
            if header is None:
                return
            rows = csv.reader(chain((header,), stream), delimiter=_delimiter(header))
            for cells in rows:
                if max(map(len, cells), default=0) > MAX_CELL:  # in C: no generator per row
                    raise _RowError("import.cell_too_long", limit=f"{MAX_CELL:,}")
                yield row, cells
                row += 1
                if progress is not None and row % 1000 == 0:
                    progress(lines.read, size)
        except _RowError as exc:
            raise FileError("import.bad_row", row=row, message=_message(exc)) from None
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):  # the csv module's own cap on a cell
                too_long = _RowError("import.cell_too_long", limit=f"{MAX_CELL:,}")
                raise FileError("import.bad_row", row=row, message=_message(too_long)) from None
            raise FileError("import.bad_csv_row", row=row, error=str(exc)) from None
        if progress is not None:
            progress(size, size)


def _message(exc: _RowError) -> str:
    return t(exc.key, **exc.params)
