"""Value assessment (价值评估): weights, thresholds, axes, grades and drivers."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from fieldcrm.domain.scoring import (
    CAPABILITY_FACTORS,
    DEFAULT_WEIGHTS,
    DIFFICULTY_FACTORS,
    FACTORS,
    MAX_UNKNOWN,
    VALUE_FACTORS,
    Grade,
    InvalidThresholds,
    InvalidWeights,
    Thresholds,
    assess,
    grade_for,
    validate_weights,
)

RANK = {Grade.A: 0, Grade.B: 1, Grade.C: 2, Grade.D: 3}  # best to worst

score = st.integers(1, 5)
maybe_score = st.one_of(st.none(), score)
complete_scores = st.fixed_dictionaries({f: score for f in FACTORS})
any_scores = st.fixed_dictionaries({f: maybe_score for f in FACTORS})
axis = st.floats(0, 100, allow_nan=False)


@st.composite
def weights(draw: st.DrawFn) -> dict[str, int]:
    """Seven whole weights adding up to 100, at least one value and one difficulty weight."""
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=6, max_size=6)))
    bounds = [0, *cuts, 100]
    w = {f: bounds[i + 1] - bounds[i] for i, f in enumerate(FACTORS)}
    assume(sum(w[f] for f in VALUE_FACTORS) > 0)
    assume(sum(w[f] for f in DIFFICULTY_FACTORS + CAPABILITY_FACTORS) > 0)
    return w


@st.composite
def thresholds(draw: st.DrawFn) -> Thresholds:
    low, high = sorted(draw(st.lists(axis, min_size=2, max_size=2)))
    ok, top = sorted(draw(st.lists(axis, min_size=2, max_size=2)))
    return Thresholds(value_high=high, value_low=low, difficulty_ok=ok, difficulty_max=top)


def raised(scores: dict[str, int | None], factor: str) -> dict[str, int | None]:
    s = scores[factor]
    assume(s is not None and s < 5)
    return {**scores, factor: s + 1}


def both_known(before: float | None, after: float | None) -> bool:
    """An axis is unknown before and after alike (its known weights do not change)."""
    assert (before is None) == (after is None)
    return before is not None


# --- weights and thresholds -------------------------------------------------------------------


def test_default_weights_are_valid_and_sum_to_100():
    assert validate_weights(DEFAULT_WEIGHTS) == DEFAULT_WEIGHTS
    assert sum(DEFAULT_WEIGHTS.values()) == 100


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"A": 21}, "weights.sum"),  # 101
        ({"A": 19}, "weights.sum"),  # 99
        ({"B": -10, "A": 40}, "weights.negative"),
        ({"A": 20.0}, "weights.negative"),  # not a whole number
        ({"A": 0, "D": 0, "B": 50}, "weights.value_zero"),
        ({"A": 50, "D": 50, "B": 0, "C": 0, "E": 0, "F": 0, "G": 0}, "weights.difficulty_zero"),
    ],
)
def test_bad_weights_refused(change, key):
    with pytest.raises(InvalidWeights) as exc:
        validate_weights({**DEFAULT_WEIGHTS, **change})
    assert str(exc.value) == key


@pytest.mark.parametrize(
    "w",
    [
        {f: v for f, v in DEFAULT_WEIGHTS.items() if f != "G"},  # a factor missing
        {**DEFAULT_WEIGHTS, "H": 0},  # an unknown factor
    ],
)
def test_weights_must_name_the_seven_factors(w):
    with pytest.raises(InvalidWeights, match=r"weights\.factors"):
        validate_weights(w)


def test_assess_refuses_weights_not_summing_to_100():
    with pytest.raises(InvalidWeights):
        assess(dict.fromkeys(FACTORS, 3), weights={**DEFAULT_WEIGHTS, "A": 30})


@given(weights())
def test_generated_weights_are_accepted(w):
    assert validate_weights(w) == w


@given(st.dictionaries(st.sampled_from(FACTORS), st.integers(-5, 60), min_size=7, max_size=7))
def test_weights_accepted_only_if_they_sum_to_100(w):
    if sum(w.values()) != 100 or min(w.values()) < 0:
        with pytest.raises(InvalidWeights):
            validate_weights(w)
    elif w["A"] + w["D"] == 0 or w["A"] + w["D"] == 100:
        with pytest.raises(InvalidWeights, match="_zero"):
            validate_weights(w)
    else:
        assert validate_weights(w) == w


def test_default_thresholds():
    t = Thresholds()
    assert (t.value_low, t.value_high, t.difficulty_ok, t.difficulty_max) == (40, 65, 50, 80)


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"value_low": 70, "value_high": 60}, "thresholds.order"),
        ({"difficulty_ok": 90, "difficulty_max": 80}, "thresholds.order"),
        ({"value_high": 101}, "thresholds.range"),
        ({"value_low": -1}, "thresholds.range"),
        ({"difficulty_max": float("nan")}, "thresholds.range"),
    ],
)
def test_bad_thresholds_refused(kwargs, key):
    with pytest.raises(InvalidThresholds) as exc:
        Thresholds(**kwargs)
    assert str(exc.value) == key


def test_equal_thresholds_allowed():
    t = Thresholds(value_high=50, value_low=50, difficulty_ok=50, difficulty_max=50)
    assert grade_for(50, 49.9, t) is Grade.A
    assert grade_for(49.9, 0, t) is Grade.D
    assert grade_for(50, 50, t) is Grade.D


# --- grade_for --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "difficulty", "grade"),
    [
        (65, 50, Grade.A),
        (100, 0, Grade.A),
        (65, 50.1, Grade.B),
        (100, 79.9, Grade.B),
        (64.9, 0, Grade.C),
        (40, 79.9, Grade.C),
        (39.9, 0, Grade.D),
        (100, 80, Grade.D),
        (0, 100, Grade.D),
    ],
)
def test_grade_for_boundaries_with_default_thresholds(value, difficulty, grade):
    assert grade_for(value, difficulty, Thresholds()) is grade


@given(axis, axis, thresholds())
def test_grade_for_covers_the_plane(value, difficulty, t):
    g = grade_for(value, difficulty, t)
    assert isinstance(g, Grade)
    if value < t.value_low or difficulty >= t.difficulty_max:
        assert g is Grade.D
    elif value >= t.value_high:
        assert g is (Grade.A if difficulty <= t.difficulty_ok else Grade.B)
    else:
        assert g is Grade.C


@given(axis, axis, axis, thresholds())
def test_more_value_never_worsens_the_grade(v1, v2, difficulty, t):
    lo, hi = sorted((v1, v2))
    assert RANK[grade_for(hi, difficulty, t)] <= RANK[grade_for(lo, difficulty, t)]


@given(axis, axis, axis, thresholds())
def test_more_difficulty_never_improves_the_grade(value, d1, d2, t):
    lo, hi = sorted((d1, d2))
    assert RANK[grade_for(value, hi, t)] >= RANK[grade_for(value, lo, t)]


# --- assess: axes, grades, unknowns -----------------------------------------------------------


def test_worked_example_from_docs():
    """The example in docs/scoring.md, checked against the code."""
    r = assess({"A": 4, "B": 3, "C": 2, "D": 5, "E": 2, "F": 4, "G": 3})
    assert (r.value, r.difficulty, r.total) == (87.5, 35.4, 73.8)
    assert r.grade is Grade.A
    assert r.unknown == ()
    assert r.drivers == ("D", "A", "C")
    c_unknown = assess({"A": 4, "B": 3, "C": None, "D": 5, "E": 2, "F": 4, "G": 3})
    assert (c_unknown.value, c_unknown.difficulty, c_unknown.total) == (87.5, 38.9, 73.5)
    assert c_unknown.grade is Grade.A
    assert assess({"A": 4, "B": None, "C": None, "D": 5, "E": None, "F": 4, "G": 3}).insufficient


def test_best_and_worst_cases():
    best = assess({"A": 5, "B": 1, "C": 1, "D": 5, "E": 1, "F": 5, "G": 1})
    assert (best.value, best.difficulty, best.total, best.grade) == (100, 0, 100, Grade.A)
    worst = assess({"A": 1, "B": 5, "C": 5, "D": 1, "E": 5, "F": 1, "G": 5})
    assert (worst.value, worst.difficulty, worst.total, worst.grade) == (0, 100, 0, Grade.D)


def test_unknown_factors_are_left_out_of_the_means():
    r = assess({"A": 5, "B": 1, "C": None, "D": 3, "E": 1, "F": 5, "G": None})
    assert r.unknown == ("C", "G")
    assert r.value == 75.0  # (20*1 + 20*0.5) / 40
    assert r.difficulty == 0.0
    assert r.grade is not None


def test_missing_keys_count_as_unknown():
    r = assess({"A": 3, "B": 3, "D": 3, "E": 3, "F": 3})
    assert r.unknown == ("C", "G")
    assert r.grade is not None


def test_exactly_max_unknown_still_graded_one_more_is_insufficient():
    scores: dict[str, int | None] = dict.fromkeys(FACTORS, 3)
    for f in ("B", "C"):
        scores[f] = None
    assert len([f for f in FACTORS if scores[f] is None]) == MAX_UNKNOWN
    assert assess(scores).grade is not None
    scores["E"] = None
    r = assess(scores)
    assert r.insufficient and r.grade is None and r.total is None and r.drivers == ()
    assert r.unknown == ("B", "C", "E")


def test_both_value_factors_unknown_is_insufficient():
    r = assess({"A": None, "B": 3, "C": 3, "D": None, "E": 3, "F": 3, "G": 3})
    assert r.value is None
    assert r.insufficient


@pytest.mark.parametrize("bad", [{"A": 0}, {"A": 6}, {"H": 3}])
def test_bad_scores_refused(bad):
    with pytest.raises(ValueError, match="bad score"):
        assess({**dict.fromkeys(FACTORS, 3), **bad})


@given(complete_scores, weights(), thresholds())
def test_every_complete_score_set_gets_exactly_one_grade(scores, w, t):
    r = assess(scores, w, t)
    assert isinstance(r.grade, Grade)
    assert not r.insufficient
    assert r.unknown == ()
    assert r.grade is grade_for(r.value, r.difficulty, t)


@given(any_scores)
def test_more_than_max_unknown_is_insufficient(scores):
    unknown = [f for f in FACTORS if scores[f] is None]
    r = assess(scores)
    assert r.unknown == tuple(unknown)
    if len(unknown) > MAX_UNKNOWN:
        assert r.grade is None and r.insufficient and r.total is None


@given(any_scores, weights())
def test_axes_and_total_stay_within_0_and_100(scores, w):
    r = assess(scores, w)
    for x in (r.value, r.difficulty, r.total):
        assert x is None or 0 <= x <= 100


@given(any_scores, weights(), st.sampled_from(VALUE_FACTORS))
def test_raising_a_value_factor_never_lowers_value(scores, w, f):
    before, after = assess(scores, w), assess(raised(scores, f), w)
    if both_known(before.value, after.value):
        assert after.value >= before.value
    assert after.difficulty == before.difficulty


@given(any_scores, weights(), st.sampled_from(DIFFICULTY_FACTORS))
def test_raising_a_difficulty_factor_never_lowers_difficulty(scores, w, f):
    before, after = assess(scores, w), assess(raised(scores, f), w)
    if both_known(before.difficulty, after.difficulty):
        assert after.difficulty >= before.difficulty
    assert after.value == before.value


@given(any_scores, weights())
def test_raising_capability_f_never_raises_difficulty(scores, w):
    before, after = assess(scores, w), assess(raised(scores, "F"), w)
    if both_known(before.difficulty, after.difficulty):
        assert after.difficulty <= before.difficulty
    assert after.value == before.value


def test_each_factor_moves_its_axis_with_default_weights():
    base = dict.fromkeys(FACTORS, 3)
    r0 = assess(base)
    for f in VALUE_FACTORS:
        assert assess({**base, f: 4}).value > r0.value
    for f in DIFFICULTY_FACTORS:
        assert assess({**base, f: 4}).difficulty > r0.difficulty
    assert assess({**base, "F": 4}).difficulty < r0.difficulty


@given(any_scores, weights())
def test_drivers_are_known_factors(scores, w):
    r = assess(scores, w)
    known = {f for f in FACTORS if scores[f] is not None}
    assert set(r.drivers) <= known
    assert len(r.drivers) == len(set(r.drivers)) <= 3


def test_drivers_point_the_way_of_the_grade():
    good = assess({"A": 5, "B": 3, "C": 3, "D": 4, "E": 3, "F": 3, "G": 3})
    assert good.grade in (Grade.A, Grade.B)
    assert good.drivers == ("A", "D")  # neutral 3s push nowhere
    bad = assess({"A": 1, "B": 3, "C": 3, "D": 3, "E": 3, "F": 3, "G": 5})
    assert bad.grade in (Grade.C, Grade.D)
    assert bad.drivers == ("A", "G")  # 20*2 = 40 before 15*2 = 30
