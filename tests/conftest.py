"""Shared test settings: a fast hypothesis profile, and a real database file per test."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import Engine

from fieldcrm import clock
from fieldcrm.store.reader import Reader

settings.register_profile(
    "fieldcrm",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("fieldcrm")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test database goes: a folder that does not exist yet, inside tmp_path."""
    return tmp_path / "data" / "fieldcrm.db"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    """A real SQLite file at the latest schema, opened as the app opens it."""
    from fieldcrm.store.db import open_db

    eng = open_db(db_path)
    yield eng
    eng.dispose()


@pytest.fixture
def reader(engine: Engine, db_path: Path) -> Iterator[Reader]:
    """The board's reader (store.reader) on the same file as ``engine``."""
    opened = Reader(db_path)
    yield opened
    opened.close()


@pytest.fixture
def freeze_clock() -> Iterator[Callable[[date], None]]:
    """Freeze fieldcrm's clock at a given day for the test; thawed afterwards."""
    yield clock.freeze
    clock.freeze(None)


TODAY = date(2026, 11, 27)  # the day the demo data, snapshots and screen tests are frozen at


@pytest.fixture
def frozen_today(freeze_clock: Callable[[date], None]) -> Iterator[date]:
    """The clock at TODAY; the interface language back to English afterwards."""
    from fieldcrm.i18n import set_language

    freeze_clock(TODAY)
    yield TODAY
    set_language("en")


@pytest.fixture(autouse=True)
def reads_settle(monkeypatch: pytest.MonkeyPatch) -> None:
    """After each key, wait for the account screen's read (a worker) to be shown, as a user
    waits for the screen to fill before reading it."""
    from textual.pilot import Pilot
    from textual.worker import WorkerCancelled

    press = Pilot.press

    async def press_and_wait(self: Pilot, *keys: str) -> None:
        await press(self, *keys)
        reads = [w for w in self.app.workers if w.group == "account" and not w.is_finished]
        for worker in reads:
            with contextlib.suppress(WorkerCancelled):  # a newer read took its place
                await worker.wait()
        if reads:
            await self.pause()

    monkeypatch.setattr(Pilot, "press", press_and_wait)
