"""Settings kept in the ``setting`` table as JSON: the seven weights and the thresholds of
scoring, and the agenda's limits (when an account counts as stalled, an insider as stuck).

A missing (or hand-damaged) value reads as the defaults; writes are validated first, so
nothing invalid is ever stored by fieldcrm.
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
AGENDA_KEY = "agenda.limits"
# days without contact after which an active account counts as stalled, per stage: the
# closer to a deal, the shorter the silence the method tolerates
STALLED_DAYS = {1: 21, 2: 14, 3: 21, 4: 14, 5: 7}
INSIDER_DAYS = 30  # days an insider below Alliance may stay on one step of the ladder
REVIEW_DAYS = 30  # days between reviews of the forces at an account in stage 4
LIMIT_DAYS = (1, 3650)


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


class InvalidLimits(ValueError):
    """Every limit is a whole number of days within LIMIT_DAYS, one for each stage."""


@dataclass(frozen=True, slots=True)
class AgendaLimits:
    """When the agenda lists an active account as stalled (no contact for more than the days
    of its stage, or of its own contact target), an insider as stuck (on one ladder step for
    more than ``insider_days``) and a stage-4 account's forces as due for review (``review_days``
    after the last review, or after the account entered the stage)."""

    stalled_days: dict[int, int] = field(default_factory=lambda: dict(STALLED_DAYS))
    insider_days: int = INSIDER_DAYS
    review_days: int = REVIEW_DAYS

    def __post_init__(self) -> None:
        low, high = LIMIT_DAYS
        days = [*self.stalled_days.values(), self.insider_days, self.review_days]
        if set(self.stalled_days) != set(STALLED_DAYS) or not all(
            isinstance(d, int) and low <= d <= high for d in days
        ):
            raise InvalidLimits("agenda.limits_range")


def load_agenda_limits(engine: Engine) -> AgendaLimits:
    """The stored limits, or the defaults if absent or invalid."""
    with Session(engine) as s:
        stored = _read(s, AGENDA_KEY)
    try:
        stalled = {int(stage): days for stage, days in stored["stalled_days"].items()}
        return AgendaLimits(stalled, stored["insider_days"], stored.get("review_days", REVIEW_DAYS))
    except (InvalidLimits, TypeError, KeyError, ValueError, AttributeError):
        return AgendaLimits()


def save_agenda_limits(engine: Engine, limits: AgendaLimits) -> None:
    with transaction(engine) as s:
        s.merge(Setting(key=AGENDA_KEY, value=json.dumps(asdict(limits), sort_keys=True)))
