"""Scoring settings in the setting table: defaults, round trip, refusal of invalid values."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from fieldcrm.domain.scoring import DEFAULT_WEIGHTS, InvalidThresholds, InvalidWeights, Thresholds
from fieldcrm.store.settings import THRESHOLDS_KEY, WEIGHTS_KEY, ScoringSettings, load_scoring, save_scoring

CUSTOM = {"A": 30, "B": 10, "C": 10, "D": 20, "E": 10, "F": 10, "G": 10}


def stored(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        return dict(conn.execute(text("SELECT key, value FROM setting")).all())


def test_defaults_when_nothing_is_stored(engine: Engine) -> None:
    settings = load_scoring(engine)
    assert settings.weights == DEFAULT_WEIGHTS
    assert settings.thresholds == Thresholds()
    assert stored(engine) == {}


def test_round_trip(engine: Engine) -> None:
    limits = Thresholds(value_high=70, value_low=35.5, difficulty_ok=45, difficulty_max=85)
    save_scoring(engine, ScoringSettings(CUSTOM, limits))
    assert load_scoring(engine) == ScoringSettings(CUSTOM, limits)
    assert set(stored(engine)) == {WEIGHTS_KEY, THRESHOLDS_KEY}
    save_scoring(engine, ScoringSettings())  # saving again replaces, never duplicates
    assert load_scoring(engine) == ScoringSettings()


@pytest.mark.parametrize("change", [{"A": 21}, {"A": 19}, {"A": 0, "D": 0, "B": 50}, {"B": -10, "A": 40}])
def test_weights_that_break_the_rules_are_refused(engine: Engine, change: dict[str, int]) -> None:
    with pytest.raises(InvalidWeights):
        save_scoring(engine, ScoringSettings({**DEFAULT_WEIGHTS, **change}))
    assert stored(engine) == {}


def test_thresholds_out_of_order_are_refused() -> None:
    with pytest.raises(InvalidThresholds):
        ScoringSettings(CUSTOM, Thresholds(value_low=70, value_high=60))


@pytest.mark.parametrize(
    ("weights", "thresholds"),
    [
        ("not json", '{"value_low": 30, "bogus": 1}'),
        ('{"A": 100}', '{"value_low": 90, "value_high": 10}'),
        ("[1, 2]", '{"value_low": "x"}'),
    ],
)
def test_damaged_values_read_as_defaults(engine: Engine, weights: str, thresholds: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO setting (key, value) VALUES (:k, :v)"),
            [{"k": WEIGHTS_KEY, "v": weights}, {"k": THRESHOLDS_KEY, "v": thresholds}],
        )
    assert load_scoring(engine) == ScoringSettings()
