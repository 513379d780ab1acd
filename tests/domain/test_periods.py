"""The report's periods: keys for flags and messages, and where each starts."""

from __future__ import annotations

from datetime import date

from fieldcrm.domain.periods import DEFAULT_PERIOD, PERIODS, period_days, period_key, period_start


def test_keys_read_back_to_their_period() -> None:
    assert [period_key(days) for days in PERIODS] == ["30", "90", "365", "all"]
    assert [period_days(period_key(days)) for days in PERIODS] == list(PERIODS)
    assert DEFAULT_PERIOD in PERIODS


def test_a_period_counts_today_as_its_last_day() -> None:
    assert period_start(date(2026, 11, 27), 30) == date(2026, 10, 29)
    assert period_start(date(2026, 11, 27), None) is None
