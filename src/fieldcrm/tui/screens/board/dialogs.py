"""The board's own dialogs: the stage gate, ending an account, a new account, the first run."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, RadioButton, RadioSet

from fieldcrm.domain.stages import Status
from fieldcrm.i18n import t
from fieldcrm.tui.dialog import CANCEL, Dialog, InputsDialog
from fieldcrm.tui.keys import KeySpec
from fieldcrm.tui.plain import PlainLabel, PlainStatic

if TYPE_CHECKING:
    from fieldcrm.domain.gates import CheckItem
    from fieldcrm.store.models import AccountCreate
    from fieldcrm.store.models.account import Pause


class GateDialog(Dialog[bool]):
    """Lists what the stage's exit checklist still misses; override or go back."""

    KEYS = (
        CANCEL,
        KeySpec("gate.back", "b", "cancel"),
        KeySpec("gate.override", "o", "override"),
    )

    def __init__(self, title: str, items: list[CheckItem], roles: str) -> None:
        super().__init__()
        self.title_text = title
        self.items = items
        self.roles = roles

    def compose(self) -> ComposeResult:
        from fieldcrm.tui.screens.account.names import label  # not at start-up: it loads the models

        with Vertical(classes="dialog"):
            yield PlainLabel(self.title_text, classes="dialog-title")
            yield PlainStatic(t("gate.roles", roles=self.roles), classes="dialog-text")
            yield PlainStatic(t("gate.intro"), classes="dialog-text")
            for item in self.items:
                mark = "✓" if item.met else "✗"
                yield PlainStatic(
                    f" {mark} {t('gate.' + item.key)}", classes="met" if item.met else "missing"
                )
                for point in item.lacks:
                    yield PlainStatic(f"     · {label('qualification.' + point)}", classes="missing")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("gate.button.back"), id="back", variant="primary")
                yield Button(t("gate.button.override"), id="override", variant="warning")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "override")

    def action_override(self) -> None:
        self.dismiss(True)


class CloseDialog(Dialog[tuple[Status, str]]):
    """Terminate or mark lost: the reason is required."""

    KEYS = (CANCEL, KeySpec("close.confirm", "ctrl+s", "confirm"))

    def __init__(self, account_name: str, reason: str = "") -> None:
        super().__init__()
        self.account_name = account_name
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield PlainLabel(t("close.title", name=self.account_name), classes="dialog-title")
            with RadioSet(id="kind"):
                yield RadioButton(t("status.terminated"), value=True, id="terminated")
                yield RadioButton(t("status.lost"), id="lost")
            yield PlainLabel(t("close.reason"))
            yield Input(self.reason, id="reason", placeholder=t("close.reason_placeholder"))
            yield PlainStatic("", id="reason-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("close.button"), id="confirm", variant="error")
                yield Button(t("dialog.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "confirm":
            self.action_confirm()
        else:
            self.dismiss(None)

    def on_input_submitted(self) -> None:
        self.action_confirm()

    def action_confirm(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.query_one("#reason-error", PlainStatic).update(t("close.reason_required"))
            return
        pressed = self.query_one("#kind", RadioSet).pressed_button
        status = Status.LOST if pressed is not None and pressed.id == "lost" else Status.TERMINATED
        self.dismiss((status, reason))


PAUSE_DAYS = 30  # the review day a pause proposes


class PauseDialog(InputsDialog["Pause"]):
    """Pause (暂缓；观察): why, and the day the account comes back to the agenda."""

    KEYS = (CANCEL, KeySpec("pause.save", "ctrl+s", "save"))
    FIELDS = ("reason", "review_on")

    def __init__(self, account_name: str, reason: str = "") -> None:
        super().__init__()
        self.account_name = account_name
        self.reason = reason

    def heading(self) -> str:
        return t("pause.title", name=self.account_name)

    def label(self, name: str) -> str:
        return t(f"pause.{name}")

    def save_label(self) -> str:
        return t("pause.button")

    def make_input(self, name: str) -> Input:
        if name == "review_on":
            from fieldcrm import clock

            return Input((clock.today() + timedelta(days=PAUSE_DAYS)).isoformat(), id=name)
        return Input(self.reason, id=name, placeholder=t("pause.reason_placeholder"))

    def build(self, values: dict[str, str]) -> Pause:
        from fieldcrm.store.models.account import Pause

        return Pause.model_validate(values)


class NewAccountDialog(InputsDialog["AccountCreate"]):
    """A quick form: the company name is required; the account starts in stage 1."""

    KEYS = (CANCEL, KeySpec("new.save", "ctrl+s", "save"))
    FIELDS = ("name", "industry", "phone")

    def heading(self) -> str:
        return t("new.title")

    def label(self, name: str) -> str:
        return t(f"new.{name}")

    def save_label(self) -> str:
        return t("new.button")

    def make_input(self, name: str) -> Input:
        return Input(id=name, placeholder=t("new.name_placeholder") if name == "name" else "")

    def build(self, values: dict[str, str]) -> AccountCreate:
        from fieldcrm.store.models import AccountCreate

        return AccountCreate.model_validate(values)


class FirstRunDialog(Dialog[str]):
    """On an empty database: load demo data or start empty."""

    KEYS = (
        KeySpec("first.demo", "d", "choose('demo')"),
        KeySpec("first.empty", "e,escape", "choose('empty')"),
    )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield PlainLabel(t("first.title"), classes="dialog-title")
            yield PlainStatic(t("first.text"), classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("first.demo"), id="demo", variant="primary")
                yield Button(t("first.empty"), id="empty")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
