"""Terminal charts with their numbers beside them: horizontal (stacked) bars and a funnel.

Both render Rich text a line per row, padded by cell width, so Chinese labels (two cells a
character) keep the columns aligned. Colours come from component classes, styled in the
screen's .tcss with theme variables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

BLOCK = "█"
GAP = 1  # cells between the label, the bar and the figure
MIN_BAR = 4  # the fewest cells a bar gets, however narrow the widget


def fit(text: str | Text, width: int, style: Style | str = "", right: bool = False) -> Text:
    """``text`` in exactly ``width`` cells: cut with an ellipsis, or padded (left if ``right``)."""
    out = text.copy() if isinstance(text, Text) else Text(text, style)
    if out.cell_len > width:
        out.truncate(width, overflow="ellipsis")
    pad = " " * (width - out.cell_len)
    return Text.assemble(pad, out) if right else out.append(pad)


def cells_for(value: float, most: float, width: int) -> int:
    """Cells of a bar of ``value`` when ``most`` fills ``width``; a value above zero shows."""
    if value <= 0 or most <= 0:
        return 0
    return max(1, round(width * value / most))


@dataclass(frozen=True, slots=True)
class Row:
    """One bar: its label, its parts (value and component class), and the figures beside it."""

    label: str
    parts: tuple[tuple[float, str], ...]
    figure: str = ""

    @property
    def total(self) -> float:
        return sum(value for value, _ in self.parts)


@dataclass(frozen=True, slots=True)
class Note:
    """A line of text under a bar (a reason, a breakdown), shown in the bar's column."""

    text: str


@dataclass(frozen=True, slots=True)
class Legend:
    """A line naming the colour of each part: (text, component class) pairs."""

    items: tuple[tuple[str, str], ...]


class Chart(Widget):
    """Rows of label, graphic and figure; the label and figure columns fit their widest."""

    DEFAULT_CSS = "Chart { height: auto; }"

    def _cell_style(self, name: str) -> Style:
        return self.get_component_rich_style(f"chart--{name}", partial=True)

    def _columns(self, labels: Sequence[str], figures: Sequence[str]) -> tuple[int, int, int]:
        """Widths of the label, bar and figure columns at the widget's width."""
        width = self.size.width
        label = max((Text(s).cell_len for s in labels), default=0)
        figure = max((Text(s).cell_len for s in figures), default=0)
        bar = width - label - figure - 2 * GAP
        if bar < MIN_BAR:  # too narrow: the label gives way first
            label = max(0, label - (MIN_BAR - bar))
            bar = max(MIN_BAR, width - label - figure - 2 * GAP)
        return label, bar, figure

    def _line(self, label: Text, graphic: Text, figure: Text) -> Text:
        return Text.assemble(label, " " * GAP, graphic, " " * GAP, figure)


class BarChart(Chart):
    """Horizontal bars scaled to the largest total, stacked when a row has several parts."""

    COMPONENT_CLASSES = {
        "chart--label", "chart--figure", "chart--note", "chart--bar", "chart--empty",
        "chart--a", "chart--b", "chart--c", "chart--d", "chart--none",
        "chart--won", "chart--lost", "chart--terminated", "chart--overrides",
    }  # fmt: skip

    rows: reactive[tuple[Row | Note | Legend, ...]] = reactive((), layout=True)
    """What the chart shows, top to bottom."""

    def render(self) -> Text:
        bars = [r for r in self.rows if isinstance(r, Row)]
        label_w, bar_w, figure_w = self._columns([r.label for r in bars], [r.figure for r in bars])
        most = max((r.total for r in bars), default=0)
        lines = []
        for row in self.rows:
            if isinstance(row, Note | Legend):
                lines.append(self._line(fit("", label_w), self._under(row, bar_w + GAP + figure_w), Text()))
                continue
            graphic = Text()
            for value, part in row.parts:
                graphic.append(BLOCK * cells_for(value, most, bar_w), self._cell_style(part))
            graphic.truncate(bar_w)
            graphic = fit(graphic, bar_w)
            lines.append(
                self._line(
                    fit(row.label, label_w, self._cell_style("label")),
                    graphic,
                    fit(row.figure, figure_w, self._cell_style("figure")),
                )
            )
        return Text("\n").join(lines)

    def _under(self, row: Note | Legend, width: int) -> Text:
        """A note or a legend, in the columns of the bar and the figure."""
        if isinstance(row, Note):
            return fit(row.text, width, self._cell_style("note"))
        legend = Text()
        for text, part in row.items:
            legend.append(BLOCK, self._cell_style(part)).append(f" {text}  ", self._cell_style("note"))
        return fit(legend, width)


@dataclass(frozen=True, slots=True)
class Step:
    """One stage of a funnel: its bar's value, the figure beside it, and the line leading to
    the next stage (the conversion)."""

    label: str
    value: int
    figure: str
    onward: str = ""


class Funnel(Chart):
    """Centred bars narrowing stage by stage, each followed by its conversion to the next."""

    COMPONENT_CLASSES = {"chart--label", "chart--figure", "chart--bar", "chart--onward"}

    steps: reactive[tuple[Step, ...]] = reactive((), layout=True)
    """The stages, widest first."""

    def render(self) -> Text:
        label_w, bar_w, figure_w = self._columns(
            [s.label for s in self.steps], [s.figure for s in self.steps]
        )
        most = max((s.value for s in self.steps), default=0)
        lines = []
        for step in self.steps:
            cells = cells_for(step.value, most, bar_w)
            left = (bar_w - cells) // 2
            graphic = Text.assemble(
                " " * left, (BLOCK * cells, self._cell_style("bar")), " " * (bar_w - left - cells)
            )
            lines.append(
                self._line(
                    fit(step.label, label_w, self._cell_style("label")),
                    graphic,
                    fit(step.figure, figure_w, self._cell_style("figure")),
                )
            )
            if step.onward:
                onward = Text(step.onward, self._cell_style("onward"))
                centred = (
                    fit(onward, bar_w + GAP + figure_w)
                    if onward.cell_len >= bar_w
                    else _centre(onward, bar_w)
                )
                lines.append(self._line(fit("", label_w), centred, Text()))
        return Text("\n").join(lines)


def _centre(text: Text, width: int) -> Text:
    left = (width - text.cell_len) // 2
    return Text.assemble(" " * left, text)
