"""The dialogs every screen builds on: Dialog (escape cancels), ConfirmDialog and ask(),
InputsDialog (a few inputs checked by a model), and the CANCEL key."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from fieldcrm.i18n import t
from fieldcrm.tui.keys import HasKeys, KeySpec, localized
from fieldcrm.tui.plain import PlainLabel, PlainStatic

if TYPE_CHECKING:
    pass

R = TypeVar("R")
CANCEL = KeySpec("dialog.cancel", "escape", "cancel")


class Dialog(ModalScreen[R], HasKeys):
    """A modal with a title, a body, and escape to cancel (dismissing with None)."""

    KEYS: ClassVar[tuple[KeySpec, ...]] = (CANCEL,)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog[bool]):
    """A question before something that cannot be undone: ``y`` confirms; ``n``, escape or
    the focused safe button keeps things as they are."""

    KEYS = (
        CANCEL,
        KeySpec("confirm.yes", "y", "answer(True)"),
        KeySpec("confirm.no", "n", "answer(False)"),
    )

    def __init__(self, title: str, text: str, yes: str, no: str | None = None) -> None:
        super().__init__()
        self.title_text, self.text, self.yes, self.no = title, text, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield PlainLabel(self.title_text, classes="dialog-title")
            yield PlainStatic(self.text, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error")
                yield Button(f"{self.no or t('dialog.cancel')} (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ChoiceDialog(Dialog[str]):
    """What to do next, one of a few choices: its button, or its number key (1, 2...);
    escape leaves things as they are (dismissing with None)."""

    KEYS = (
        CANCEL,
        *(KeySpec(f"choice.{n}", str(n), f"choose({n - 1})", show=False) for n in range(1, 10)),
    )

    def __init__(self, title: str, text: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text, self.text, self.choices = title, text, choices[:9]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield PlainLabel(self.title_text, classes="dialog-title")
            yield PlainStatic(self.text, classes="dialog-text")
            with Vertical(classes="dialog-choices"):
                for n, (key, text) in enumerate(self.choices, start=1):
                    button = Button(Text(f"{n}  {text}"), id=f"choice-{key}", compact=True)
                    button.variant = "primary" if n == 1 else "default"
                    yield button
                yield Button(t("choice.keep"), id="keep", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        chosen = (event.button.id or "").removeprefix("choice-")
        self.dismiss(None if event.button.id == "keep" else chosen)

    def action_choose(self, n: int) -> None:
        if n < len(self.choices):
            self.dismiss(self.choices[n][0])


def ask(
    app: App[object], title: str, text: str, yes: str, then: Callable[[], object], no: str | None = None
) -> None:
    """Ask; run ``then`` only if the answer is yes."""

    def decided(ok: bool | None) -> None:
        if ok:
            then()

    app.push_screen(localized(ConfirmDialog)(title, text, yes, no), decided)


class InputsDialog(Dialog[R]):
    """A short form of text inputs, checked by an input model on saving, errors beside fields.

    Subclasses name the ``FIELDS``, the texts, the inputs and the model (imported lazily, so
    the board's start-up does not load pydantic models).
    """

    FIELDS: ClassVar[tuple[str, ...]] = ()
    DIALOG_ID: ClassVar[str | None] = None

    def fields(self) -> tuple[str, ...]:
        """The inputs, in order (``FIELDS`` unless a dialog decides as it opens)."""
        return self.FIELDS

    def heading(self) -> str:
        raise NotImplementedError

    def label(self, name: str) -> str:
        raise NotImplementedError

    def save_label(self) -> str:
        raise NotImplementedError

    def make_input(self, name: str) -> Input:
        return Input(id=name)

    def build(self, values: dict[str, str]) -> R:
        """The validated result; raises pydantic's ValidationError."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id=self.DIALOG_ID):
            yield PlainLabel(self.heading(), classes="dialog-title")
            for name in self.fields():
                yield PlainLabel(self.label(name))
                yield self.make_input(name)
                error = PlainStatic("", id=f"{name}-error", classes="field-error")
                error.display = False  # room for the buttons on a small terminal
                yield error
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.save_label(), id="save", variant="primary")
                yield Button(t("dialog.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(f"#{self.fields()[0]}", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        from pydantic import ValidationError

        from fieldcrm.store.validation import field_errors

        values = {name: self.query_one(f"#{name}", Input).value for name in self.fields()}
        try:
            result = self.build(values)
        except ValidationError as exc:
            errors = field_errors(exc)
            for name in self.fields():
                key, params = errors.get(name, ("", {}))
                error = self.query_one(f"#{name}-error", PlainStatic)
                error.update(t(key, **params) if key else "")
                error.display = bool(key)
            return
        self.dismiss(result)
