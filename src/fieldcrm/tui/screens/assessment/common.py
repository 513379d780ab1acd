"""What the assessment screens share: their style sheet, a yes/no question, a one-line note."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input

from fieldcrm.i18n import t
from fieldcrm.tui.dialog import CANCEL, ConfirmDialog, Dialog
from fieldcrm.tui.keys import KeySpec, localized
from fieldcrm.tui.plain import PlainLabel, PlainStatic
from fieldcrm.tui.stylesheets import stylesheet

STYLES = stylesheet("assessment")


class NoteDialog(Dialog[str]):
    """Edit one line of text; enter keeps it, escape leaves it as it was."""

    KEYS = (CANCEL, KeySpec("note.save", "ctrl+s", "save"))

    def __init__(self, title: str, value: str) -> None:
        super().__init__()
        self.title_text, self.value = title, value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield PlainLabel(self.title_text, classes="dialog-title")
            yield Input(self.value, id="note", placeholder=t("note.placeholder"), max_length=2000)
            yield PlainStatic(t("note.hint"), classes="dialog-text")

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.dismiss(self.query_one("#note", Input).value.strip())


def leave(screen: Screen[bool], dirty: bool, saved: bool = False) -> None:
    """Dismiss ``screen`` with ``saved``, first asking whether to drop unsaved changes."""
    if not dirty:
        screen.dismiss(saved)
        return

    def answered(discard: bool | None) -> None:
        if discard:
            screen.dismiss(saved)

    screen.app.push_screen(
        localized(ConfirmDialog)(t("discard.title"), t("discard.text"), t("discard.yes"), t("discard.no")),
        answered,
    )
