"""CSV export: rows stream from SQL straight into the csv module, into a file that appears
whole or not at all.

The file is written beside the target and renamed at the end (mode 0600), so a failed or
cancelled export leaves nothing. UTF-8 with a BOM by default, so Excel shows Chinese names;
GBK for older Excel and WPS set-ups stops at the first row it cannot hold and names it.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from sqlalchemy import Engine

from fieldcrm import clock
from fieldcrm.domain.periods import DEFAULT_PERIOD, period_start
from fieldcrm.io.atomic import atomic_path, atomic_text
from fieldcrm.io.csv_safe import safe_row
from fieldcrm.io.errors import FileError
from fieldcrm.io.layout import Sheet, Words
from fieldcrm.io.options import CALENDAR, EXPORT_ENCODINGS, EXPORTS
from fieldcrm.io.record_sheets import SHEETS
from fieldcrm.io.targets import checked_target
from fieldcrm.store.engine import database_of
from fieldcrm.store.export_queries import Scope

PROGRESS_EVERY = 1000
Progress = Callable[[int, int], None]  # (rows written, rows in all)
assert (*SHEETS, CALENDAR) == EXPORTS


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What to export, where, in which encoding and language, for which accounts; the
    report's period (the days up to today, None: all time; the other exports have none)."""

    what: str
    out: Path | None  # None: standard output
    encoding: str = "utf-8-sig"
    lang: str = "en"
    scope: Scope = field(default_factory=Scope)
    include_personal: bool = False
    period: int | None = DEFAULT_PERIOD


def export(engine: Engine, options: ExportOptions, progress: Progress | None = None) -> int:
    """Write the export to ``options.out`` (or standard output); return the number of rows
    (headers excluded).

    ``progress`` is called every thousand rows; if it raises, the export stops and leaves no
    file. FileError names the row a GBK file cannot hold, or why the file cannot be
    written: ``out`` never names the database, its side files or its backups
    (io.targets), and replaces only a regular file.
    """
    if options.what == CALENDAR:
        return _export_calendar(engine, options)
    if options.what not in SHEETS:
        raise FileError("export.unknown_what", what=options.what, choices=", ".join(EXPORTS))
    if options.encoding not in EXPORT_ENCODINGS:
        choices = ", ".join(EXPORT_ENCODINGS)
        raise FileError("io.unknown_encoding", encoding=options.encoding, choices=choices)
    target = None if options.out is None else checked_target(options.out, database_of(engine))
    build, today = SHEETS[options.what], clock.today()
    scope = replace(options.scope, since=period_start(today, options.period))  # only the report reads it
    sheet = build(engine, Words(options.lang), scope, today, options.include_personal)
    try:
        if target is None:
            return _write_stdout(sheet, options)
        with atomic_text(target, options.encoding) as f:
            return _write(f, sheet, options, progress)
    except OSError as exc:
        error = exc.strerror or str(exc)
        raise FileError("export.cannot_write", path=str(options.out), error=error) from exc


def _export_calendar(engine: Engine, options: ExportOptions) -> int:
    """The iCalendar file (always UTF-8, as RFC 5545 has it); returns the events written."""
    from fieldcrm.io.calendar import calendar_bytes
    from fieldcrm.store.calendar_queries import calendar_items

    target = None if options.out is None else checked_target(options.out, database_of(engine))
    data, events = calendar_bytes(calendar_items(engine, options.include_personal), options.lang)
    try:
        if target is None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return events
        with atomic_path(target) as tmp, open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        error = exc.strerror or str(exc)
        raise FileError("export.cannot_write", path=str(options.out), error=error) from exc
    return events


def _write_stdout(sheet: Sheet, options: ExportOptions) -> int:
    out = io.TextIOWrapper(sys.stdout.buffer, encoding=options.encoding, newline="", write_through=False)
    try:
        return _write(out, sheet, options, None)
    finally:
        out.flush()
        out.detach()  # standard output stays open for the command's own messages


def _write(f: TextIO, sheet: Sheet, options: ExportOptions, progress: Progress | None) -> int:
    """Each table under its headers, a blank row between two tables; returns the rows
    written, headers and blank rows not counted."""
    total = sum(table.total() for table in sheet.tables) if progress else 0
    written = 0
    out = csv.writer(f)
    for table in sheet.tables:
        if table is not sheet:
            out.writerow(())
        out.writerow(table.headers)
        text_columns = table.text_columns
        for row in table.rows:
            written += 1
            try:
                out.writerow(safe_row(row, text_columns))
            except UnicodeEncodeError as exc:
                char = exc.object[exc.start : exc.end]
                name = row[table.label]
                raise FileError(
                    "export.unencodable", row=written, name=name, char=char, encoding=options.encoding
                ) from exc
            if progress is not None and written % PROGRESS_EVERY == 0:
                progress(written, total)
    if progress is not None:  # still before the rename: stopping here leaves no file
        progress(written, max(total, written))
    return written
