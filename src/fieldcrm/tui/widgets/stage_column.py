"""One stage column of the board, drawn lazily with the line API.

The column never builds a widget per card: ``render_line`` asks its source for the card under
each visible line, and the source pages rows in from SQLite as they scroll into view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from fieldcrm.store.board import Card
from fieldcrm.tui.textual_private import own_vertical_scrollbar
from fieldcrm.tui.widgets.card_lines import CARD_HEIGHT, CARD_LINES, card_lines
from fieldcrm.tui.widgets.column_scroll_bar import ColumnScrollBar

# Cards whose lines are kept, the least recently drawn dropped first: a column shows about nine,
# and each kept card costs about 10 KB (Textual's strips carry caches of their own).
STRIP_CACHE = 64


@dataclass(frozen=True, slots=True)
class _Pass:
    """One rendering pass: what all its lines share."""

    width: int  # the cards' width: the content region less the scrollbar's gutter
    line_width: int  # a line's: Textual pads each line to the content region (the bar overlays it)
    base: Style
    top: int
    count: int
    selected: int  # index of the highlighted card, -1 when the column is not current


class CardSource(Protocol):
    """Where a column gets its cards: a count and the card at an index."""

    @property
    def count(self) -> int: ...

    def card_at(self, index: int) -> Card | None: ...


class StageColumn(ScrollView, can_focus=False):
    """A scrollable list of account cards for one stage."""

    COMPONENT_CLASSES = {
        "stage-column--card",
        "stage-column--selected",
        "stage-column--name",
        "stage-column--meta",
        "stage-column--meter",
        "stage-column--overdue",
        "stage-column--today",
        "stage-column--missing",
        "stage-column--grade-a",
        "stage-column--grade-b",
        "stage-column--grade-c",
        "stage-column--grade-d",
        "stage-column--empty",
        "stage-column--current",
    }

    cursor: reactive[int] = reactive(0)
    """Index of the selected card in this column."""
    current: reactive[bool] = reactive(False)
    """Whether this is the column the board's selection is in."""

    @dataclass
    class CardClicked(Message):
        """A card was clicked: select it."""

        stage: int
        index: int

    def __init__(self, stage: int, source: CardSource, today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stage = stage
        self.source = source
        self.today = today
        self.empty_text = ""
        self._strips: LRUCache[tuple[Card, int, int, bool], list[Strip]] = LRUCache(STRIP_CACHE)
        self._styles: dict[str, Style] = {}
        self._pass = _Pass(0, 0, Style(), 0, 0, -1)
        self._titles: tuple[str, str, str] | None = None

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """The column's scroll bar: one that draws its lines itself (ColumnScrollBar)."""
        return own_vertical_scrollbar(self, ColumnScrollBar)

    def set_titles(self, title: str, subtitle: str, keep: str = "") -> None:
        """Set the border's title and subtitle; each setting repaints the column, so only
        when they change. ``keep`` ends the title and always shows whole (the count): the
        title before it is cut to the column's width."""
        if (title, subtitle, keep) != self._titles:
            self._titles = (title, subtitle, keep)
            self._show_titles()

    def _show_titles(self) -> None:
        if self._titles is None:
            return
        title, subtitle, keep = self._titles
        room = self.size.width - 4 - cell_len(keep)  # the corners and a space each side
        if self.size.width and cell_len(title) > room:
            title = set_cell_size(title, max(0, room - 1)).rstrip() + "…"
        self.border_title = title + keep
        self.border_subtitle = subtitle

    def reload(self) -> None:
        """The source changed: resize to its count and redraw."""
        self._resize_content()
        if self.cursor >= self.source.count:
            self.cursor = max(0, self.source.count - 1)
        self.refresh()

    def _resize_content(self) -> None:
        """Set the scrollable height to the count of cards.

        A change of virtual size normally lays out the whole screen, which repaints every
        column's scroll bar. When the scroll bar stays as it is (shown or not), only this
        column's bar and scroll range need to follow, which is all a card move changes.
        """
        size = Size(self.size.width, self._content_height())
        if size == self.virtual_size:
            return
        bar_needed = size.height > self.container_size.height
        if not self.size or bar_needed != self.show_vertical_scrollbar:
            self.virtual_size = size
            return
        self.set_reactive(StageColumn.virtual_size, size)
        if bar_needed:
            self.vertical_scrollbar.window_virtual_size = size.height
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    def notify_style_update(self) -> None:
        """Styles or theme changed: drop the cards drawn with the old ones (a change that
        leaves the cards' styles as they were keeps them), and colour the border again."""
        super().notify_style_update()
        if any(self._component_style(name) != style for name, style in self._styles.items()):
            self._strips.clear()
            self._styles.clear()
        self._frame()

    def _frame(self) -> None:
        """The current column's border in ``stage-column--current``'s colour, set on the
        column itself: a CSS class would restyle the column, about 2 ms, twice a move."""
        styles = self.styles
        if self.current:
            color = self.get_component_styles("stage-column--current").color
            styles.border = ("round", color)
            styles.border_title_color = color
            styles.auto_border_title_color = False  # the CSS's title colour ($text) is "auto"
        else:  # the column's own, from CSS
            styles.border = styles.border_title_color = styles.auto_border_title_color = None

    def _content_height(self) -> int:
        """The cards' lines, and room below them to scroll the last one to a card's edge."""
        count = self.source.count
        return count * CARD_HEIGHT + (CARD_HEIGHT - 1 if count else 0)

    def on_resize(self) -> None:
        self._show_titles()
        self.virtual_size = Size(self.size.width, self._content_height())
        self.scroll_to_cursor()

    def watch_cursor(self) -> None:
        self.refresh()

    def watch_current(self) -> None:
        self._frame()
        self.refresh()

    def selected(self) -> Card | None:
        return self.source.card_at(self.cursor) if self.source.count else None

    def scroll_to_cursor(self, animate: bool = False) -> None:
        """Scroll as little as shows the selected card whole, the top always at a card's
        edge (never half a card, with its name cut off, at the top)."""
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_offset.y)
        first = self.cursor * CARD_HEIGHT
        end = first + CARD_LINES  # one past the card's last line
        if first < top:
            top = first
        elif end > top + height:
            top = min(first, -(-(end - height) // CARD_HEIGHT) * CARD_HEIGHT)
        top -= top % CARD_HEIGHT
        if top != self.scroll_offset.y:
            self.scroll_to(y=top, animate=animate, force=True)

    def move_cursor(self, delta: int) -> None:
        if self.source.count:
            self.cursor = min(max(0, self.cursor + delta), self.source.count - 1)
            self.scroll_to_cursor()

    @property
    def top_index(self) -> int:
        """Index of the first card in view."""
        return int(self.scroll_offset.y) // CARD_HEIGHT

    @property
    def page_size(self) -> int:
        return max(1, self.size.height // CARD_HEIGHT)

    def _component_style(self, name: str) -> Style:
        partial = name not in ("card", "selected")  # card backgrounds blend with the column's
        return self.get_component_rich_style(f"stage-column--{name}", partial=partial)

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self._component_style(name)
        return style

    def _card_strips(self, index: int, selected: bool) -> list[Strip] | None:
        """The card's lines, drawn once per content, width and selection, then reused. Each is
        as wide as Textual makes a line, so that Textual keeps no padded copy of it."""
        card = self.source.card_at(index)
        if card is None:
            return None
        p = self._pass
        key = (card, p.width, p.line_width, selected)
        strips = self._strips.get(key)
        if strips is None:
            console = self.app.console
            card_style = self._style("selected" if selected else "card")
            gap = [Segment(" " * (p.line_width - p.width), p.base)] if p.line_width > p.width else []
            strips = []
            for text in card_lines(card, p.width, self.today, self._style):
                plain = Strip(list(text.render(console))).adjust_cell_length(p.width)
                segments = [
                    Segment(seg.text, card_style + seg.style if seg.style else card_style) for seg in plain
                ]
                strips.append(Strip(segments + gap, max(p.width, p.line_width)))
            self._strips.set(key, strips)
        return strips

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every line of one pass shares, looked up once (reactives are not free).
        self._pass = _Pass(
            width=self.scrollable_content_region.width,
            line_width=self.content_region.width,
            base=self.rich_style,
            top=self.scroll_offset.y,
            count=self.source.count,
            selected=self.cursor if self.current else -1,
        )
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        p = self._pass
        index, row = divmod(p.top + y, CARD_HEIGHT)
        if not p.count:
            if y == 1 and self.empty_text:
                empty = Segment(self.empty_text.center(p.width), p.base + self._style("empty"))
                return Strip([empty]).adjust_cell_length(p.line_width, p.base)
            return Strip.blank(p.line_width, p.base)
        if index >= p.count or row >= CARD_LINES:
            return Strip.blank(p.line_width, p.base)
        strips = self._card_strips(index, index == p.selected)
        return Strip.blank(p.line_width, p.base) if strips is None else strips[row]

    def on_click(self, event: events.Click) -> None:
        index = (self.scroll_offset.y + event.y) // CARD_HEIGHT
        if 0 <= index < self.source.count:
            self.post_message(self.CardClicked(self.stage, index))
