"""Scoring settings kept in the ``setting`` table as JSON: the seven weights and the thresholds.

A missing (or hand-damaged) value reads as the defaults of ``domain.scoring``; writes are
validated first, so nothing invalid is ever stored by fieldcrm.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from fieldcrm.domain.scoring import (
    DEFAULT_WEIGHTS,
    InvalidThresholds,
    InvalidWeights,
    Thresholds,
    validate_weights,
)
from fieldcrm.store.models import Setting
from fieldcrm.store.session import transaction

WEIGHTS_KEY = "scoring.weights"
THRESHOLDS_KEY = "scoring.thresholds"


@dataclass(frozen=True, slots=True)
class ScoringSettings:
    """The weights and thresholds every new assessment is scored with."""

    weights: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    thresholds: Thresholds = field(default_factory=Thresholds)

    def __post_init__(self) -> None:
        validate_weights(self.weights)


def _read(s: Session, key: str) -> Any:
    row = s.exec(select(Setting.value).where(Setting.key == key)).first()
    try:
        return None if row is None else json.loads(row)
    except ValueError:
        return None


def read_scoring(s: Session) -> ScoringSettings:
    """The stored settings, each part falling back to its default if absent or invalid."""
    defaults = ScoringSettings()
    weights, thresholds = _read(s, WEIGHTS_KEY), _read(s, THRESHOLDS_KEY)
    try:
        weights = validate_weights(weights) if isinstance(weights, dict) else defaults.weights
    except InvalidWeights:
        weights = defaults.weights
    try:
        limits = Thresholds(**thresholds) if isinstance(thresholds, dict) else defaults.thresholds
    except (InvalidThresholds, TypeError):
        limits = defaults.thresholds
    return ScoringSettings(weights, limits)


def load_scoring(engine: Engine) -> ScoringSettings:
    with Session(engine) as s:
        return read_scoring(s)


def write_scoring(s: Session, settings: ScoringSettings) -> None:
    """Store both parts inside the caller's transaction."""
    for key, value in (
        (WEIGHTS_KEY, validate_weights(settings.weights)),
        (THRESHOLDS_KEY, asdict(settings.thresholds)),
    ):
        s.merge(Setting(key=key, value=json.dumps(value, sort_keys=True)))


def save_scoring(engine: Engine, settings: ScoringSettings) -> None:
    with transaction(engine) as s:
        write_scoring(s, settings)
