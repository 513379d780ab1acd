"""One-line bars: a 0-100 meter, and a balance from -100 to 100 around a centre mark.

Colours come from the component classes (styled in the .tcss with theme variables).
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class Bar(Widget):
    """A label, a bar filling the rest of the line, and the figure."""

    DEFAULT_CSS = "Bar { height: 1; }"
    COMPONENT_CLASSES = {"meter--label", "meter--filled", "meter--empty", "meter--negative"}

    value: reactive[int] = reactive(0)
    """The figure the bar shows."""
    label: reactive[str] = reactive("")
    """What the figure is, shown before the bar."""

    def _figure(self) -> str:
        return f" {self.value}%"

    def _bar(self, cells: int) -> Text:
        raise NotImplementedError

    def _cells(self, text: str, part: str) -> Text:
        return Text(text, self.get_component_rich_style(f"meter--{part}"))

    def render(self) -> Text:
        head = self._cells(f"{self.label} " if self.label else "", "label")
        figure = self._cells(self._figure(), "label")
        cells = max(0, self.size.width - head.cell_len - figure.cell_len)
        return Text.assemble(head, self._bar(cells), figure)


class Meter(Bar):
    """How full something is, 0-100 (profile or information completeness, penetration)."""

    def _bar(self, cells: int) -> Text:
        filled = round(cells * max(0, min(self.value, 100)) / 100)
        return Text.assemble(
            self._cells("█" * filled, "filled"), self._cells("░" * (cells - filled), "empty")
        )


class BalanceBar(Bar):
    """A signed figure, -100 to 100: the left half fills for negative, the right for positive."""

    def _figure(self) -> str:
        return f" {self.value:+d}"

    def _bar(self, cells: int) -> Text:
        half = max(0, (cells - 1) // 2)
        fill = round(half * min(abs(self.value), 100) / 100)
        left = self._cells("░" * half, "empty")
        right = self._cells("░" * (cells - 1 - half), "empty")
        if self.value < 0:
            left = Text.assemble(
                self._cells("░" * (half - fill), "empty"), self._cells("█" * fill, "negative")
            )
        elif self.value > 0:
            right = Text.assemble(
                self._cells("█" * fill, "filled"), self._cells("░" * (cells - 1 - half - fill), "empty")
            )
        return Text.assemble(left, self._cells("│", "label"), right)
