"""The footer every screen shows: Textual's, packed closer when its keys would not fit."""

from __future__ import annotations

from rich.cells import cell_len
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer

COMPACT_BELOW = 150  # columns under which the keys lose their padding, so more of them fit
PALETTE_CELLS = 14  # the command palette's key at the right


class KeysFooter(Footer):
    """A footer whose keys pack together below COMPACT_BELOW columns, or when spaced out they
    would not all fit (a screen that gains a key, as the board does in team mode)."""

    def on_resize(self, event: Resize) -> None:
        self.compact = self.fits_closer(event.size.width)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Textual recomposes the keys; then see whether they still fit spaced out."""
        super().bindings_changed(screen)
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        if self.size.width:
            self.compact = self.fits_closer(self.size.width)

    def fits_closer(self, width: int) -> bool:
        return width < COMPACT_BELOW or self.needed() > width

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
