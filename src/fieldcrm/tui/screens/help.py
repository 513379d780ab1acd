"""Help: every key of the screen it was opened from, in the current language, and what the
screen's figures mean (``notes``)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll

from fieldcrm.i18n import t
from fieldcrm.tui.dialog import CANCEL, Dialog
from fieldcrm.tui.keys import KeySpec, display_keys
from fieldcrm.tui.plain import PlainLabel, PlainStatic, PlainTable


class HelpScreen(Dialog[None]):
    KEYS = (CANCEL, KeySpec("help.close", "question_mark,q", "cancel"))

    def __init__(self, title: str, keys: tuple[KeySpec, ...], notes: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.title_text = title
        self.keys = keys
        self.notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield PlainLabel(t("help.title", screen=self.title_text), classes="dialog-title")
            with VerticalScroll():
                table: PlainTable = PlainTable(cursor_type="row", zebra_stripes=True)
                table.add_columns(t("help.key"), t("help.action"))
                for spec in self.keys:
                    table.add_row(display_keys(spec, getattr(self.app, "keymap", None)), spec.explanation())
                yield table
                for note in self.notes:
                    yield PlainStatic(note, classes="dialog-text help-note")
            yield PlainStatic(t("help.footer"), classes="dialog-text")
