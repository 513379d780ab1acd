"""The footer every screen shows: Textual's, packed closer on a narrow terminal."""

from __future__ import annotations

from textual.events import Resize
from textual.widgets import Footer

COMPACT_BELOW = 150  # columns under which the keys lose their padding, so more of them fit


class KeysFooter(Footer):
    """A footer whose keys pack together below COMPACT_BELOW columns."""

    def on_resize(self, event: Resize) -> None:
        self.compact = event.size.width < COMPACT_BELOW
