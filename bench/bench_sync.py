"""Benchmark: team sync against a private PostgreSQL started here (as the test suite starts it).

    python bench/bench_sync.py [--accounts 100000]

Measures: the first join sending the demo pipeline of N accounts; a second laptop of the same
member receiving it; 1,000 changes sent and received; 20 members' laptops (each with its own
pipeline of 50 accounts and 50 changes waiting) syncing at once, each in a process of its own.
Targets (issue figures): under 60 s, under 60 s, under 2 s, every one of the 20 under 10 s and
none failing. Needs PostgreSQL's initdb and pg_ctl on the machine, and psycopg.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg
from sqlalchemy import text
from tests.team.pg_server import start_server

from fieldcrm import clock
from fieldcrm.demo.generate import write_demo
from fieldcrm.store.db import open_db
from fieldcrm.team.admin import add_user, init_team
from fieldcrm.team.join import join_team
from fieldcrm.team.sync import sync

CLIENTS = 20


def _client_sync(args: tuple[str, str, str]) -> tuple[float, str]:
    """One laptop's sync, in a process of its own: seconds taken, and the error if any."""
    path, url, _ = args
    clock.freeze(date(2026, 11, 27))
    engine = open_db(Path(path))
    try:
        with psycopg.connect(url) as conn:
            start = time.perf_counter()
            sync(engine, conn, clock.now())
            return time.perf_counter() - start, ""
    except Exception as exc:  # reported, counted as failed
        return 0.0, f"{type(exc).__name__}: {exc}"
    finally:
        engine.dispose()


def _many_clients(server, root: Path) -> tuple[list[float], list[str]]:  # type: ignore[no-untyped-def]
    """CLIENTS members, each with a joined laptop and changes waiting, then all sync at once."""
    jobs = []
    with psycopg.connect(server.url(user="team_owner", password=server.password, database="bench")) as owner:
        for n in range(CLIENTS):
            add_user(owner, f"rep{n}", "rep", None, f"p{n}")
    for n in range(CLIENTS):
        engine = open_db(root / f"rep{n}.db")
        write_demo(engine, accounts=50, seed=n, lang="en", force=False)
        url = server.url(user=f"rep{n}", password=f"p{n}", database="bench")
        with psycopg.connect(url) as conn:
            join_team(engine, conn, "service=team", clock.now())
        with engine.begin() as conn:
            conn.execute(text("UPDATE activity SET summary = summary || ' (seen)' WHERE id <= 50"))
        engine.dispose()
        jobs.append((str(root / f"rep{n}.db"), url, f"rep{n}"))
    with multiprocessing.get_context("spawn").Pool(CLIENTS) as pool:
        done = pool.map(_client_sync, jobs)
    return [seconds for seconds, error in done if not error], [error for _, error in done if error]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=100_000)
    args = parser.parse_args(argv)
    clock.freeze(date(2026, 11, 27))
    root = Path(tempfile.mkdtemp(prefix="fieldcrm-bench-pg-"))
    root.chmod(0o711)
    server = start_server(root / "cluster")
    failed = False
    try:
        with psycopg.connect(server.url(database="postgres"), autocommit=True) as admin:
            admin.execute(f"CREATE ROLE team_owner LOGIN CREATEROLE PASSWORD '{server.password}'")
            admin.execute("CREATE DATABASE bench OWNER team_owner")
        with psycopg.connect(
            server.url(user="team_owner", password=server.password, database="bench")
        ) as owner:
            init_team(owner, "mia", "m")
            add_user(owner, "rae", "rep", None, "r")
        one, two = open_db(root / "one.db"), open_db(root / "two.db")
        write_demo(one, accounts=args.accounts, seed=7, lang="en", force=False)
        with one.connect() as conn:
            rows = sum(
                conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in (
                    "account",
                    "person",
                    "activity",
                    "stage_event",
                    "assessment",
                    "assessment_factor",
                    "plan_task",
                    "sim_reason",
                    "ladder_event",
                    "milestone",
                )
            )
        url = server.url(user="rae", password="r", database="bench")
        results = []
        with psycopg.connect(url) as rae:
            start = time.perf_counter()
            join_team(one, rae, "service=team", clock.now())
            results.append(("first join, sending", time.perf_counter() - start, 60.0))
            start = time.perf_counter()
            join_team(two, rae, "service=team", clock.now())
            results.append(("second laptop, receiving", time.perf_counter() - start, 60.0))
            with one.begin() as conn:
                conn.execute(text("UPDATE account SET city = 'Ningbo' WHERE id <= 1000"))
            start = time.perf_counter()
            sync(one, rae, clock.now())
            sync(two, rae, clock.now())
            results.append(("1,000 changes sent and received", time.perf_counter() - start, 2.0))
        times, errors = _many_clients(server, root)
        results.append((f"{CLIENTS} laptops at once, slowest", max(times, default=float("inf")), 10.0))
        print(f"{args.accounts:,} accounts, {rows:,} rows")
        for label, seconds, target in results:
            ok = seconds < target
            failed |= not ok
            print(f"{label:<36} {seconds:8.2f} s   (target < {target:g} s) {'OK' if ok else 'MISSED'}")
        median = sorted(times)[len(times) // 2] if times else 0.0
        print(f"{CLIENTS} laptops at once: {len(times)} synced, {len(errors)} failed; median {median:.2f} s")
        for error in errors:
            print("  failed:", error)
        failed |= bool(errors)
        one.dispose()
        two.dispose()
    finally:
        server.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
