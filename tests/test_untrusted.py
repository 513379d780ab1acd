"""Untrusted text made safe to show: properties of fieldcrm.untrusted."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from fieldcrm.store.models import AccountCreate
from fieldcrm.untrusted import REFUSED, control_in, one_line, printable, strip_controls, visible

CONTROLS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))] + ["\u202e", "\u2066", "\u2028", "\ud800"]


@given(st.text())
def test_visible_text_holds_no_refused_character_and_keeps_its_length(text: str) -> None:
    shown = visible(text)
    assert REFUSED.search(shown) is None
    assert len(shown) == len(text)
    assert [c for c in shown if c in "\t\n"] == [c for c in text if c in "\t\n"]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))))
def test_text_without_controls_is_shown_as_it_is(text: str) -> None:
    if control_in(text) is None:
        assert visible(text) is text and one_line(text) == text


@given(st.text())
def test_one_line_has_no_line_break_or_tab(text: str) -> None:
    assert not {"\n", "\t"} & set(one_line(text))
    assert not set(strip_controls(text)) & set(CONTROLS)


def test_stand_ins() -> None:
    assert visible("a\x1b]52;c;x\x07b") == "a\u241b]52;c;x\u2407b"
    assert visible("del\x7f c1\x9b rtl\u202e") == "del\u2421 c1\ufffd rtl\ufffd"


@pytest.mark.parametrize("char", CONTROLS)
def test_input_models_refuse_every_control_but_tab_and_newline(char: str) -> None:
    if char in "\t\n":
        assert AccountCreate(name="Acme", notes=f"a{char}b").notes == f"a{char}b"
        return
    with pytest.raises(ValidationError) as caught:
        AccountCreate(name=f"Acme{char}Ltd")
    assert "error.control" in str(caught.value) or "error.nul" in str(caught.value)


@given(st.lists(st.text(alphabet=st.characters(codec=None, exclude_categories=()))))
def test_printable_texts_hold_nothing_control_in_refuses(texts: list[str]) -> None:
    """The importer's quick look (printable) never passes a text that control_in refuses."""
    if printable(texts):
        assert all(control_in(text) is None for text in texts)


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\t", "\n", "\x85", "\u202e", "\u2028", "\ud800", "\u200d"])
def test_a_control_character_of_any_kind_is_not_printable(char: str) -> None:
    assert not printable(["Acme", f"a{char}b"])
    assert printable(["Acme", "华为 «Ω» café"])
