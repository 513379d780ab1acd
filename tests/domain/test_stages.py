"""The five stages, their order and the statuses (their words: tests/test_method_words.py)."""

from __future__ import annotations

import pytest

from fieldcrm.domain.stages import Stage, Status


def test_five_stages_numbered_1_to_5():
    assert [int(s) for s in Stage] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("stage", "nxt", "prev"),
    [
        (Stage.PROSPECT, Stage.INFORMATION, None),
        (Stage.INFORMATION, Stage.ASSESSMENT, Stage.PROSPECT),
        (Stage.ASSESSMENT, Stage.RELATIONSHIP, Stage.INFORMATION),
        (Stage.RELATIONSHIP, Stage.CLOSE, Stage.ASSESSMENT),
        (Stage.CLOSE, None, Stage.RELATIONSHIP),
    ],
)
def test_next_and_previous(stage, nxt, prev):
    assert stage.next() is nxt
    assert stage.previous() is prev


def test_next_then_previous_round_trips():
    for s in Stage:
        if s.next() is not None:
            assert s.next().previous() is s


def test_stage_from_stored_number():
    assert Stage(3) is Stage.ASSESSMENT
    with pytest.raises(ValueError):
        Stage(6)
    with pytest.raises(ValueError):
        Stage(0)


def test_statuses():
    assert [s.value for s in Status] == ["active", "paused", "terminated", "won", "lost"]
    assert {s for s in Status if s.needs_reason} == {Status.TERMINATED, Status.LOST}
    assert {s for s in Status if s.is_closed} == {Status.TERMINATED, Status.WON, Status.LOST}
    assert not Status.PAUSED.is_closed and not Status.ACTIVE.is_closed
