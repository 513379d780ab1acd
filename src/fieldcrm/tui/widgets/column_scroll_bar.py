"""A stage column's scroll bar, drawn straight into lines.

Textual's scroll bar renders itself as a Rich renderable, through the console and the styles
cache, one line at a time: about a millisecond for a column's height. Every layout of the
board and every new count (each search keystroke) repaints all five, which was a third of a
search keystroke. This bar makes the same segments (Textual's
``ScrollBarRender.render_bar``, with its mouse actions) into one strip per line, passed
through the app's line filters, and keeps them while the bar's size, position, colours and
filters stay as they were.
"""

from __future__ import annotations

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip

_BACK, _BAR = Color.parse("#555555"), Color.parse("bright_magenta")  # render_bar's defaults


class ColumnScrollBar(ScrollBar):
    """A vertical scroll bar that draws its lines itself and reuses them."""

    def __init__(self, *, thickness: int = 1) -> None:
        super().__init__(vertical=True, name="vertical", thickness=thickness)
        self._drawn: tuple[object, list[Strip]] = ((), [])

    def render_lines(self, crop: Region) -> list[Strip]:
        width, height = self.size
        bar = self.render()
        assert isinstance(bar, ScrollBarRender)
        style = bar.style if isinstance(bar.style, Style) else Style.parse(str(bar.style))
        _, background = self.background_colors
        filters = self.get_line_filters()
        key: tuple[object, ...] = (width, height, bar.virtual_size, bar.window_size, bar.position)
        key += (style, self.rich_style, background, *filters)
        if key != self._drawn[0]:
            segments = bar.render_bar(
                size=height,
                virtual_size=bar.virtual_size,
                window_size=bar.window_size,
                position=bar.position,
                thickness=width,
                back_color=style.bgcolor or _BACK,
                bar_color=style.color or _BAR,
            ).segments
            base = self.rich_style  # under each segment, as Textual's rendering puts it
            lines = []
            for segment in segments:
                strip = Strip([Segment(segment.text, base + segment.style)], width)
                for line_filter in filters:
                    strip = strip.apply_filter(line_filter, background)
                lines.append(strip)
            self._drawn = (key, lines)
        lines = self._drawn[1]
        strips = [lines[y] if y < len(lines) else Strip.blank(width) for y in crop.line_range]
        if crop.column_span != (0, width):
            strips = [strip.crop(*crop.column_span) for strip in strips]
        return strips
