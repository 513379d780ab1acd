"""Cells a spreadsheet would run as a formula, made inert; and undone on import.

Excel, LibreOffice and WPS treat a cell starting with ``=``, ``+``, ``-`` or ``@`` (and, after
trimming, a tab, carriage return or line feed) as a formula, so ``=HYPERLINK(...)`` in a
company name could run on the team lead's machine. A leading single quote makes any of them
plain text. Only text columns are treated: numeric columns stay numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

FORMULA_STARTS = frozenset("=+-@\t\r\n")
QUOTE = "'"


def neutralise(text: str) -> str:
    """``text`` with a quote in front if a spreadsheet would run it as a formula."""
    return QUOTE + text if text and text[0] in FORMULA_STARTS else text


def restore(text: str) -> str:
    """Undo :func:`neutralise`, so an exported file imports back to the same text."""
    if len(text) > 1 and text[0] == QUOTE and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def safe_row(row: Sequence[Any], text_columns: Sequence[int]) -> list[Any]:
    """A copy of ``row`` with the text cells at ``text_columns`` neutralised."""
    out = list(row)
    for i in text_columns:
        value = out[i]
        if value and value[0] in FORMULA_STARTS:
            out[i] = QUOTE + value
    return out
