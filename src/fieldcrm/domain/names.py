"""Normalised company names, so that duplicates are found however they are typed."""

from __future__ import annotations

import unicodedata

# Legal-form words and suffixes that do not tell two companies apart.
_LATIN_SUFFIXES = frozenset(
    {"co", "ltd", "limited", "inc", "llc", "corp", "corporation", "gmbh", "company", "plc"}
)
_CJK_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司")


def search_key(text: str) -> str:
    """Text as the board search compares it: width-folded (NFKC) and casefolded."""
    return unicodedata.normalize("NFKC", text).casefold()


def name_key(name: str) -> str:
    """Casefolded, width-folded (NFKC), without punctuation, spaces or legal-form suffixes.

    Latin suffixes are dropped only as whole trailing words ('Tesco' keeps its 'co');
    stacked suffixes ('集团有限公司', 'Co., Ltd') are all dropped.
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    words = "".join(ch if ch.isalnum() else " " for ch in text).split()
    while len(words) > 1 and words[-1] in _LATIN_SUFFIXES:
        words.pop()
    key = "".join(words)
    stripped = True
    while stripped:
        stripped = False
        for suffix in _CJK_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key = key[: -len(suffix)]
                stripped = True
                break
    return key
