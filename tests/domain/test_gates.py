"""Each stage's exit checklist: what is missing, given what is known about the account."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldcrm.domain.gates import (
    COMPANY_FIELDS,
    DM_CLOSENESS_NEEDED,
    INFO_SUFFICIENT_PCT,
    AccountFacts,
    exit_checklist,
    info_completeness,
    missing,
)
from fieldcrm.domain.insider import Ladder
from fieldcrm.domain.scoring import Grade
from fieldcrm.domain.stages import Stage

ALL_MET = {
    Stage.PROSPECT: {"need_known": True, "contacts": 1, "opportunity": True},
    Stage.INFORMATION: {
        "proposal_provided": True,
        "best_insider_step": int(Ladder.ENDORSEMENT),
        "info_completeness": INFO_SUFFICIENT_PCT,
        "need_clear": True,
    },
    Stage.ASSESSMENT: {"grade": Grade.A, "obstacles_noted": True, "plan_tasks": 1},
    Stage.RELATIONSHIP: {"supporting_dm_closeness": DM_CLOSENESS_NEEDED, "net_support": 1},
    Stage.CLOSE: {"exec_talks": True, "inspection": True, "system_support": True},
}

KEYS = {
    Stage.PROSPECT: ["need_known", "first_contact", "opportunity"],
    Stage.INFORMATION: ["proposal", "insider", "info_sufficient", "need_clear"],
    Stage.ASSESSMENT: ["graded", "grade_advance", "obstacles", "plan"],
    Stage.RELATIONSHIP: ["dm_relationship", "influence"],
    Stage.CLOSE: ["exec_talks", "inspection", "system_support"],
}


@pytest.mark.parametrize("stage", list(Stage))
def test_nothing_known_everything_missing(stage):
    facts = AccountFacts(stage=stage)
    assert [i.key for i in exit_checklist(facts)] == KEYS[stage]
    assert missing(facts) == KEYS[stage]


@pytest.mark.parametrize("stage", list(Stage))
def test_everything_known_nothing_missing(stage):
    facts = AccountFacts(stage=stage, **ALL_MET[stage])
    assert all(i.met for i in exit_checklist(facts))
    assert missing(facts) == []


@pytest.mark.parametrize("stage", list(Stage))
def test_only_the_current_stage_is_checked(stage):
    others = {k: v for s, facts in ALL_MET.items() if s != stage for k, v in facts.items()}
    assert missing(AccountFacts(stage=stage, **others)) == KEYS[stage]


@pytest.mark.parametrize(
    ("stage", "change", "missing_keys"),
    [
        (Stage.PROSPECT, {"contacts": 0}, ["first_contact"]),
        (Stage.PROSPECT, {"opportunity": False}, ["opportunity"]),
        (Stage.PROSPECT, {"opportunity": None}, ["opportunity"]),
        (Stage.INFORMATION, {"best_insider_step": int(Ladder.MEETING)}, ["insider"]),
        (Stage.INFORMATION, {"best_insider_step": None}, ["insider"]),
        (Stage.INFORMATION, {"info_completeness": INFO_SUFFICIENT_PCT - 1}, ["info_sufficient"]),
        (Stage.INFORMATION, {"proposal_provided": False, "need_clear": False}, ["proposal", "need_clear"]),
        (Stage.ASSESSMENT, {"grade": Grade.B}, []),
        (Stage.ASSESSMENT, {"grade": Grade.C}, ["grade_advance"]),
        (Stage.ASSESSMENT, {"grade": Grade.D}, ["grade_advance"]),
        (Stage.ASSESSMENT, {"grade": None}, ["graded", "grade_advance"]),
        (Stage.ASSESSMENT, {"plan_tasks": 0}, ["plan"]),
        (Stage.RELATIONSHIP, {"supporting_dm_closeness": DM_CLOSENESS_NEEDED - 1}, ["dm_relationship"]),
        (Stage.RELATIONSHIP, {"net_support": 0}, ["influence"]),
        (Stage.RELATIONSHIP, {"net_support": -40}, ["influence"]),
        (Stage.CLOSE, {"inspection": False}, ["inspection"]),
    ],
)
def test_what_is_missing(stage, change, missing_keys):
    facts = AccountFacts(stage=stage, **{**ALL_MET[stage], **change})
    assert missing(facts) == missing_keys


def test_thresholds_are_the_documented_ones():
    assert INFO_SUFFICIENT_PCT == 60
    assert DM_CLOSENESS_NEEDED == 40


def test_info_completeness_weights_company_70_and_profile_30():
    n = len(COMPANY_FIELDS)
    assert n == 17
    assert info_completeness(0, None) == 0
    assert info_completeness(n, 100) == 100
    assert info_completeness(n, None) == 70
    assert info_completeness(0, 100) == 30
    assert info_completeness(10, 50) == round(100 * (0.7 * 10 / 17 + 0.15))


@given(st.integers(0, len(COMPANY_FIELDS)), st.one_of(st.none(), st.integers(0, 100)))
def test_info_completeness_is_a_percentage(filled, dm):
    pct = info_completeness(filled, dm)
    assert 0 <= pct <= 100
    if filled < len(COMPANY_FIELDS):
        assert info_completeness(filled + 1, dm) >= pct


def test_info_completeness_example_from_docs():
    """docs/scoring.md section 9: one point short of sufficient."""
    assert info_completeness(10, 60) == 59
    assert "info_sufficient" in missing(
        AccountFacts(stage=Stage.INFORMATION, info_completeness=info_completeness(10, 60))
    )
