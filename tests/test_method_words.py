"""The method's words in both languages, by the ids the domain uses (i18n/method.py)."""

from __future__ import annotations

from fieldcrm.domain.insider import Ladder
from fieldcrm.domain.scoring import FACTORS, Grade
from fieldcrm.domain.stages import Stage
from fieldcrm.i18n import (
    factor_name,
    grade_action,
    ladder_name,
    set_language,
    stage_full_name,
    stage_name,
    stage_roles,
)

EN = ["Prospect", "Information", "Assessment", "Relationship", "Close"]
ZH = ["确定开发对象", "信息收集", "价值评估", "关系建立", "促成合作"]


def test_names_exactly_as_the_method_gives_them():
    assert [stage_name(s, "en") for s in Stage] == EN
    assert [stage_name(s, "zh") for s in Stage] == ZH


def test_unknown_language_falls_back_to_english():
    assert stage_name(Stage.CLOSE, "fr") == "Close"


def test_the_interface_language_is_the_default():
    set_language("zh")
    try:
        assert stage_name(Stage.PROSPECT) == "确定开发对象" and ladder_name(Ladder.TRUST) == "信赖"
    finally:
        set_language("en")
    assert stage_name(Stage.PROSPECT) == "Prospect"


def test_full_names_and_roles():
    assert stage_full_name(Stage.INFORMATION, "zh") == "样品提供/信息收集"
    assert stage_full_name(Stage.ASSESSMENT, "zh") == "价值评估/开发程序"
    assert stage_roles(Stage.PROSPECT, "zh") == "商开专员"
    assert stage_roles(Stage.ASSESSMENT, "zh") == "外拓组长"
    assert stage_roles(Stage.CLOSE, "en") == "Executives"
    assert "商务经理" in stage_roles(Stage.RELATIONSHIP, "zh")


def test_ladder_names_in_order():
    assert [ladder_name(s, "zh") for s in Ladder] == ["认识", "约会", "认同", "信赖", "同盟"]
    assert [ladder_name(s, "en") for s in Ladder] == [
        "Acquainted",
        "Meeting",
        "Endorsement",
        "Trust",
        "Alliance",
    ]


def test_names_and_actions_in_both_languages():
    assert factor_name("C", "en") == "Deal risk"
    assert factor_name("C", "zh") == "成交风险"
    assert grade_action(Grade.A, "zh") == "全力以赴"
    assert grade_action(Grade.D, "zh") == "暂缓；观察"
    assert grade_action(Grade.D, "en") == "Pause and observe"
    assert all(factor_name(f, "zh") != f"factor.{f}" for f in FACTORS)
