"""Text from users and files shown as text: never parsed as markup, never sent raw to the terminal.

Textual parses a plain string as markup in most widgets (``Static``, ``Label``, table cells,
notifications): a company called ``Smith [/] Sons`` crashes it, ``ACME [Shanghai] Ltd`` loses
its bracket, and ``[@click=app.quit]`` plants an action. Every screen builds its text with
:func:`plain` and shows it in the widgets below, which take a string as plain text; the app
sends notifications without markup and passes every line through :class:`ControlFilter`
before the terminal, so a control character that reached a widget anyway is dropped there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.segment import Segment
from rich.style import StyleType
from rich.text import Text
from textual.color import Color
from textual.filter import LineFilter
from textual.visual import VisualType
from textual.widgets import DataTable, Label, Static

from fieldcrm.untrusted import one_line, strip_controls, visible


def plain(value: object, style: StyleType = "", *, single_line: bool = False) -> Text:
    """``value`` as a Rich Text with no markup, its control characters shown as stand-ins
    (tab and newline too when ``single_line``)."""
    text = str(value)
    return Text(one_line(text) if single_line else visible(text), style=style)


def _as_text(content: Any) -> Any:
    """A string becomes plain text; a Text or other renderable built by the caller stays."""
    return plain(content) if isinstance(content, str) else content


class _TakesText:
    """For a Static or a Label: a string given to it is text, not markup."""

    def __init__(self, content: VisualType = "", **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(_as_text(content), **kwargs)  # type: ignore[call-arg]

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        super().update(_as_text(content), layout=layout)  # type: ignore[misc]


class PlainStatic(_TakesText, Static):
    """A Static whose strings are text, not markup."""


class PlainLabel(_TakesText, Label):
    """A Label whose strings are text, not markup."""


class PlainTable(DataTable[Any]):
    """A DataTable whose string cells and labels are text, not markup."""

    def add_column(self, label: Any, **kwargs: Any) -> Any:
        return super().add_column(_as_text(label), **kwargs)

    def add_row(self, *cells: Any, **kwargs: Any) -> Any:
        if "label" in kwargs:
            kwargs["label"] = _as_text(kwargs["label"])
        return super().add_row(*(_as_text(c) for c in cells), **kwargs)

    def add_rows(self, rows: Iterable[Iterable[Any]]) -> Any:
        return [self.add_row(*row) for row in rows]

    def update_cell(self, row_key: Any, column_key: Any, value: Any, **kwargs: Any) -> None:
        super().update_cell(row_key, column_key, _as_text(value), **kwargs)


class ControlFilter(LineFilter):
    """The last guard before the terminal: drops any control character from drawn text.

    Control characters are zero cells wide, so dropping them changes no layout; the widgets
    above have already shown the ones in the data as visible stand-ins.
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        out = segments
        for index, segment in enumerate(segments):
            text = segment.text
            if segment.control is None and strip_controls(text) is not text:
                if out is segments:
                    out = list(segments)
                out[index] = Segment(strip_controls(text), segment.style, None)
        return out
