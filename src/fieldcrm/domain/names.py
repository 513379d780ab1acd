"""Normalised company names, so that duplicates are found however they are typed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

# Legal-form words and suffixes that do not tell two companies apart.
_LATIN_SUFFIXES = frozenset(
    {"co", "ltd", "limited", "inc", "llc", "corp", "corporation", "gmbh", "company", "plc"}
)
_CJK_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司")


def search_key(text: str) -> str:
    """Text as the board search compares it: width-folded (NFKC) and casefolded."""
    if text.isascii():  # NFKC changes no ASCII, and casefold is lower there: the common case, fast
        return text.lower()
    return unicodedata.normalize("NFKC", text).casefold()


_PHONE_QUERY = re.compile(r"\+?[\d\s().-]*\d[\d\s().-]*")


_NOT_DIGIT = re.compile(r"\D")


def _digits(text: str) -> str:
    """The digits of ``text``, width-folded."""
    if text.isascii():
        return text if text.isdigit() else _NOT_DIGIT.sub("", text)
    return _NOT_DIGIT.sub("", unicodedata.normalize("NFKC", text))


def _searched_phone(phone: str) -> str:
    """A phone number as the search stores and compares it: :func:`phone_key` (no country code
    or trunk zero), or its bare digits when too short for that."""
    return phone_key(phone) or _digits(phone)


def search_document(texts: Iterable[str | None], phones: Iterable[str | None] = ()) -> str:
    """What the board search matches for one account: its texts one per line, then each phone
    number as its digits (so +86 21-5555 1234 is found by 021 5555 1234 and by 55551234),
    normalised by :func:`search_key`."""
    parts = list(filter(None, texts))
    for phone in dict.fromkeys(phones):
        digits = _searched_phone(phone) if phone else ""
        if digits:
            parts.append(digits)
    return search_key("\n".join(parts))


def search_query(text: str) -> str:
    """A search as typed, in the form :func:`search_document` stores: what looks like a phone
    number (digits with spaces, dashes, brackets or a +) is compared as one."""
    key = search_key(text.strip())
    if _PHONE_QUERY.fullmatch(key):
        return _searched_phone(key)
    return key


@cache
def _to_simplified() -> Any:
    """OpenCC's traditional-to-simplified converter (its tables load on first use, ~15 ms)."""
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` in simplified characters (華為 → 华为); text without Han characters as it is."""
    if not HAN.search(text):
        return text
    return str(_to_simplified().convert(text))


_JOIN = "\ue000"  # a private-use character: in no dictionary of OpenCC's


def simplified_all(texts: Sequence[str]) -> list[str]:
    """:func:`simplified` of each of ``texts``, in one conversion for all those with Han
    characters (each conversion costs about a microsecond of its own: 0.12 s of 100,000).

    They are joined by a character that no phrase of OpenCC's contains, so no phrase spans
    two texts: each comes out as it would alone. A text that holds that character itself
    splits the result into more parts than there are texts: then each is converted alone.
    """
    out = list(texts)
    han = [i for i, text in enumerate(out) if HAN.search(text)]
    if not han:
        return out
    converted = str(_to_simplified().convert(_JOIN.join(out[i] for i in han))).split(_JOIN)
    if len(converted) != len(han):
        return [simplified(text) for text in out]
    for i, text in zip(han, converted, strict=True):
        out[i] = text
    return out


HAN = re.compile("[㐀-鿿豈-﫿]")
MIN_PHONE_DIGITS = 6  # shorter numbers (extensions, "0") are not compared
_WORD = re.compile(r"[^\W_]+")  # runs of the characters str.isalnum() accepts


def phone_key(phone: str | None) -> str:
    """A phone number as duplicates are compared: its digits (width-folded) without China's
    country code or trunk zeros, so +86 21 5555 1234, 0086-21-55551234 and 021 5555 1234
    agree; "" when too short to compare."""
    digits = _digits(phone or "")
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) >= 11:  # no number in China starts with 86
        digits = digits[2:]
    digits = digits.lstrip("0")
    return digits if len(digits) >= MIN_PHONE_DIGITS else ""


def name_key(name: str) -> str:
    """Casefolded, width-folded (NFKC), in simplified characters, without punctuation, spaces
    or legal-form suffixes.

    Latin suffixes are dropped only as whole trailing words ('Tesco' keeps its 'co');
    stacked suffixes ('集团有限公司', 'Co., Ltd') are all dropped.
    """
    return _key(simplified(_folded(name)))


def name_keys(names: Sequence[str]) -> list[str]:
    """:func:`name_key` of each of ``names``, folded together and their characters simplified
    in one conversion."""
    return [_key(text) for text in simplified_all(_folded_all(names))]


def _folded_all(names: Sequence[str]) -> list[str]:
    """:func:`_folded` of each name, in one call for all (joined as :func:`simplified_all`
    joins them: NFKC composes nothing across a private-use character, and casefolding goes
    a character at a time); one at a time when a name holds that character, which then
    splits the folded text into more parts than there are names."""
    folded = _folded(_JOIN.join(names)).split(_JOIN)
    return folded if len(folded) == len(names) else [_folded(name) for name in names]


def _folded(name: str) -> str:
    return unicodedata.normalize("NFKC", name).casefold()


def _key(text: str) -> str:
    """The key of a name already folded and simplified."""
    words = _WORD.findall(text)
    while len(words) > 1 and words[-1] in _LATIN_SUFFIXES:
        words.pop()
    key = "".join(words)
    while key.endswith(_CJK_SUFFIXES):  # one look in C for the names that end in none
        for suffix in _CJK_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key = key[: -len(suffix)]
                break
        else:
            break
    return key
