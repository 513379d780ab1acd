"""Form dialogs built from field specs: errors beside each field, ctrl+s saves, escape asks first.

Input is checked twice: while typing, by Textual validators whose bounds come from the input
model; on saving, by the input model itself (``store.models``), whose errors are shown beside
their fields. Nothing is written unless the model accepts the whole form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic import BaseModel, ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, TextArea

from fieldcrm.domain.profile import Birthday, InvalidBirthday
from fieldcrm.i18n import t
from fieldcrm.store.validation import FieldErrors, field_errors
from fieldcrm.tui.keys import KeySpec, localized
from fieldcrm.tui.screens.account.confirm import ConfirmDialog
from fieldcrm.tui.screens.account.names import label
from fieldcrm.tui.screens.dialogs import CANCEL, Dialog

STYLES = Path(__file__).resolve().parent.parent.parent / "styles" / "account.tcss"
FORM_ERROR = "-form"  # where errors that belong to no single field go


@dataclass(frozen=True, slots=True)
class Field:
    """One form field: its model field name, label key and kind of input."""

    name: str
    label: str  # a key for names.label
    kind: str = "text"  # text, area, int, date, birthday, select, check
    options: tuple[tuple[str, object], ...] = ()  # select: (label key, value)
    choices: tuple[tuple[str, object], ...] = ()  # select: (text as shown, value), e.g. names
    section: str | None = None  # a heading key shown before this field
    blank: bool = True  # select: "no choice" is allowed
    group: str = ""  # a CSS class on the field (and its heading), to show or hide it


def values_of(row: object, fields: tuple[Field, ...]) -> dict[str, object]:
    """A stored row's values for the form's fields."""
    return {f.name: getattr(row, f.name) for f in fields}


Check = Callable[[str], tuple[str, dict[str, Any]] | None]


class Rule(Validator):
    """A Textual validator from a check that returns a message key and params, or None."""

    def __init__(self, check: Check) -> None:
        super().__init__()
        self.check = check

    def validate(self, value: str) -> ValidationResult:
        problem = self.check(value.strip())
        return self.success() if problem is None else self.failure(t(problem[0], **problem[1]))


def _required(value: str) -> tuple[str, dict[str, Any]] | None:
    return ("error.required", {}) if not value else None


def _date(value: str) -> tuple[str, dict[str, Any]] | None:
    try:
        date.fromisoformat(value)
    except ValueError:
        return None if not value else ("error.date", {})
    return None


def _birthday(value: str) -> tuple[str, dict[str, Any]] | None:
    try:
        Birthday.parse(value)
    except InvalidBirthday as exc:
        return None if not value else (str(exc), {})
    return None


def _whole(low: int | None, high: int | None) -> Check:
    def check(value: str) -> tuple[str, dict[str, Any]] | None:
        if not value:
            return None
        try:
            n = int(value)
        except ValueError:
            return ("error.number", {})
        if low is not None and n < low:
            return ("error.min", {"min": low})
        if high is not None and n > high:
            return ("error.max", {"max": high})
        return None

    return check


def _constraints(model: type[BaseModel], name: str) -> dict[str, int]:
    """ge/le/min_length/max_length of a model field, from its metadata."""
    info = model.model_fields.get(name)
    out: dict[str, int] = {}
    for item in info.metadata if info else ():
        for kind, attr in ((Ge, "ge"), (Le, "le"), (MinLen, "min_length"), (MaxLen, "max_length")):
            if isinstance(item, kind):
                out[attr] = int(getattr(item, attr))
    return out


class FieldLabel(Widget):
    """A field's label with its error, if any, beneath it: the error stands beside the field."""

    DEFAULT_CSS = "FieldLabel { height: auto; }"
    COMPONENT_CLASSES = {"field-label--error"}

    error: reactive[str] = reactive("", layout=True)
    """What is wrong with the field, in the current language ('' when nothing is)."""

    def __init__(self, text: str, *, id: str, classes: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self.text = text

    def render(self) -> Text:
        out = Text(self.text)
        if self.error:
            style = self.get_component_rich_style("field-label--error")
            out.append_text(Text(("\n" if self.text else "") + self.error, style))
        return out


def _as_text(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


class FormDialog(Dialog[bool]):
    """Subclasses give the fields, the model that checks them and how to save (one transaction)."""

    CSS_PATH = STYLES
    KEYS = (
        CANCEL,
        KeySpec("form.save", "ctrl+s", "save", "Save", "保存", long_en="Save the form", long_zh="保存表单"),
    )
    MODEL: ClassVar[type[BaseModel]]
    MODEL_ERROR_FIELD: ClassVar[str] = FORM_ERROR  # where errors of the whole model show

    def __init__(self, title: str, values: Mapping[str, object], fields: tuple[Field, ...]) -> None:
        super().__init__()
        self.title_text = title
        self.values = values
        self.fields = fields
        self._initial: dict[str, object] = {}

    # -- building ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Label(self.title_text, classes="dialog-title")
            with VerticalScroll(classes="form-fields"), Grid(classes="form-grid"):
                for f in self.fields:
                    if f.section:
                        yield Label(label(f.section), classes=f"form-section {f.group}")
                    yield from self._row(f)
            yield FieldLabel("", id=f"e-{FORM_ERROR}")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("form.save"), id="save", variant="primary", compact=True)
                yield Button(t("dialog.cancel"), id="cancel", compact=True)

    def _row(self, f: Field) -> Iterator[Widget]:
        """The label (with room for the error beneath it) and the input, side by side."""
        bounds = _constraints(self.MODEL, f.name)
        text = label(f.label) + (" *" if bounds.get("min_length") else "")
        yield FieldLabel(text, id=f"e-{f.name}", classes=f.group)
        yield self._input(f, bounds).add_class("form-input", *f.group.split())

    def _input(self, f: Field, bounds: dict[str, int]) -> Widget:
        value = self.values.get(f.name)
        wid = f"f-{f.name}"
        if f.kind == "check":
            return Checkbox("", bool(value), id=wid, compact=True)
        if f.kind == "area":
            return TextArea(_as_text(value), id=wid, compact=True)
        if f.kind == "select":
            options = [*((label(key), v) for key, v in f.options), *f.choices]
            return Select(
                options,
                value=Select.NULL if value is None else value,
                id=wid,
                compact=True,
                prompt=t("form.none"),
                allow_blank=f.blank,
            )
        rules: list[Validator] = []
        if bounds.get("min_length"):
            rules.append(Rule(_required))
        if f.kind == "int":
            rules.append(Rule(_whole(bounds.get("ge"), bounds.get("le"))))
        elif f.kind == "date":
            rules.append(Rule(_date))
        elif f.kind == "birthday":
            rules.append(Rule(_birthday))
        placeholder = t(f"form.placeholder.{f.kind}") if f.kind in ("date", "birthday") else ""
        if f.kind == "int" and "ge" in bounds and "le" in bounds:
            placeholder = f"{bounds['ge']}-{bounds['le']}"
        return Input(
            _as_text(value),
            id=wid,
            compact=True,
            validators=rules,
            max_length=bounds.get("max_length", 0),
            placeholder=placeholder,
            restrict=r"\d*" if f.kind == "int" else None,
        )

    def on_mount(self) -> None:
        self._initial = self.read()
        self.query_one(f"#f-{self.fields[0].name}").focus()

    # -- reading and checking ----------------------------------------------------------------

    def read(self) -> dict[str, object]:
        """What the form holds now: text as typed, None for no choice."""
        out: dict[str, object] = {}
        for f in self.fields:
            widget = self.query_one(f"#f-{f.name}")
            if isinstance(widget, TextArea):
                out[f.name] = widget.text
            elif isinstance(widget, Select):
                out[f.name] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, Input | Checkbox):
                out[f.name] = widget.value
        return out

    @property
    def dirty(self) -> bool:
        return self.read() != self._initial

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        """Say at once what is wrong with the field being typed in (or clear it)."""
        result = event.validation_result
        problem = "" if result is None or result.is_valid else result.failure_descriptions[0]
        if event.input.id:
            self._error(event.input.id.removeprefix("f-"), problem)

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    def _error(self, name: str, message: str) -> None:
        self.query_one(f"#e-{name}", FieldLabel).error = message

    def show_errors(self, errors: FieldErrors) -> None:
        names = [f.name for f in self.fields]
        shown: set[str] = set()
        for name, (key, params) in errors.items():
            target = name if name in names else self.MODEL_ERROR_FIELD
            self._error(target, t(key, **params))
            shown.add(target)
        first = next((name for name in names if name in shown), None)
        if first is not None:
            self.query_one(f"#f-{first}").focus()

    # -- saving and leaving ------------------------------------------------------------------

    def build(self, values: dict[str, object]) -> BaseModel:
        """The input model from the form's values (raises ValidationError)."""
        raise NotImplementedError

    def store(self, model: BaseModel) -> None:
        """Write the model in one transaction."""
        raise NotImplementedError

    def action_save(self) -> None:
        for name in (*(f.name for f in self.fields), FORM_ERROR):
            self._error(name, "")
        try:
            model = self.build(self.read())
        except ValidationError as exc:
            self.show_errors(field_errors(exc))
            return
        try:
            self.store(model)
        except LookupError:
            self.notify(t("account.gone"), severity="error")
            self.dismiss(False)
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            localized(ConfirmDialog)(t("form.unsaved_title"), t("form.unsaved_text"), t("form.discard")),
            decided,
        )

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
