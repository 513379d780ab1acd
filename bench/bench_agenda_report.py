"""Agenda and report speed on 100,000 demo accounts, against the targets of the agenda issue.

Works on a copy of a kept demo database (bench/seeded.py; or uses ``--db``), opens the app at
160x48 on a frozen clock, and measures from the key on the board (``a``, ``r``) to the
screen's first refresh with its data, as the terminal driver would deliver the key:
- the agenda: every section's count and the first page of overdue next steps;
- the report for the default period (90 days), and the report over all time;
- switching agenda sections and report periods once open.

Run: ``python bench/bench_agenda_report.py [--accounts N] [--db PATH]``. Exits non-zero when
a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from seeded import seeded

if TYPE_CHECKING:
    from textual.pilot import Pilot
    from textual.widget import Widget

NOW = "2026-11-27T09:00:00"
RUNS = 5
POLL_S = 0.001
TARGET_S = 1.0
MEASURED = (  # what is timed (a key of measure()'s result) and how it is reported
    ("agenda", "agenda: key to counts and first page shown"),
    ("section", "agenda: another section shown"),
    ("report", "report (90 days): key to charts shown"),
    ("all", "report: all time shown"),
    ("period", "report: back to 30 days shown"),
)


async def _until(condition: Callable[[], bool]) -> None:
    """Wait for ``condition``, polling every millisecond: a busy loop would take the GIL from
    the worker thread it waits for."""
    while not condition():
        await asyncio.sleep(POLL_S)


async def _redrawn(widget: Widget) -> None:
    """Return once the screen has refreshed after everything posted so far."""
    done = asyncio.get_running_loop().create_future()

    def finish() -> None:
        if not done.done():
            done.set_result(None)

    widget.call_after_refresh(finish)
    await done


async def _timed(pilot: Pilot[int], key: str, shown: Callable[[], bool]) -> float:
    """Seconds from posting ``key`` to ``shown()`` holding and the screen redrawn."""
    from textual import events

    app = pilot.app
    started = time.perf_counter()
    app.post_message(events.Key(key, key if len(key) == 1 else None))
    await _until(shown)
    await _redrawn(app.screen)
    return time.perf_counter() - started


def _ready(app: object, kind: type) -> Callable[[], bool]:
    """The screen of ``kind`` is up with its latest read drawn (a flag: cheap to poll)."""

    def check() -> bool:
        screen = app.screen  # type: ignore[attr-defined]
        return isinstance(screen, kind) and bool(getattr(screen, "drawn", False))

    return check


async def measure(path: Path) -> dict[str, list[float]]:
    from fieldcrm import clock
    from fieldcrm.store.db import open_db
    from fieldcrm.tui.app import FieldCRM
    from fieldcrm.tui.screens.agenda import AgendaScreen
    from fieldcrm.tui.screens.report import ReportScreen

    clock.freeze(date.fromisoformat(NOW[:10]))
    app = FieldCRM(open_db(path), path, "en", offer_demo=False, tune_gc=True)
    times: dict[str, list[float]] = {k: [] for k in ("agenda", "section", "report", "all", "period")}
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(1.0)  # past the board's warm-up, as a user reading the board would be
        for _ in range(RUNS):
            times["agenda"].append(await _timed(pilot, "a", _ready(app, AgendaScreen)))
            for key in ("6", "1"):  # stalled accounts, then back to overdue
                app.screen.drawn = False  # type: ignore[attr-defined]
                times["section"].append(await _timed(pilot, key, _ready(app, AgendaScreen)))
            await pilot.press("escape")
            times["report"].append(await _timed(pilot, "r", _ready(app, ReportScreen)))
            app.screen.drawn = False  # type: ignore[attr-defined]
            times["all"].append(await _timed(pilot, "4", _ready(app, ReportScreen)))
            app.screen.drawn = False  # type: ignore[attr-defined]
            times["period"].append(await _timed(pilot, "1", _ready(app, ReportScreen)))
            await pilot.press("escape")
    return times


def line(label: str, value: float, unit: str, target: str, ok: bool | None) -> bool:
    """Print a figure beside its target (``ok`` None: shown for reference, no target)."""
    verdict = "" if ok is None else "OK" if ok else "MISSED"
    print(f"{label:<46} {value:>9.3f} {unit:<3} ({target}) {verdict}".rstrip())
    return ok is not False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="an already seeded database (not written to)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db
        if path is None:
            path = Path(tmp) / "bench.db"
            print(seeded(path, args.accounts))
        times = asyncio.run(measure(path))
    load = os.getloadavg()[0]
    print(f"{RUNS} runs each, medians; load average {load:.2f} on {os.cpu_count()} CPUs")
    results = []
    for key, label in MEASURED:
        median = statistics.median(times[key])
        results.append(line(label, median, "s", f"target < {TARGET_S:g} s", median < TARGET_S))
    for key in ("agenda", "report"):
        line(f"{key}: slowest of {RUNS} opens", max(times[key]), "s", "for reference", None)
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
