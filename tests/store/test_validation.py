"""Input models refuse bad values, and field_errors turns them into message keys."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from fieldcrm.i18n import catalogs
from fieldcrm.store.models import (
    AccountCreate,
    ActivityCreate,
    AssessmentCreate,
    PersonCreate,
    PlanTaskCreate,
    SimReasonCreate,
)
from fieldcrm.store.validation import field_errors

ACTIVITY: dict[str, Any] = {
    "account_id": 1,
    "occurred_on": date(2025, 3, 1),
    "summary": "Visited",
    "next_step": "Call back",
    "next_due": date(2025, 3, 8),
}


def errors_of(model: type, **data: Any) -> dict[str, tuple[str, dict[str, Any]]]:
    with pytest.raises(ValidationError) as exc:
        model(**data)
    return field_errors(exc.value)


@pytest.mark.parametrize("name", ["", "   ", None])
def test_account_name_required(name):
    assert errors_of(AccountCreate, name=name) == {"name": ("error.required", {})}


def test_account_name_missing():
    assert errors_of(AccountCreate)["name"][0] == "error.required"


def test_account_name_too_long():
    key, params = errors_of(AccountCreate, name="x" * 201)["name"]
    assert (key, params["max"]) == ("error.too_long", 200)


def test_account_fields_stripped_and_blank_is_none():
    a = AccountCreate(name="  Acme  ", scale="  ", urgency=3)
    assert (a.name, a.scale, a.urgency, a.stage) == ("Acme", None, 3, 1)


@pytest.mark.parametrize(
    ("data", "field", "key", "params"),
    [
        ({"stage": 6}, "stage", "error.max", {"max": 5}),
        ({"stage": 0}, "stage", "error.min", {"min": 1}),
        ({"urgency": 9}, "urgency", "error.max", {"max": 5}),
        ({"years_in_business": "many"}, "years_in_business", "error.number", None),
    ],
)
def test_account_bounds(data, field, key, params):
    got_key, got_params = errors_of(AccountCreate, name="Acme", **data)[field]
    assert got_key == key
    if params:
        assert {k: got_params[k] for k in params} == params


@pytest.mark.parametrize(
    ("birthday", "key"),
    [
        ("02-30", "birthday.day"),
        ("13-01", "birthday.month"),
        ("2023-02-29", "birthday.day"),
        ("soon", "birthday.format"),
    ],
)
def test_person_birthday_refused_with_its_key(birthday, key):
    assert errors_of(PersonCreate, account_id=1, name="Wang", birthday=birthday) == {"birthday": (key, {})}


def test_person_birthday_normalised():
    p = PersonCreate(account_id=1, name="Wang", birthday="2/29")
    assert p.birthday == "02-29"
    assert PersonCreate(account_id=1, name="Wang", birthday=" ").birthday is None


def test_person_influence_9():
    key, params = errors_of(PersonCreate, account_id=1, name="Wang", influence=9)["influence"]
    assert (key, params["max"]) == ("error.max", 5)


@pytest.mark.parametrize(("field", "value"), [("role", "boss"), ("stance", "hostile")])
def test_person_choice(field, value):
    assert errors_of(PersonCreate, account_id=1, name="Wang", **{field: value})[field][0] == ("error.choice")


def test_activity_due_before_contact():
    errs = errors_of(ActivityCreate, **{**ACTIVITY, "next_due": date(2025, 2, 28)})
    assert errs == {"": ("activity.due_before_contact", {})}


def test_activity_due_on_contact_day_is_fine():
    assert ActivityCreate(**{**ACTIVITY, "next_due": ACTIVITY["occurred_on"]}).next_due == date(2025, 3, 1)


@pytest.mark.parametrize(
    ("field", "value", "key", "params"),
    [
        ("influence", 9, "error.max", {"max": 5}),
        ("influence", 0, "error.min", {"min": 1}),
        ("persistence_days", 400, "error.max", {"max": 365}),
        ("summary", "  ", "error.required", {}),
        ("next_step", None, "error.required", {}),
        ("occurred_on", "yesterday", "error.date", None),
        ("kind", "bribe", "error.choice", None),
    ],
)
def test_activity_fields(field, value, key, params):
    got_key, got_params = errors_of(ActivityCreate, **{**ACTIVITY, field: value})[field]
    assert got_key == key
    if params is not None:
        assert {k: got_params[k] for k in params} == params


def test_activity_missing_next_step_is_required():
    data = {k: v for k, v in ACTIVITY.items() if k not in ("next_step", "next_due")}
    errs = errors_of(ActivityCreate, **data)
    assert errs["next_step"][0] == errs["next_due"][0] == "error.required"


@pytest.mark.parametrize(
    ("scores", "key"),
    [
        ({"A": 6}, "assessment.score_range"),
        ({"A": 0}, "assessment.score_range"),
        ({"Z": 3}, "assessment.unknown_factor"),
    ],
)
def test_assessment_scores(scores, key):
    assert errors_of(AssessmentCreate, account_id=1, scores=scores)["scores"][0] == key


def test_assessment_scores_fill_unknown_factors():
    a = AssessmentCreate(account_id=1, scores={"A": 3})
    assert a.scores == {"A": 3, "B": None, "C": None, "D": None, "E": None, "F": None, "G": None}


def test_plan_and_reason_require_text():
    assert errors_of(PlanTaskCreate, account_id=1, step=" ")["step"][0] == "error.required"
    errs = errors_of(SimReasonCreate, account_id=1, kind="customer", text="", weight=7)
    assert errs["text"][0] == "error.required"
    assert errs["weight"] == ("error.max", {"min": None, "max": 5})


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (AccountCreate, {"name": "", "stage": 9, "urgency": 0}),
        (PersonCreate, {"account_id": 1, "name": "W", "birthday": "02-30", "age": 3}),
        (ActivityCreate, {**ACTIVITY, "next_due": date(2025, 1, 1)}),
        (AssessmentCreate, {"account_id": 1, "scores": {"Q": 1}}),
    ],
)
def test_every_key_is_in_both_catalogs(model, data):
    cats = catalogs()
    for key, params in errors_of(model, **data).values():
        assert key in cats["en"] and key in cats["zh"], key
        cats["en"][key].format(**params)
        cats["zh"][key].format(**params)
