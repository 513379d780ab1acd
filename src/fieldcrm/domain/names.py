"""Normalised company names, so that duplicates are found however they are typed."""

from __future__ import annotations

import unicodedata

# Legal-form suffixes that do not tell two companies apart.
_SUFFIXES = (
    "股份有限公司", "有限责任公司", "有限公司", "集团", "公司",
    "co ltd", "co., ltd.", "co. ltd", "ltd", "limited", "inc", "llc", "corp", "corporation",
    "gmbh", "co",
)


def name_key(name: str) -> str:
    """Casefolded, width-folded (NFKC), without punctuation, spaces or a legal-form suffix."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return "".join(ch for ch in text if ch.isalnum())
