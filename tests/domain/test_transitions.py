"""The method's rule for changes of stage and status (domain.transitions)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldcrm.domain.stages import Stage, Status
from fieldcrm.domain.transitions import Refusal, Verdict, change_status, move

ALL_STATUSES = list(Status)


@given(st.sampled_from(list(Stage)), st.sampled_from(ALL_STATUSES), st.integers(-2, 8))
def test_only_an_active_account_moves_and_one_stage_at_a_time(stage: Stage, status: Status, to: int) -> None:
    verdict = move(stage, status, to)
    if status != Status.ACTIVE:
        assert verdict.refused == Refusal.NOT_ACTIVE
    elif to > Stage.CLOSE:
        assert verdict.refused == Refusal.NO_FURTHER
    elif to < Stage.PROSPECT:
        assert verdict.refused == Refusal.NO_BACK
    elif abs(to - stage) != 1:
        assert verdict.refused == Refusal.NOT_NEXT
    else:
        assert verdict.allowed


@pytest.mark.parametrize(("missing", "overridden", "held"), [
    ((), (), ()),
    (("need_known", "opportunity"), (), ("need_known", "opportunity")),
    (("need_known", "opportunity"), ("need_known",), ("opportunity",)),
    (("need_known",), ("need_known", "extra"), ()),
])  # fmt: skip
def test_a_forward_move_is_held_by_what_is_missing_and_not_overridden(missing, overridden, held) -> None:
    assert move(Stage.PROSPECT, Status.ACTIVE, 2, missing, overridden) == Verdict(missing=held)
    assert move(Stage.INFORMATION, Status.ACTIVE, 1, missing, overridden) == Verdict()  # back: no gate


@pytest.mark.parametrize(("status", "to", "refused"), [
    (Status.ACTIVE, Status.PAUSED, None),
    (Status.PAUSED, Status.ACTIVE, None),
    (Status.PAUSED, Status.PAUSED, Refusal.PAUSE_ONLY),
    (Status.ACTIVE, Status.ACTIVE, Refusal.PAUSE_ONLY),
    (Status.WON, Status.PAUSED, Refusal.PAUSE_ONLY),
    (Status.LOST, Status.ACTIVE, Refusal.PAUSE_ONLY),
    (Status.ACTIVE, Status.TERMINATED, None),
    (Status.ACTIVE, Status.LOST, None),
    (Status.PAUSED, Status.TERMINATED, Refusal.NOT_ACTIVE),
    (Status.TERMINATED, Status.LOST, Refusal.NOT_ACTIVE),
    (Status.PAUSED, Status.WON, Refusal.NOT_ACTIVE),
])  # fmt: skip
def test_status_changes(status: Status, to: Status, refused: Refusal | None) -> None:
    assert change_status(Stage.ASSESSMENT, status, to).refused == refused


def test_won_only_from_close_and_through_its_gate() -> None:
    assert change_status(Stage.RELATIONSHIP, Status.ACTIVE, Status.WON).refused == Refusal.WON_ONLY_CLOSE
    assert change_status(Stage.CLOSE, Status.ACTIVE, Status.WON, ("inspection",)).missing == ("inspection",)
    assert change_status(Stage.CLOSE, Status.ACTIVE, Status.WON, ("inspection",), ("inspection",)).allowed
