"""CSV export and import speed on N demo accounts (100,000 by default; 1,000,000 too).

Copies a kept demo database (bench/seeded.py: generated once, in Chinese unless ``--lang en``,
clock frozen at 2026-11-27), then measures:
- the pipeline export (``fieldcrm.io.export``) beside a bare ``sqlite3`` + ``csv`` dump of the
  same rows (the same SQL, untranslated, unneutralised) in the same run: target at most 1.5x;
- importing a CSV of N new prospects into an empty database, all or nothing, each run in a fresh
  interpreter as ``fieldcrm import`` runs: target under 4 s for 100,000, under 60 s for 1,000,000.

Each figure is the best of ``--runs`` runs (the two exports taken in turn). Run:
``python bench/bench_export.py [--accounts N] [--runs N] [--lang zh|en]``. Exits non-zero when a
target is missed.
"""

from __future__ import annotations

import argparse
import csv
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from random import Random

from sqlalchemy.dialects import sqlite

from fieldcrm import clock
from fieldcrm.demo.names import address, company_name, person_name
from fieldcrm.io.export import ExportOptions, export
from fieldcrm.io.import_run import run_import
from fieldcrm.runtime.collector import settle
from fieldcrm.store.db import open_db
from fieldcrm.store.export_queries import Scope, pipeline_query
from seeded import seeded

EXPORT_RATIO_TARGET = 1.5


def import_target(rows: int) -> float:
    """Seconds an import of ``rows`` new prospects may take."""
    return 4.0 if rows <= 100_000 else 60.0


def timed(job: Callable[[], object]) -> float:
    started = time.perf_counter()
    job()
    return time.perf_counter() - started


def load() -> str:
    """The 1-minute load average: other work on the machine slows wall-clock figures."""
    return f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"


def shown(times: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


def bare_dump(db: Path, out: Path) -> int:
    """The same rows as the pipeline export, straight from sqlite3 into the csv module."""
    literal = {"literal_binds": True}
    sql = str(pipeline_query(Scope()).compile(dialect=sqlite.dialect(), compile_kwargs=literal))
    con = sqlite3.connect(db)
    try:
        with open(out, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            rows = 0
            for row in con.execute(sql):
                writer.writerow(row)
                rows += 1
    finally:
        con.close()
    return rows


def prospects_csv(path: Path, rows: int) -> None:
    """A list of new prospects as a rep would receive it: Chinese headers, UTF-8 with BOM."""
    rng = Random(11)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["公司名称", "联系人", "电话", "地址", "行业", "备注"])
        for n in range(rows):
            name, _short = company_name(rng, "zh")
            unique_phone = f"13{n:09d}"  # names and phones unique: no row is a duplicate
            row = [f"{name}{n:06d}", person_name(rng, "zh"), unique_phone, address(rng, "zh")[0]]
            writer.writerow([*row, "机械", "展会名单"])


def import_apart(source: Path, target: Path) -> tuple[float, float, int]:
    """Seconds and CPU seconds of importing ``source`` into a new database ``target`` in a fresh
    interpreter (what runs before it in this one, the exports, left it slower: 62 s against 54 s
    at a million rows), and how many new prospects it wrote."""
    done = subprocess.run(
        [sys.executable, __file__, "--time-import", str(source), str(target)],
        check=True,
        capture_output=True,
        text=True,
    )
    taken, used, new = done.stdout.split()
    return float(taken), float(used), int(new)


def time_import(source: Path, target: Path) -> None:
    """The import ``import_apart`` times: seconds, CPU seconds and new prospects, on one line."""
    clock.freeze(date(2026, 11, 27))
    settle()  # as the command sets up its own process
    engine = open_db(target)
    started, cpu_started = time.perf_counter(), time.process_time()
    result = run_import(engine, source)
    taken, used = time.perf_counter() - started, time.process_time() - cpu_started
    engine.dispose()
    assert result.written, result.plan.errors[:3]
    print(f"{taken} {used} {len(result.plan.new)}")


def main() -> int:
    if sys.argv[1:2] == ["--time-import"]:
        time_import(Path(sys.argv[2]), Path(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="of the demo data and the export")
    args = parser.parse_args()
    clock.freeze(date(2026, 11, 27))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "bench.db"
        print(f"{seeded(db, args.accounts, args.lang)}; load average {load()}")
        engine = open_db(db)

        ours_out, bare_out = folder / "pipeline.csv", folder / "bare.csv"
        options = ExportOptions("pipeline", ours_out, lang=args.lang)
        counts: dict[str, int] = {}
        ours_runs: list[float] = []
        bare_runs: list[float] = []
        for _ in range(args.runs):  # taken in turn, so a busy spell on the machine hits both
            ours_runs.append(timed(lambda: counts.update(ours=export(engine, options))))
            bare_runs.append(timed(lambda: counts.update(bare=bare_dump(db, bare_out))))
        ours, bare = min(ours_runs), min(bare_runs)
        ratio = ours / bare
        print(f"pipeline export, {counts['ours']:,} rows: {ours:.2f} s (runs {shown(ours_runs)})")
        print(f"bare sqlite3 + csv dump, {counts['bare']:,} rows: {bare:.2f} s (runs {shown(bare_runs)})")
        print(f"ratio {ratio:.2f}x (target at most {EXPORT_RATIO_TARGET}x); load average {load()}")
        engine.dispose()

        source = folder / "prospects.csv"
        prospects_csv(source, args.accounts)
        seconds: list[float] = []
        cpu: list[float] = []
        for run in range(args.runs):  # each in a fresh process, as `fieldcrm import` runs
            taken, used, new = import_apart(source, folder / f"import-{run}.db")
            seconds.append(taken)
            cpu.append(used)
            assert new == args.accounts, f"{new} new prospects of {args.accounts}"
        imported = min(seconds)
        print(
            f"import of {args.accounts:,} rows into an empty database: {imported:.2f} s "
            f"(runs {shown(seconds)}; target under {import_target(args.accounts):.0f} s)"
        )
        print(f"  its CPU time: runs {shown(cpu)} s; load average now {load()}")
    ok = counts["ours"] == counts["bare"] and ratio <= EXPORT_RATIO_TARGET
    ok = ok and imported < import_target(args.accounts)
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
