"""Value assessment (价值评估): seven weighted factors give value, difficulty and a grade.

Each factor is scored 1-5 or left unknown (None). Value factors raise the deal's value;
difficulty factors raise its difficulty; our sales capability (F) lowers difficulty.
The formulas are written out in docs/scoring.md so a team lead can check a grade by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

FACTORS = ("A", "B", "C", "D", "E", "F", "G")
VALUE_FACTORS = ("A", "D")
DIFFICULTY_FACTORS = ("B", "C", "E", "G")
CAPABILITY_FACTORS = ("F",)  # scored as strength; counts (6 - score) towards difficulty
DEFAULT_WEIGHTS: dict[str, int] = {"A": 20, "B": 10, "C": 15, "D": 20, "E": 10, "F": 10, "G": 15}
MAX_UNKNOWN = 2  # more unknown factors than this: back to information gathering
SCORE_MIN, SCORE_MAX = 1, 5


class Grade(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"


GRADES = tuple(g.value for g in Grade)  # the one list of grades: filters, exports, CHECKs


class InvalidWeights(ValueError):
    """Weights must be seven non-negative whole numbers adding up to 100."""


class InvalidThresholds(ValueError):
    """Thresholds must lie in 0-100 with value_low <= value_high and difficulty_ok <= difficulty_max."""


def validate_weights(weights: Mapping[str, int]) -> dict[str, int]:
    if set(weights) != set(FACTORS):
        raise InvalidWeights("weights.factors")
    if any(not isinstance(w, int) or w < 0 for w in weights.values()):
        raise InvalidWeights("weights.negative")
    if sum(weights.values()) != 100:
        raise InvalidWeights("weights.sum")
    if sum(weights[f] for f in VALUE_FACTORS) == 0:
        raise InvalidWeights("weights.value_zero")
    if sum(weights[f] for f in DIFFICULTY_FACTORS + CAPABILITY_FACTORS) == 0:
        raise InvalidWeights("weights.difficulty_zero")
    return {f: int(weights[f]) for f in FACTORS}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Grade boundaries on the 0-100 value and difficulty axes."""

    value_high: float = 65.0  # A or B need at least this much value
    value_low: float = 40.0  # below this the deal is D
    difficulty_ok: float = 50.0  # A needs difficulty at most this
    difficulty_max: float = 80.0  # at or above this the deal is D

    def __post_init__(self) -> None:
        values = (self.value_high, self.value_low, self.difficulty_ok, self.difficulty_max)
        if any(not 0 <= v <= 100 for v in values):
            raise InvalidThresholds("thresholds.range")
        if self.value_low > self.value_high or self.difficulty_ok > self.difficulty_max:
            raise InvalidThresholds("thresholds.order")


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of scoring: axes and total in 0-100, or insufficient information."""

    value: float | None
    difficulty: float | None
    total: float | None
    grade: Grade | None
    unknown: tuple[str, ...]
    drivers: tuple[str, ...] = field(default=())  # factors that carried the grade, strongest first

    @property
    def insufficient(self) -> bool:
        return self.grade is None


def _weighted(
    scores: Mapping[str, int | None], weights: Mapping[str, int], parts: Mapping[str, bool]
) -> float | None:
    """Weighted mean of known factors on 0-100; ``parts`` says which factors are inverted."""
    num = den = 0.0
    for f, inverted in parts.items():
        s = scores.get(f)
        if s is None or weights[f] == 0:
            continue
        points = (SCORE_MAX - s) if inverted else (s - SCORE_MIN)
        num += weights[f] * points / (SCORE_MAX - SCORE_MIN)
        den += weights[f]
    return None if den == 0 else round(100 * num / den, 1)


def grade_for(value: float, difficulty: float, t: Thresholds) -> Grade:
    """Exactly one grade for every point of the value/difficulty plane."""
    if value < t.value_low or difficulty >= t.difficulty_max:
        return Grade.D
    if value >= t.value_high:
        return Grade.A if difficulty <= t.difficulty_ok else Grade.B
    return Grade.C


def assess(
    scores: Mapping[str, int | None],
    weights: Mapping[str, int] | None = None,
    thresholds: Thresholds | None = None,
) -> Result:
    """Score the seven factors; unknown factors are left out of the weighted means."""
    w = validate_weights(weights if weights is not None else DEFAULT_WEIGHTS)
    t = thresholds or Thresholds()
    for f, s in scores.items():
        if f not in FACTORS or (s is not None and not SCORE_MIN <= s <= SCORE_MAX):
            raise ValueError(f"bad score {f}={s!r}")
    unknown = tuple(f for f in FACTORS if scores.get(f) is None)
    value = _weighted(scores, w, {f: False for f in VALUE_FACTORS})
    difficulty = _weighted(
        scores, w, {**{f: False for f in DIFFICULTY_FACTORS}, **{f: True for f in CAPABILITY_FACTORS}}
    )
    if len(unknown) > MAX_UNKNOWN or value is None or difficulty is None:
        return Result(value, difficulty, None, None, unknown)
    favour = {f: False for f in VALUE_FACTORS} | {f: True for f in DIFFICULTY_FACTORS}
    favour |= {f: False for f in CAPABILITY_FACTORS}
    total = _weighted(scores, w, favour)
    grade = grade_for(value, difficulty, t)
    return Result(value, difficulty, total, grade, unknown, _drivers(scores, w, grade))


def _drivers(scores: Mapping[str, int | None], w: Mapping[str, int], grade: Grade) -> tuple[str, ...]:
    """The known factors that pushed hardest towards this grade (weight x distance from 3)."""
    good = grade in (Grade.A, Grade.B)

    def pull(f: str) -> float:
        s = scores[f]
        assert s is not None
        lean = s - 3 if f in VALUE_FACTORS + CAPABILITY_FACTORS else 3 - s
        return w[f] * (lean if good else -lean)

    known = [f for f in FACTORS if scores.get(f) is not None and pull(f) > 0]
    return tuple(sorted(known, key=pull, reverse=True)[:3])
