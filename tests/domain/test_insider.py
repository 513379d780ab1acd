"""The insider (内线): the relationship ladder and the six-point qualification."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fieldcrm.domain.insider import (
    CANDIDATE_CRITERIA,
    CANDIDATE_NAMES,
    ESTABLISHED_AT,
    QUALIFICATION,
    QUALIFICATION_NAMES,
    Ladder,
    is_qualified,
    qualification_met,
)


def test_ladder_steps_in_order():
    assert [int(s) for s in Ladder] == [1, 2, 3, 4, 5]


def test_up_and_down_stop_at_the_ends():
    assert Ladder.ALLIANCE.up() is None
    assert Ladder.ACQUAINTED.down() is None
    assert Ladder.ACQUAINTED.up() is Ladder.MEETING
    assert Ladder.ALLIANCE.down() is Ladder.TRUST


@given(st.sampled_from(list(Ladder)))
def test_up_and_down_move_one_step(step):
    if step.up() is not None:
        assert step.up() == step + 1
        assert step.up().down() is step
    if step.down() is not None:
        assert step.down() == step - 1
        assert step.down().up() is step


def test_established_from_endorsement():
    assert ESTABLISHED_AT is Ladder.ENDORSEMENT


def test_qualification_points_and_names():
    assert len(QUALIFICATION) == 6
    assert set(QUALIFICATION_NAMES) == set(QUALIFICATION)
    assert set(CANDIDATE_NAMES) == set(CANDIDATE_CRITERIA)
    assert QUALIFICATION_NAMES["trusts_rep"][1] == "信赖我司业务人员"


def test_qualified_needs_all_six():
    all_six = dict.fromkeys(QUALIFICATION, True)
    assert is_qualified(all_six)
    for q in QUALIFICATION:
        assert not is_qualified({**all_six, q: False})
        without = {k: v for k, v in all_six.items() if k != q}
        assert not is_qualified(without)
    assert not is_qualified({})


def test_unknown_keys_do_not_count():
    five = dict.fromkeys(QUALIFICATION[:5], True)
    assert not is_qualified({**five, "bribed": True})


@given(st.fixed_dictionaries({q: st.booleans() for q in QUALIFICATION}))
def test_qualification_met_in_method_order(checks):
    met = qualification_met(checks)
    assert met == tuple(q for q in QUALIFICATION if checks[q])
    assert is_qualified(checks) == all(checks.values())
