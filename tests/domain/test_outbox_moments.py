"""An outbox entry's moment is SQLite's clock, in UTC: its stamp is the same instant whatever
the laptop's time zone (a laptop west of Greenwich would otherwise stamp hours ahead, and be
refused as "the clock of this laptop is wrong")."""

from __future__ import annotations

import time

import pytest

from fieldcrm.team.send import outbox_ms


@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai", "America/New_York"])
def test_an_outbox_moment_is_read_as_utc_in_any_zone(monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert outbox_ms("2026-11-27T01:00:00.250") == 1_795_741_200_250
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_moment_ahead_of_the_clock_is_now() -> None:
    """A change made while the laptop's clock was ahead, sent once it is right, is stamped now."""
    ahead = time.gmtime(time.time() + 3600)
    now_ms = time.time() * 1000
    assert abs(outbox_ms(time.strftime("%Y-%m-%dT%H:%M:%S.000", ahead)) - now_ms) < 5_000
