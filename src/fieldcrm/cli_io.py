"""The subcommands that move data in and out: export, import, backup, restore, check.

Each takes the database's path and the parsed arguments, prints what it did, and returns the
exit code; ``cli.main`` turns their errors into messages.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from fieldcrm.domain.periods import DEFAULT_PERIOD, period_days

if TYPE_CHECKING:
    from sqlalchemy import Engine


def _existing(path: Path) -> Path:
    from fieldcrm.io.errors import FileError

    if not path.is_file():
        raise FileError("io.no_database", path=str(path))
    return path


def reading(path: Path) -> Engine:
    """A read-only engine for a command that only reads, so it never holds up the app's saves
    however long it reads. A file at an older schema is refused, not upgraded: a command that
    only reads changes nothing (opening the file in the app upgrades it, keeping a copy)."""
    from fieldcrm.store.database import check_version
    from fieldcrm.store.db import open_db
    from fieldcrm.store.schema_version import LATEST
    from fieldcrm.store.sqlite_file import StoreError

    version = check_version(_existing(path))
    if version != LATEST:
        raise StoreError("store.needs_upgrade", path=str(path), version=version, latest=LATEST)
    return open_db(path, read_only=True)


def export_csv(path: Path, args: argparse.Namespace, lang: str) -> int:
    from fieldcrm.i18n import t
    from fieldcrm.io.export import ExportOptions, export
    from fieldcrm.io.options import CALENDAR
    from fieldcrm.io.targets import STDOUT
    from fieldcrm.store.export_queries import Scope

    if args.period is not None and args.what != "report":
        print(t("cli.error", message=t("export.period_only_report")), file=sys.stderr)
        return 2
    to_stdout = args.out == STDOUT
    options = ExportOptions(
        args.what,
        None if to_stdout else Path(args.out).expanduser(),
        args.encoding,
        lang,
        Scope(args.stage, args.grade),
        args.include_personal,
        DEFAULT_PERIOD if args.period is None else period_days(args.period),
    )
    engine = reading(path)
    try:
        rows = export(engine, options)
    finally:
        engine.dispose()
    done = "export.done_calendar" if args.what == CALENDAR else "export.done"
    print(t(done, rows=rows, path=options.out or STDOUT), file=sys.stderr if to_stdout else sys.stdout)
    return 0


def import_csv(path: Path, args: argparse.Namespace, lang: str) -> int:
    from fieldcrm.i18n import t
    from fieldcrm.io.import_report import report_lines
    from fieldcrm.io.import_run import run_import
    from fieldcrm.store.db import open_db

    result = run_import(
        open_db(path), Path(args.file).expanduser(), args.encoding, args.on_duplicate, args.dry_run
    )
    for line in report_lines(result):
        print(line)
    if result.written:
        print(t("import.done", path=path))
    return 0 if result.ok else 1


def backup_db(path: Path, args: argparse.Namespace, lang: str) -> int:
    from fieldcrm.i18n import t
    from fieldcrm.io.backup import backup
    from fieldcrm.io.errors import FileError
    from fieldcrm.io.targets import STDOUT

    if args.out == STDOUT:
        raise FileError("backup.no_stdout")
    target = backup(path, Path(args.out).expanduser() if args.out else None)
    print(t("backup.done", path=target))
    return 0


def restore_db(path: Path, args: argparse.Namespace, lang: str) -> int:
    from fieldcrm.i18n import t
    from fieldcrm.io.restore import restore

    source = Path(args.file).expanduser()
    kept = restore(path, source)
    print(t("restore.done", path=path, source=source))
    if kept is not None:
        print(t("restore.kept", path=kept))
    return 0


def check_db(path: Path, args: argparse.Namespace, lang: str) -> int:
    from fieldcrm.i18n import t
    from fieldcrm.io.restore import check

    problems = check(path)
    for line in problems:
        print(line)
    if problems:
        print(t("check.failed", path=path, count=len(problems)), file=sys.stderr)
        return 1
    print(t("check.ok", path=path))
    return 0
