"""Benchmark: write demo data into a fresh database: 100,000 accounts in under 20 s, a million
in under 4 minutes.

    python bench/bench_demo.py [--accounts 100000] [--seed 7] [--lang en] [--makers N]

Prints the elapsed time beside the target, the rows written per table, the CPU time of the
writer and of the processes that make the rows (demo.apart; by default one a core), and the
peak RSS of the writer and of the largest maker; exits 1 if the target was missed.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from fieldcrm import clock
from fieldcrm.demo import apart
from fieldcrm.demo.generate import write_demo
from fieldcrm.runtime.collector import settle
from fieldcrm.store.bulk import MODELS
from fieldcrm.store.db import open_db


def target_seconds(accounts: int) -> float:
    return 20.0 if accounts <= 100_000 else 240.0


FROZEN_TODAY = date(2026, 11, 27)


def peak_rss_mib() -> float:
    """Peak resident set size of this process (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def maker_cpu() -> float:
    """CPU seconds of the child processes that have ended (the demo's makers)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def maker_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time fieldcrm's demo data generator.")
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    parser.add_argument("--makers", type=int, default=None, help="processes making rows (0: none)")
    args = parser.parse_args(argv)
    makers = apart.makers(args.accounts) if args.makers is None else args.makers

    clock.freeze(FROZEN_TODAY)
    settle()  # as `fieldcrm demo` sets up its own process
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_db(Path(tmp) / "bench.db")
        started, cpu_started, maker_started = time.perf_counter(), time.process_time(), maker_cpu()
        write_demo(engine, accounts=args.accounts, seed=args.seed, lang=args.lang, force=False, makers=makers)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        maker = maker_cpu() - maker_started
        with engine.connect() as conn:
            counts = {
                model.__tablename__: conn.execute(select(func.count()).select_from(model)).scalar_one()
                for model in MODELS
            }
        engine.dispose()

    target = target_seconds(args.accounts)
    ok = elapsed < target
    verdict = "OK" if ok else "TOO SLOW"
    print(f"demo {args.accounts} accounts: {elapsed:.1f} s (target < {target:.0f} s) {verdict}")
    for table, count in counts.items():
        print(f"  {table:<18} {count:>10,}")
    print(f"  {'total rows':<18} {sum(counts.values()):>10,}")
    print(f"CPU time: {cpu:.1f} s writing, {maker:.1f} s making the rows (makers: {makers})")
    print(f"peak RSS: {peak_rss_mib():.0f} MiB (the writer), {maker_rss_mib():.0f} MiB (the largest maker)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
