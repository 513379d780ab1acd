"""Forces for and against us (支持与反对力量) weighted by influence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldcrm.domain.forces import Forces, Role, Stance, forces

people = st.lists(st.tuples(st.sampled_from(list(Stance)), st.integers(1, 5)), max_size=30)


def test_sums_influence_by_stance():
    f = forces([(Stance.SUPPORT, 5), ("oppose", 3), ("neutral", 2), ("support", 1)])
    assert (f.support, f.neutral, f.oppose, f.total) == (6, 2, 3, 11)
    assert f.net_support == round(100 * 3 / 11) == 27
    assert f.penetration == round(100 * 6 / 11) == 55


def test_nobody_is_zero_not_a_division_error():
    f = forces([])
    assert f == Forces(0, 0, 0)
    assert (f.net_support, f.penetration) == (0, 0)


def test_extremes():
    assert forces([("support", 4)]).net_support == 100
    assert forces([("support", 4)]).penetration == 100
    assert forces([("oppose", 4)]).net_support == -100
    assert forces([("oppose", 4)]).penetration == 0
    assert forces([("neutral", 4)]).net_support == 0


def test_unknown_stance_refused():
    with pytest.raises(ValueError):
        forces([("hostile", 3)])


def test_roles_and_stances_are_the_stored_values():
    assert [r.value for r in Role] == ["decision_maker", "insider", "influencer", "user", "other"]
    assert [s.value for s in Stance] == ["support", "neutral", "oppose"]


@given(people)
def test_ranges(ps):
    f = forces(ps)
    assert -100 <= f.net_support <= 100
    assert 0 <= f.penetration <= 100
    assert f.total == sum(i for _, i in ps)


@given(people, st.integers(1, 5))
def test_a_new_supporter_never_lowers_support(ps, influence):
    before, after = forces(ps), forces([*ps, (Stance.SUPPORT, influence)])
    assert after.net_support >= before.net_support
    assert after.penetration >= before.penetration


@given(people, st.integers(1, 5))
def test_a_new_opponent_never_raises_support(ps, influence):
    before, after = forces(ps), forces([*ps, (Stance.OPPOSE, influence)])
    assert after.net_support <= before.net_support
    assert after.penetration <= before.penetration


def test_example_from_docs():
    """docs/scoring.md section 8."""
    f = forces([("support", 5), ("support", 3), ("oppose", 4), ("neutral", 2)])
    assert (f.support, f.neutral, f.oppose, f.total) == (8, 2, 4, 14)
    assert (f.net_support, f.penetration) == (29, 57)


def test_forces_on_a_day_take_each_persons_latest_standing():
    from datetime import date

    from fieldcrm.domain.forces import Standing, forces_on, moves

    standings = [
        Standing(1, None, "neutral", 3),  # known from before anything was dated
        Standing(2, date(2026, 1, 1), "oppose", 4),
        Standing(2, date(2026, 3, 1), "neutral", 4),
        Standing(2, date(2026, 3, 1), "support", 5),  # the same day: the later row wins
        Standing(3, date(2026, 4, 1), "oppose", 2),
    ]
    assert forces_on(date(2025, 12, 31), standings).total == 3
    assert forces_on(date(2026, 2, 1), standings).net_support == round(100 * -4 / 7)
    assert forces_on(date(2026, 3, 1), standings).net_support == round(100 * 5 / 8)
    assert forces_on(date(2026, 4, 1), standings).net_support == round(100 * 3 / 10)
    assert [(m.person, m.on, m.before.stance, m.after.stance) for m in moves(standings)] == [
        (2, date(2026, 3, 1), "oppose", "neutral"),
        (2, date(2026, 3, 1), "neutral", "support"),
    ]
