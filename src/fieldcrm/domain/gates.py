"""Each stage's exit checklist, computed from what is known about an account."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from fieldcrm.domain.insider import QUALIFICATION
from fieldcrm.domain.milestones import CLOSE_STEPS
from fieldcrm.domain.scoring import Grade
from fieldcrm.domain.stages import Stage

INFO_SUFFICIENT_PCT = 60  # information completeness needed to leave stage 2
DM_CLOSENESS_NEEDED = 40  # closeness to a supporting decision maker needed to leave stage 4

# The company information the method gathers, and the stage that gathers it (确定开发对象:
# the basics and the need; 信息收集: the supplier situation; 价值评估: the notes of the
# assessment), in the order the account form and the overview list them.
GATHERED_IN: dict[str, Stage] = {
    "need_reason": Stage.PROSPECT,
    "urgency": Stage.PROSPECT,
    "years_in_business": Stage.PROSPECT,
    "scale": Stage.PROSPECT,
    "current_state": Stage.PROSPECT,
    "business_plans": Stage.PROSPECT,
    "need_strength": Stage.PROSPECT,
    "supplier_structure": Stage.INFORMATION,
    "supplier_problems": Stage.INFORMATION,
    "change_wish": Stage.INFORMATION,
    "change_strength": Stage.INFORMATION,
    "supplier_tenure": Stage.INFORMATION,
    "supplier_how_won": Stage.INFORMATION,
    "customer_base": Stage.INFORMATION,
    "stability": Stage.INFORMATION,
    "after_sales": Stage.INFORMATION,
    "other_sources": Stage.INFORMATION,
    "cooperation": Stage.ASSESSMENT,
    "obstacles": Stage.ASSESSMENT,
    "deal_probability": Stage.ASSESSMENT,
    "deal_path": Stage.ASSESSMENT,
}
# what information completeness counts: everything stages 1 and 2 gather
COMPANY_FIELDS: tuple[str, ...] = tuple(f for f, stage in GATHERED_IN.items() if stage <= Stage.INFORMATION)


def gathered_in(stage: Stage) -> tuple[str, ...]:
    """The company fields ``stage`` gathers, in the form's order."""
    return tuple(f for f, at in GATHERED_IN.items() if at == stage)


@dataclass(frozen=True, slots=True)
class AccountFacts:
    """What the gates look at; the store assembles it from the account's rows."""

    stage: Stage
    need_known: bool = False  # why they would need us, and how urgent
    contacts: int = 0
    opportunity: bool | None = None  # the stage-1 verdict
    proposal_provided: bool = False
    # the qualification points the best insider lacks (all six when there is no insider)
    insider_lacks: tuple[str, ...] = QUALIFICATION
    info_completeness: int = 0
    need_clear: bool = False  # supplier situation and strength of need recorded
    grade: Grade | None = None
    obstacles_noted: bool = False
    plan_tasks: int = 0
    supporting_dm_closeness: int = 0  # best closeness among supporting decision makers
    net_support: int = 0
    simulated: int = 0  # decision makers with at least one reason of their own simulated
    milestones: frozenset[str] = frozenset()  # the stage-4 and stage-5 items recorded


@dataclass(frozen=True, slots=True)
class CheckItem:
    key: str  # message key "gate.<key>" in the catalogs
    met: bool
    lacks: tuple[str, ...] = ()  # for the insider: the qualification points not met


def _recorded(item: str, facts: AccountFacts) -> bool:
    return item in facts.milestones


_CHECKS: dict[Stage, tuple[tuple[str, Callable[[AccountFacts], bool]], ...]] = {
    Stage.PROSPECT: (
        ("need_known", lambda f: f.need_known),
        ("first_contact", lambda f: f.contacts > 0),
        ("opportunity", lambda f: f.opportunity is True),
    ),
    Stage.INFORMATION: (
        ("proposal", lambda f: f.proposal_provided),
        ("insider", lambda f: not f.insider_lacks),
        ("info_sufficient", lambda f: f.info_completeness >= INFO_SUFFICIENT_PCT),
        ("need_clear", lambda f: f.need_clear),
    ),
    Stage.ASSESSMENT: (
        ("graded", lambda f: f.grade is not None),
        ("grade_advance", lambda f: f.grade in (Grade.A, Grade.B)),
        ("obstacles", lambda f: f.obstacles_noted),
        ("plan", lambda f: f.plan_tasks > 0),
    ),
    Stage.RELATIONSHIP: (
        ("dm_relationship", lambda f: f.supporting_dm_closeness >= DM_CLOSENESS_NEEDED),
        ("influence", lambda f: f.net_support > 0),
        ("simulation", lambda f: f.simulated > 0),
    ),
    Stage.CLOSE: tuple((step, partial(_recorded, step)) for step in CLOSE_STEPS),
}


def exit_checklist(facts: AccountFacts) -> list[CheckItem]:
    """Every exit criterion of the account's current stage, met or not."""
    items = []
    for key, check in _CHECKS[facts.stage]:
        met = check(facts)
        lacks = facts.insider_lacks if key == "insider" and not met else ()
        items.append(CheckItem(key, met, lacks))
    return items


def override_record(items: list[CheckItem], overridden: list[str]) -> str | None:
    """What a stage event keeps of an override: the gate items passed with something missing,
    comma separated, the insider's with the points it lacked (``insider:trusts_rep+invested``)."""
    lacks = {i.key: i.lacks for i in items}
    parts = [key + (":" + "+".join(lacks[key]) if lacks.get(key) else "") for key in overridden]
    return ",".join(parts) or None


def read_override(record: str | None) -> list[tuple[str, tuple[str, ...]]]:
    """The gate items of an override record, each with what it lacked."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for part in (record or "").split(","):
        if part:
            key, _, lacks = part.partition(":")
            out.append((key, tuple(p for p in lacks.split("+") if p)))
    return out


def missing(facts: AccountFacts) -> list[str]:
    """The keys of what is still missing before the account may leave its stage."""
    return [item.key for item in exit_checklist(facts) if not item.met]


def info_completeness(company_filled: int, dm_profile_pct: int | None) -> int:
    """Company information (70%) and the best decision-maker profile (30%), 0-100."""
    company = company_filled / len(COMPANY_FIELDS)
    dm = (dm_profile_pct or 0) / 100
    return round(100 * (0.7 * company + 0.3 * dm))
