"""Form dialogs built from field specs: errors beside each field, ctrl+s saves, escape asks first.

Input is checked twice: while typing, by Textual validators whose bounds come from the input
model; on saving, by the input model itself (``store.models``), whose errors are shown beside
their fields. Nothing is written unless the model accepts the whole form.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any, ClassVar

from pydantic import BaseModel, ValidationError
from rich.text import Text
from sqlalchemy import Engine
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, SelectionList, TextArea

from fieldcrm.i18n import t
from fieldcrm.store.validation import FieldErrors, field_errors
from fieldcrm.tui.dialog import CANCEL, Dialog, ask
from fieldcrm.tui.keys import KeySpec
from fieldcrm.tui.plain import PlainLabel
from fieldcrm.tui.screens.account.fields import Field, constraints, placeholder, rules
from fieldcrm.tui.screens.account.names import label
from fieldcrm.tui.stylesheets import stylesheet

STYLES = stylesheet("account")
FORM_ERROR = "-form"  # where errors that belong to no single field go


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
    """A form that adds a row to the account (``MODEL``, stored by ``ADD``) or edits one
    (``UPDATE``, stored by ``CHANGE``); each store function is one transaction.

    Dismissed with True when saved, False when the row was gone, None when left unsaved.
    """

    CSS_PATH = STYLES
    KEYS = (
        CANCEL,
        KeySpec("form.save", "ctrl+s", "save"),
    )
    MODEL: ClassVar[type[BaseModel]]  # checks a new row (with its account id); gives the bounds
    UPDATE: ClassVar[type[BaseModel]]  # checks an edit
    ADD: ClassVar[staticmethod[[Engine, Any], object]]  # the store function that adds
    CHANGE: ClassVar[staticmethod[[Engine, int, Any], object]]  # ... and the one that edits
    MODEL_ERROR_FIELD: ClassVar[str] = FORM_ERROR  # where errors of the whole model show

    def __init__(
        self,
        engine: Engine,
        title: str,
        fields: tuple[Field, ...],
        *,
        account_id: int,
        row: Any = None,
        new: Mapping[str, object] | None = None,
    ) -> None:
        """Edit ``row`` (a stored row with an id), or add one to the account starting from ``new``."""
        super().__init__()
        self.engine = engine
        self.title_text = title
        self.fields = fields
        self.account_id = account_id
        self.row_id: int | None = None if row is None else row.id
        self.values = (new or {}) if row is None else {f.name: getattr(row, f.name) for f in fields}
        self._initial: dict[str, object] = {}
        self.result: object = None  # what the store function returned, once saved

    def fixed(self) -> dict[str, object]:
        """Values the model checks that the form does not show (none unless a form says)."""
        return {}

    # -- building ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield PlainLabel(self.title_text, classes="dialog-title")
            with VerticalScroll(classes="form-fields"), Grid(classes="form-grid"):
                for f in self.fields:
                    if f.section:
                        yield PlainLabel(label(f.section), classes=f"form-section {f.group}")
                    yield from self._row(f)
            yield FieldLabel("", id=f"e-{FORM_ERROR}")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("form.save"), id="save", variant="primary", compact=True)
                yield Button(t("dialog.cancel"), id="cancel", compact=True)

    def _row(self, f: Field) -> Iterator[Widget]:
        """The label (with room for the error beneath it) and the input, side by side."""
        bounds = constraints(self.MODEL, f.name)
        text = label(f.label) + (" *" if bounds.get("min_length") else "")
        # a grid row is as tall as its label: a text area's label keeps room for its lines
        yield FieldLabel(text, id=f"e-{f.name}", classes=f"{f.group} -{f.kind}")
        yield self._input(f, bounds).add_class("form-input", *f.group.split())

    def _input(self, f: Field, bounds: dict[str, int]) -> Widget:
        value = self.values.get(f.name)
        wid = f"f-{f.name}"
        if f.kind == "check":
            return Checkbox("", bool(value), id=wid, compact=True)
        if f.kind == "area":
            return TextArea(_as_text(value), id=wid, compact=True)
        if f.kind == "multi":  # several of the options, stored comma separated
            chosen = set(str(value or "").split(","))
            return SelectionList[str](
                *((label(key), str(v), str(v) in chosen) for key, v in f.options), id=wid, compact=True
            )
        if f.kind == "select":
            options: list[tuple[Any, Any]] = [*((label(key), v) for key, v in f.options), *f.choices]
            return Select(
                options,
                value=Select.NULL if value is None else value,
                id=wid,
                compact=True,
                prompt=t("form.none"),
                allow_blank=f.blank,
            )
        return Input(
            _as_text(value),
            id=wid,
            compact=True,
            validators=rules(f.kind, bounds),
            max_length=bounds.get("max_length", 0),
            placeholder=placeholder(f.kind, bounds),
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
                out[f.name] = widget.text.strip() or None
            elif isinstance(widget, SelectionList):
                out[f.name] = ",".join(str(v) for v in widget.selected) or None
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

    def action_save(self) -> None:
        for name in (*(f.name for f in self.fields), FORM_ERROR):
            self._error(name, "")
        values = {**self.fixed(), **self.read()}
        try:
            if self.row_id is None:
                sent = self.MODEL.model_validate({**values, "account_id": self.account_id})
                self.result = self.ADD(self.engine, sent)
            else:
                self.result = self.CHANGE(self.engine, self.row_id, self.UPDATE.model_validate(values))
        except ValidationError as exc:
            self.show_errors(field_errors(exc))
            return
        except LookupError:
            self.notify(t("account.gone"), severity="error")
            self.dismiss(False)
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        ask(
            self.app,
            t("form.unsaved_title"),
            t("form.unsaved_text"),
            t("form.discard"),
            lambda: self.dismiss(None),
        )

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
