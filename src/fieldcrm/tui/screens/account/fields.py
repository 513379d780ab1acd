"""Form field specs, and the Textual validators that check a field while it is typed in.

The bounds come from the input model's own field constraints, so the live check and the check
on saving (the model itself) cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic import BaseModel
from rich.text import Text
from textual.validation import ValidationResult, Validator

from fieldcrm.domain.profile import Birthday
from fieldcrm.i18n import t
from fieldcrm.store.models.activity import time_of_day


@dataclass(frozen=True, slots=True)
class Field:
    """One form field: its model field name, label key and kind of input."""

    name: str
    label: str  # a key for names.label
    kind: str = "text"  # text, area, int, date, time, birthday, select, multi, check
    options: tuple[tuple[str, object], ...] = ()  # select: (label key, value)
    choices: tuple[tuple[Text, object], ...] = ()  # select: (text as shown, value), e.g. names
    section: str | None = None  # a heading key shown before this field
    blank: bool = True  # select: "no choice" is allowed
    group: str = ""  # a CSS class on the field (and its heading), to show or hide it


def choice(name: str, label: str, values: type[StrEnum], prefix: str) -> Field:
    """A required select among an enum's values, labelled ``prefix.<value>``."""
    return Field(
        name, label, "select", blank=False, options=tuple((f"{prefix}.{v.value}", v.value) for v in values)
    )


Problem = tuple[str, dict[str, Any]] | None  # a message key and its params, or None
Check = Callable[[str], Problem]


class Rule(Validator):
    """A Textual validator from a check; an empty field passes unless the rule is 'required'."""

    def __init__(self, check: Check, *, required: bool = False) -> None:
        super().__init__()
        self.check = check
        self.required = required

    def validate(self, value: str) -> ValidationResult:
        value = value.strip()
        problem = self.check(value) if value or self.required else None
        return self.success() if problem is None else self.failure(t(problem[0], **problem[1]))


def _required(value: str) -> Problem:
    return None if value else ("error.required", {})


def _parses(parse: Callable[[str], object], message: str | None = None) -> Check:
    """Valid when ``parse`` accepts the text; the error is ``message``, or the parser's own key."""

    def check(value: str) -> Problem:
        try:
            parse(value)
        except ValueError as exc:
            return (message or str(exc), {})
        return None

    return check


def _whole(low: int | None, high: int | None) -> Check:
    def check(value: str) -> Problem:
        n = int(value)  # the input lets only digits in
        if low is not None and n < low:
            return ("error.min", {"min": low})
        if high is not None and n > high:
            return ("error.max", {"max": high})
        return None

    return check


def constraints(model: type[BaseModel], name: str) -> dict[str, int]:
    """ge/le/min_length/max_length of a model field, from its metadata."""
    info = model.model_fields.get(name)
    out: dict[str, int] = {}
    for item in info.metadata if info else ():
        for kind, attr in ((Ge, "ge"), (Le, "le"), (MinLen, "min_length"), (MaxLen, "max_length")):
            if isinstance(item, kind):
                out[attr] = int(getattr(item, attr))
    return out


def rules(kind: str, bounds: dict[str, int]) -> list[Validator]:
    """The live checks of a text input of ``kind`` with the model's ``bounds``."""
    out: list[Validator] = []
    if bounds.get("min_length"):
        out.append(Rule(_required, required=True))
    if kind == "int":
        out.append(Rule(_whole(bounds.get("ge"), bounds.get("le"))))
    elif kind == "date":
        out.append(Rule(_parses(date.fromisoformat, "error.date")))
    elif kind == "time":
        out.append(Rule(_parses(time_of_day)))
    elif kind == "birthday":
        out.append(Rule(_parses(Birthday.parse)))
    return out


def placeholder(kind: str, bounds: dict[str, int]) -> str:
    """What an empty input shows: the format of a date, or the range of a number."""
    if kind in ("date", "time", "birthday"):
        return t(f"form.placeholder.{kind}")
    if kind == "int" and "ge" in bounds and "le" in bounds:
        return f"{bounds['ge']}-{bounds['le']}"
    return ""
