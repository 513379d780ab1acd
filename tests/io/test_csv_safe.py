"""Formula neutralisation: what a spreadsheet would run becomes text, and comes back on import."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldcrm.io.csv_safe import FORMULA_STARTS, neutralise, restore, safe_row


@pytest.mark.parametrize(("cell", "safe"), [
    ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\t=1", "'\t=1"),
    ("+86 138 0013 8000", "'+86 138 0013 8000"),
    ("-2+3", "'-2+3"),
    ("\r=1", "'\r=1"),
    ("\n=1", "'\n=1"),
    ("Acme Packaging", "Acme Packaging"),
    ("华东精密 =1", "华东精密 =1"),
    ("", ""),
])  # fmt: skip
def test_cells_a_spreadsheet_would_run_get_a_quote(cell, safe):
    assert neutralise(cell) == safe
    assert restore(safe) == cell


def test_only_text_columns_are_touched():
    assert safe_row(["=1", -40, "-40", 3.5], [0, 2]) == ["'=1", -40, "'-40", 3.5]


@given(st.text())
def test_nothing_neutralised_starts_a_formula(text):
    assert not neutralise(text)[:1] or neutralise(text)[0] not in FORMULA_STARTS


@given(st.text().filter(lambda s: not s.startswith("'")))
def test_restore_undoes_neutralise(text):
    assert restore(neutralise(text)) == text
