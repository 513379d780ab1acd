"""One factor of the scoring form: its letter, name, weight, explanation, score picker and note."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from fieldcrm.domain.scoring import CAPABILITY_FACTORS, SCORE_MAX, SCORE_MIN, VALUE_FACTORS
from fieldcrm.i18n import factor_name, t
from fieldcrm.tui.plain import plain

INDENT = 4  # the explanation and note sit under the factor's name
CHOICES: tuple[int | None, ...] = (None, *range(SCORE_MIN, SCORE_MAX + 1))  # left to right


def axis_of(factor: str) -> str:
    """The i18n key of the axis a factor counts on."""
    if factor in VALUE_FACTORS:
        return "factor.axis.value"
    return "factor.axis.capability" if factor in CAPABILITY_FACTORS else "factor.axis.difficulty"


class FactorRow(Widget):
    """A factor scored 1-5 or unknown; the screen moves the selection and changes the score."""

    COMPONENT_CLASSES = {
        "factor-row--letter",
        "factor-row--choice",
        "factor-row--chosen",
        "factor-row--unknown",
        "factor-row--muted",
        "factor-row--note",
    }

    score: reactive[int | None] = reactive(None)
    """1-5, or None for unknown."""
    note: reactive[str] = reactive("", layout=True)
    """The rep's note on this factor ('' for none)."""
    selected: reactive[bool] = reactive(False, layout=True)
    """Whether the form's cursor is on this factor."""
    brief: reactive[bool] = reactive(False, layout=True)
    """Explain the factor only while it is selected (small terminals)."""

    def __init__(self, factor: str, weight: int, score: int | None, note: str) -> None:
        super().__init__(id=f"factor-{factor}")
        self.factor = factor
        self.weight = weight
        self.set_reactive(FactorRow.score, score)
        self.set_reactive(FactorRow.note, note)

    def watch_selected(self, selected: bool) -> None:
        self.set_class(selected, "-selected")

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"factor-row--{name}", partial=True)

    def picker(self) -> Text:
        """'?  1  2  3  4  5' with the current choice marked."""
        text = Text()
        for choice in CHOICES:
            label = "?" if choice is None else str(choice)
            chosen = "unknown" if choice is None else "chosen"
            text.append(f" {label} ", self._style(chosen if choice == self.score else "choice"))
        return text

    def render(self) -> RenderableType:
        head = Table.grid(expand=True, padding=(0, 1))
        head.add_column(no_wrap=True)
        head.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        head.add_column(no_wrap=True, justify="right")
        marker = "▸" if self.selected else " "
        head.add_row(
            Text(f"{marker} {self.factor}", self._style("letter")),
            Text(factor_name(self.factor), style="bold"),
            self.picker(),
        )
        detail = Text(
            f"{t(axis_of(self.factor))} · {t('factor.weight', weight=self.weight)} · "
            f"{t(f'factor.explain.{self.factor}')}",
            self._style("muted"),
        )
        lines: list[RenderableType] = [head]
        if self.selected or not self.brief:
            lines.append(Padding(detail, (0, 0, 0, INDENT)))
        if self.note:
            lines.append(Padding(plain(f"✎ {self.note}", self._style("note")), (0, 0, 0, INDENT)))
        return Group(*lines)
