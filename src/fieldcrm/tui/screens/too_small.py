"""Below 80x24 the screens do not fit: cover them and ask for a larger terminal.

:func:`fit` runs on every resize of the app: it pushes the cover when the terminal becomes too
small and pops it as soon as the screens fit again; the screen under it (a form half filled
in, say) is untouched meanwhile. The cover follows its own resize events to show the size.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.screen import Screen

from fieldcrm.i18n import t
from fieldcrm.tui.keys import HasKeys, KeySpec, localized
from fieldcrm.tui.plain import PlainStatic
from fieldcrm.tui.stylesheets import stylesheet

MIN_WIDTH = 80
MIN_HEIGHT = 24


class TooSmallScreen(Screen[None], HasKeys):
    """Covers every other screen while the terminal is too small for them."""

    CSS_PATH = stylesheet("too_small")
    KEYS = (KeySpec("too_small.quit", "q,ctrl+q", "app.quit"),)

    def compose(self) -> ComposeResult:
        yield PlainStatic(id="too-small-message")

    def on_mount(self) -> None:
        self.show(self.app.size)

    def on_resize(self, event: events.Resize) -> None:
        self.show(event.size)

    def show(self, size: Size) -> None:
        message = t(
            "too_small.message",
            width=size.width,
            height=size.height,
            min_width=MIN_WIDTH,
            min_height=MIN_HEIGHT,
        )
        self.query_one("#too-small-message", PlainStatic).update(message)


def fit(app: App[Any], size: Size) -> None:
    """Cover the screens while the terminal (of ``size``) is below MIN_WIDTH x MIN_HEIGHT."""
    small = size.width < MIN_WIDTH or size.height < MIN_HEIGHT
    covered = isinstance(app.screen, TooSmallScreen)
    if small and not covered:
        app.push_screen(localized(TooSmallScreen)())
    elif covered and not small:
        app.pop_screen()
