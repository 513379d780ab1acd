"""Below 80x24 the screens do not fit: cover them and ask for a larger terminal.

:func:`fit` runs on every resize: it pushes the cover when the terminal becomes too small,
updates it while it stays so, and pops it as soon as the screens fit again; the screen under it
(a form half filled in, say) is untouched meanwhile.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

from fieldcrm.i18n import t
from fieldcrm.tui.keys import HasKeys, KeySpec, localized

MIN_WIDTH = 80
MIN_HEIGHT = 24


class TooSmallScreen(Screen[None], HasKeys):
    """Covers every other screen while the terminal is too small for them."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "too_small.tcss"
    KEYS = (KeySpec("too_small.quit", "q,ctrl+q", "app.quit", "Quit", "退出"),)

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-message")

    def on_mount(self) -> None:
        self.show(self.app.size)

    def show(self, size: Size) -> None:
        message = t(
            "too_small.message",
            width=size.width,
            height=size.height,
            min_width=MIN_WIDTH,
            min_height=MIN_HEIGHT,
        )
        self.query_one("#too-small-message", Static).update(message)


def fit(app: App[Any]) -> None:
    """Cover the screens while ``app``'s terminal is below MIN_WIDTH x MIN_HEIGHT."""
    small = app.size.width < MIN_WIDTH or app.size.height < MIN_HEIGHT
    top = app.screen
    if isinstance(top, TooSmallScreen):
        if small:
            top.show(app.size)
        else:
            app.pop_screen()
    elif small:
        app.push_screen(localized(TooSmallScreen)())
