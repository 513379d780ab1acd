"""A yes/no question before something that cannot be undone (deleting, discarding changes)."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from fieldcrm.i18n import t
from fieldcrm.tui.keys import KeySpec, localized
from fieldcrm.tui.screens.dialogs import CANCEL, Dialog


class ConfirmDialog(Dialog[bool]):
    """``y`` or the red button confirms; escape, ``n`` or the other button keeps things as they are."""

    KEYS = (
        CANCEL,
        KeySpec("confirm.yes", "y", "confirm", "Yes", "是"),
        KeySpec("confirm.no", "n", "cancel", "No", "否"),
    )

    def __init__(self, title: str, text: str, yes: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.text, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error")
                yield Button(f"{t('dialog.cancel')} (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


def ask(app: App[object], title: str, text: str, yes: str, then: Callable[[], object]) -> None:
    """Ask; run ``then`` only if the answer is yes."""

    def decided(ok: bool | None) -> None:
        if ok:
            then()

    app.push_screen(localized(ConfirmDialog)(title, text, yes), decided)
