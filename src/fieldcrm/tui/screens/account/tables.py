"""Refilling a DataTable after a change without losing the row the user was on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from textual.widgets import DataTable


def selected_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the cursor, or None for an empty table."""
    if not table.row_count:
        return None
    row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
    return row_key.value


@contextmanager
def keep_cursor(table: DataTable[Any], key: str | None = None) -> Iterator[None]:
    """Clear the rows, let the caller add them again, then put the cursor back on the same key
    (or on ``key``), or on the nearest row if that one is gone."""
    wanted = key or selected_key(table)
    row = table.cursor_row
    table.clear()
    yield
    if wanted is not None and wanted in {k.value for k in table.rows}:
        row = table.get_row_index(wanted)
    if table.row_count:
        table.move_cursor(row=min(row, table.row_count - 1), animate=False)
