"""The five stages, their names in both languages, order, statuses and responsible roles."""

from __future__ import annotations

import pytest

from fieldcrm.domain.stages import STAGES, Stage, Status

EN = ["Prospect", "Information", "Assessment", "Relationship", "Close"]
ZH = ["确定开发对象", "信息收集", "价值评估", "关系建立", "促成合作"]


def test_five_stages_numbered_1_to_5():
    assert [int(s) for s in Stage] == [1, 2, 3, 4, 5]
    assert set(STAGES) == set(Stage)
    assert all(STAGES[s].stage is s for s in Stage)


def test_names_exactly_as_the_method_gives_them():
    assert [s.info.name("en") for s in Stage] == EN
    assert [s.info.name("zh") for s in Stage] == ZH
    assert [s.info.name_en for s in Stage] == EN
    assert [s.info.name_zh for s in Stage] == ZH


def test_unknown_language_falls_back_to_english():
    assert Stage.CLOSE.info.name("fr") == "Close"


def test_full_names_and_roles():
    assert Stage.INFORMATION.info.full_zh == "样品提供/信息收集"
    assert Stage.ASSESSMENT.info.full_zh == "价值评估/开发程序"
    assert Stage.PROSPECT.info.roles("zh") == "商开专员"
    assert Stage.ASSESSMENT.info.roles("zh") == "外拓组长"
    assert Stage.CLOSE.info.roles("en") == "Executives"
    assert "商务经理" in Stage.RELATIONSHIP.info.roles("zh")


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
