"""Every input model, fuzzed: whatever a form could send is either refused with a message the
user can read in both languages, or a valid model whose save succeeds (the CHECK constraints
would stop anything that slipped through)."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from enum import Enum
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from sqlalchemy import Engine

from fieldcrm.domain.scoring import FACTORS, InvalidThresholds, InvalidWeights, Thresholds
from fieldcrm.domain.stages import Status
from fieldcrm.i18n import catalogs, set_language, t
from fieldcrm.store import accounts, activities, assessments, forces, milestones, people, plan, simulation
from fieldcrm.store.account_info import update_account_info
from fieldcrm.store.models import (
    AccountCreate,
    AccountUpdate,
    ActivityCreate,
    AssessmentCreate,
    CounterPlanCreate,
    ForcesReviewCreate,
    MaterialCreate,
    MaterialFields,
    MilestoneCreate,
    PersonCreate,
    PersonUpdate,
    PlanTaskCreate,
    SimReasonCreate,
)
from fieldcrm.store.models.account import Pause
from fieldcrm.store.models.plan import PlanTaskFields
from fieldcrm.store.models.simulation import ReasonKind, SimReasonFields
from fieldcrm.store.settings import ScoringSettings
from fieldcrm.store.validation import field_errors

EXAMPLES = 60
IDS = ("account_id", "person_id")  # chosen by the app from existing rows, never typed
# NUL is refused by the models (test_a_name_starting_with_nul_is_refused); every other
# character is fair game.
CHARS = st.characters(exclude_characters="\x00")
WILD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(CHARS, max_size=40),
    st.binary(max_size=12).map(lambda b: b.replace(b"\0", b"")),
    st.dates(),
    st.datetimes(),
    st.lists(st.integers(), max_size=2),
)
BLANK = st.text(alphabet=" \t\n\u3000\u00a0", max_size=4)
BROKEN_AT_MOST = 2  # fields per example given a value past their bounds or of the wrong kind


def _bare(annotation: Any) -> Any:
    """``X`` of ``X | None``."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return next(a for a in typing.get_args(annotation) if a is not type(None))
    return annotation


def _bound(info: FieldInfo, name: str, default: int) -> int:
    return next((getattr(m, name) for m in info.metadata if hasattr(m, name)), default)


def _text(low: int, high: int) -> st.SearchStrategy[str]:
    """Text of ``low``..``high`` characters: short, or at the very bound (CJK counts one each)."""
    return st.one_of(
        st.text(CHARS, min_size=low, max_size=min(high, 40)),
        st.sampled_from(["长", "x", "𝔘"]).map(lambda c: c * high),
    )


def valid(name: str, info: FieldInfo) -> st.SearchStrategy[Any]:
    """Values within the field's bounds (a model rule may still refuse them together)."""
    kind = _bare(info.annotation)
    if name == "birthday":
        return st.one_of(
            st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(date.isoformat),
            st.dates().map(lambda d: f"{d.month:02d}/{d.day:02d}"),
        )
    if name == "scores":
        return st.dictionaries(st.sampled_from(FACTORS), st.one_of(st.none(), st.integers(1, 5)))
    if typing.get_origin(kind) is dict:
        return st.dictionaries(st.sampled_from(FACTORS), _text(0, 30), max_size=7)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return st.sampled_from([m.value for m in kind])
    if kind is bool:
        return st.booleans()
    if kind is int:
        return st.integers(_bound(info, "ge", -(2**63)), _bound(info, "le", 2**63 - 1))
    if kind is date:
        return st.one_of(st.dates(), st.dates().map(date.isoformat))
    return _text(_bound(info, "min_length", 0), _bound(info, "max_length", 2000))


def broken(name: str, info: FieldInfo) -> st.SearchStrategy[Any]:
    """Values just past the field's bounds, blank, of the wrong kind, or huge."""
    kind = _bare(info.annotation)
    if name == "birthday":
        numbers = st.tuples(st.integers(0, 3000), st.integers(-1, 14), st.integers(-1, 33))
        return st.one_of(numbers.map(lambda n: f"{n[0]}-{n[1]}-{n[2]}"), st.text(CHARS, max_size=12), WILD)
    if name == "scores":
        return st.dictionaries(
            st.one_of(st.sampled_from(FACTORS), st.text(CHARS, max_size=2)),
            st.one_of(st.integers(), WILD),
            min_size=1,
            max_size=9,
        )
    if kind is int:
        low, high = _bound(info, "ge", 0), _bound(info, "le", 0)
        return st.one_of(
            st.sampled_from([low - 1, high + 1, 10**30, -(10**30)]), st.text(CHARS, max_size=8), WILD
        )
    if kind is str:
        high = _bound(info, "max_length", 2000)
        return st.one_of(st.just("长" * (high + 1)), BLANK, WILD)
    return WILD


def inputs(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """A form's worth of fields: the optional ones present or not, a required one left out now
    and then, at most a couple of them broken."""
    named = {name: info for name, info in model.model_fields.items() if name not in IDS}
    required = sorted(name for name, info in named.items() if info.is_required())

    @st.composite
    def draw_inputs(draw: st.DrawFn) -> dict[str, Any]:
        bad = draw(st.sets(st.sampled_from(sorted(named)), max_size=BROKEN_AT_MOST))
        strategies = {name: (broken if name in bad else valid)(name, info) for name, info in named.items()}
        left_out = draw(st.sampled_from(required)) if required and draw(st.integers(0, 9)) == 0 else ""
        always = {name: strategies.pop(name) for name in required if name != left_out}
        strategies.pop(left_out, None)
        return draw(st.fixed_dictionaries(always, optional=strategies))

    return draw_inputs()


CREATES: dict[type[BaseModel], Callable[[Engine, Any], object]] = {
    AccountCreate: accounts.create_account,
    PersonCreate: people.create_person,
    ActivityCreate: activities.log_contact,
    AssessmentCreate: assessments.save_assessment,
    PlanTaskCreate: plan.add_task,
    SimReasonCreate: simulation.add_reason,
    MilestoneCreate: milestones.record_milestone,
    MaterialCreate: milestones.add_material,
    ForcesReviewCreate: forces.record_review,
    CounterPlanCreate: forces.set_counter_plan,
}


def save(engine: Engine, model: type[BaseModel], data: Any, ids: dict[str, int]) -> None:
    """The store function the app calls with a valid model of this kind."""
    if model is AccountUpdate:
        update_account_info(engine, ids["account_id"], data)
    elif model is PersonUpdate:
        people.update_person(engine, ids["person_id"], data)
    elif model is PlanTaskFields:
        task = plan.add_task(engine, PlanTaskCreate(account_id=ids["account_id"], step="Visit"))
        assert task.id is not None
        plan.update_task(engine, task.id, data)
    elif model is SimReasonFields:
        reason = simulation.add_reason(
            engine, SimReasonCreate(account_id=ids["account_id"], kind=ReasonKind.CUSTOMER, text="Price")
        )
        assert reason.id is not None
        simulation.update_reason(engine, reason.id, data)
    elif model is MaterialFields:
        sent = milestones.add_material(
            engine, MaterialCreate(account_id=ids["account_id"], what="Case", on=date(2026, 11, 27))
        )
        assert sent.id is not None
        milestones.update_material(engine, sent.id, data)
    elif model is Pause:
        accounts.set_status(engine, ids["account_id"], Status.PAUSED, data.reason, review_on=data.review_on)
    else:
        CREATES[model](engine, data)


def assert_readable(exc: ValidationError) -> None:
    """Every error maps to a message key with a text in both languages and no hole in it."""
    errors = field_errors(exc)
    assert errors
    for field, (key, params) in errors.items():
        for lang in ("en", "zh"):
            assert key in catalogs()[lang], (field, key)
            set_language(lang)
            message = t(key, **params)
            assert "None" not in message and "{" not in message, (field, key, message)
    set_language("en")


MODELS = [
    AccountCreate,
    AccountUpdate,
    PersonCreate,
    PersonUpdate,
    ActivityCreate,
    AssessmentCreate,
    PlanTaskCreate,
    PlanTaskFields,
    SimReasonCreate,
    SimReasonFields,
    MilestoneCreate,
    MaterialCreate,
    MaterialFields,
    ForcesReviewCreate,
    CounterPlanCreate,
    Pause,
]
THRESHOLDS = [f.name for f in fields(Thresholds)]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_input_crashes_or_reaches_the_database_unchecked(
    engine: Engine, model: type[BaseModel], data: st.DataObject
) -> None:
    account = accounts.create_account(engine, AccountCreate(name="Fuzz target"))
    assert account.id is not None
    person = people.create_person(engine, PersonCreate(account_id=account.id, name="Li Wei"))
    assert person.id is not None
    ids = {"account_id": account.id, "person_id": person.id}
    raw = data.draw(inputs(model), label="fields")
    if "account_id" in model.model_fields:
        raw["account_id"] = ids["account_id"]
    if "person_id" in model.model_fields:
        raw["person_id"] = data.draw(st.sampled_from([None, ids["person_id"]]), label="person_id")
    try:
        valid = model.model_validate(raw)
    except ValidationError as exc:
        assert_readable(exc)
        event("refused")
        return
    save(engine, model, valid, ids)
    event("saved")


NUMBERS = st.one_of(st.integers(-5, 105), st.integers(), st.booleans(), st.floats())


def _gaps(cuts: list[int]) -> dict[str, int]:
    """Seven weights adding up to 100: the gaps between six cuts of 0..100."""
    edges = [0, *sorted(cuts), 100]
    return {factor: high - low for factor, low, high in zip(FACTORS, edges, edges[1:], strict=False)}


SUMMING = st.lists(st.integers(0, 100), min_size=6, max_size=6).map(_gaps)
WEIGHTS = st.one_of(
    SUMMING, st.dictionaries(st.one_of(st.sampled_from(FACTORS), st.text(max_size=2)), NUMBERS)
)


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    weights=WEIGHTS,
    thresholds=st.dictionaries(st.sampled_from(THRESHOLDS), st.floats() | st.integers(-5, 105)),
    regrade=st.booleans(),
)
def test_scoring_settings_are_refused_with_a_message_or_saved(
    engine: Engine, weights: dict[str, Any], thresholds: dict[str, float], regrade: bool
) -> None:
    """What the weights screen sends (numbers it has parsed): a message key, or saved."""
    try:
        scoring = ScoringSettings(weights, Thresholds(**thresholds))
    except (InvalidWeights, InvalidThresholds) as exc:
        assert str(exc) in catalogs()["en"] and str(exc) in catalogs()["zh"]
        event("refused")
        return
    assessments.save_settings(engine, scoring, regrade=regrade)
    event("saved")


@pytest.mark.parametrize("model", [AccountCreate, PersonCreate], ids=lambda m: m.__name__)
def test_a_name_starting_with_nul_is_refused(model: type[BaseModel]) -> None:
    with pytest.raises(ValidationError) as refused:
        model.model_validate({"name": "\x00Acme", "account_id": 1})
    assert field_errors(refused.value)["name"] == ("error.nul", {})
