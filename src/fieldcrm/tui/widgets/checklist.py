"""A list of items, each met (✓) or missing (✗): exit criteria, insider qualification..."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widget import Widget


class Checklist(Widget):
    """Items with their state; styled by the ``checklist--met`` / ``--missing`` components."""

    DEFAULT_CSS = "Checklist { height: auto; }"
    COMPONENT_CLASSES = {"checklist--met", "checklist--missing"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.items: list[tuple[str, bool]] = []

    def show(self, items: Iterable[tuple[str, bool]]) -> None:
        self.items = list(items)
        self.refresh(layout=True)

    def render(self) -> Text:
        met = self.get_component_rich_style("checklist--met")
        missing = self.get_component_rich_style("checklist--missing")
        lines = [
            Text.assemble(("✓ " if ok else "✗ ", met if ok else missing), label) for label, ok in self.items
        ]
        return Text("\n").join(lines)
