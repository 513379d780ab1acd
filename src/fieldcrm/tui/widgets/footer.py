"""The footer every screen shows: Textual's, packed closer when its keys would not fit."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer

COMPACT_BELOW = 150  # columns under which the keys lose their padding, so more of them fit
PALETTE_CELLS = 14  # the command palette's key at the right


class KeysFooter(Footer):
    """A footer whose keys pack together below COMPACT_BELOW columns, or when spaced out they
    would not all fit (a screen that gains a key, as the board does in team mode)."""

    def on_resize(self, event: Resize) -> None:
        self.compact = event.size.width < COMPACT_BELOW or self.needed() > event.size.width

    def compose(self) -> ComposeResult:
        if self.size.width:
            self.compact = self.size.width < COMPACT_BELOW or self.needed() > self.size.width
        yield from super().compose()

    def needed(self) -> int:
        """The cells the keys take spaced out: a cell either side of each key and label."""
        try:
            bindings = self.screen.active_bindings.values()
        except Exception:  # not on a screen yet
            return 0
        shown = {b.action: b for _, b, _, _ in bindings if b.show}
        return PALETTE_CELLS + sum(
            cell_len(self.app.get_key_display(b)) + cell_len(b.description) + 3 for b in shown.values()
        )
