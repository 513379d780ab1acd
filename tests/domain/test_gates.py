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
    override_record,
    read_override,
)
from fieldcrm.domain.insider import QUALIFICATION
from fieldcrm.domain.milestones import CLOSE_STEPS, PROPOSAL_POINTS
from fieldcrm.domain.scoring import Grade
from fieldcrm.domain.stages import Stage

ALL_MET = {
    Stage.PROSPECT: {"need_known": True, "contacts": 1, "opportunity": True},
    Stage.INFORMATION: {
        "proposal_provided": True,
        "insider_lacks": (),
        "info_completeness": INFO_SUFFICIENT_PCT,
        "need_clear": True,
    },
    Stage.ASSESSMENT: {"grade": Grade.A, "obstacles_noted": True, "plan_tasks": 1},
    Stage.RELATIONSHIP: {"supporting_dm_closeness": DM_CLOSENESS_NEEDED, "net_support": 1, "simulated": 1},
    Stage.CLOSE: {"milestones": frozenset(CLOSE_STEPS)},
}

KEYS = {
    Stage.PROSPECT: ["need_known", "first_contact", "opportunity"],
    Stage.INFORMATION: ["proposal", "insider", "info_sufficient", "need_clear"],
    Stage.ASSESSMENT: ["graded", "grade_advance", "obstacles", "plan"],
    Stage.RELATIONSHIP: ["dm_relationship", "influence", "simulation"],
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
        (Stage.INFORMATION, {"insider_lacks": ("invested",)}, ["insider"]),
        (Stage.INFORMATION, {"insider_lacks": QUALIFICATION}, ["insider"]),
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
        (Stage.RELATIONSHIP, {"simulated": 0}, ["simulation"]),
        (Stage.CLOSE, {"milestones": frozenset({"exec_talks", "system_support"})}, ["inspection"]),
        (Stage.CLOSE, {"milestones": frozenset(PROPOSAL_POINTS)}, list(CLOSE_STEPS)),
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


def test_the_insider_item_names_the_points_the_best_insider_lacks():
    facts = AccountFacts(stage=Stage.INFORMATION, insider_lacks=("trusts_rep", "invested"))
    insider = next(i for i in exit_checklist(facts) if i.key == "insider")
    assert (insider.met, insider.lacks) == (False, ("trusts_rep", "invested"))
    met = next(
        i
        for i in exit_checklist(AccountFacts(stage=Stage.INFORMATION, insider_lacks=()))
        if i.key == "insider"
    )
    assert (met.met, met.lacks) == (True, ())


def test_an_override_record_keeps_what_the_insider_lacked():
    items = exit_checklist(AccountFacts(stage=Stage.INFORMATION, insider_lacks=("trusts_rep", "invested")))
    record = override_record(items, ["proposal", "insider"])
    assert record == "proposal,insider:trusts_rep+invested"
    assert read_override(record) == [("proposal", ()), ("insider", ("trusts_rep", "invested"))]
    assert override_record(items, []) is None
    assert read_override(None) == []


@given(
    st.lists(st.sampled_from(QUALIFICATION), unique=True),
    st.lists(st.sampled_from(list(KEYS[Stage.INFORMATION])), unique=True),
)
def test_override_records_read_back(lacks, overridden):
    items = exit_checklist(AccountFacts(stage=Stage.INFORMATION, insider_lacks=tuple(lacks)))
    unmet = [
        k
        for k in overridden
        if k in missing(AccountFacts(stage=Stage.INFORMATION, insider_lacks=tuple(lacks)))
    ]
    back = read_override(override_record(items, unmet))
    assert [k for k, _ in back] == unmet
    assert all(lacked == (tuple(lacks) if k == "insider" else ()) for k, lacked in back)
