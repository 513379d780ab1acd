"""name_key: normalised company names, so duplicates are found however they are typed."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from fieldcrm.domain.names import name_key, name_keys, simplified, simplified_all


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ACME", "acme"),  # case
        ("ＡＣＭＥ", "acme"),  # full width
        ("Ａｃｍｅ　Ｌｔｄ", "acme"),  # full width with an ideographic space
        ("Acme Ltd", "acme"),
        ("ACME LTD", "Acme"),
        ("Acme Limited", "acme"),
        ("Acme Co., Ltd.", "acme"),
        ("Acme Co. Ltd", "acme"),
        ("Acme GmbH", "acme"),
        ("Acme Inc", "acme"),
        ("华为技术有限公司", "华为技术"),
        ("华为技术股份有限公司", "华为技术"),
        ("华为技术有限责任公司", "华为技术"),
        ("  华为 技术 有限公司 ", "华为技术"),
        ("Straße", "STRASSE"),  # casefold, not just lower
        ("A.C.M.E.", "acme"),  # punctuation dropped
    ],
)
def test_same_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Acme Ltd", "acme"),
        ("深圳市某某科技有限公司", "深圳市某某科技"),
        ("ＡＢＣ 有限公司", "abc"),
        ("Co", "co"),  # a name that is only a suffix is kept
        ("", ""),
    ],
)
def test_key_values(name, key):
    assert name_key(name) == key


def test_different_companies_keep_different_keys():
    assert name_key("Acme Ltd") != name_key("Acne Ltd")
    assert name_key("华为技术有限公司") != name_key("华星技术有限公司")


@given(st.text(max_size=40))
def test_key_is_alphanumeric_casefolded_and_stable(name):
    key = name_key(name)
    assert all(ch.isalnum() for ch in key)
    assert key == key.casefold() or not key.isascii()
    assert name_key(name.upper()) == name_key(name.lower()) or not name.isascii()


@pytest.mark.parametrize("name", ["Acme Ltd.", "Acme, Inc.", "Acme Co., Ltd", "Acme Corp."])
def test_suffix_followed_by_punctuation_is_stripped(name):
    assert name_key(name) == name_key("Acme")


def test_stacked_suffixes_match_the_short_form():
    assert name_key("某某集团有限公司") == name_key("某某集团")


@pytest.mark.parametrize(
    ("name", "other"), [("Tesco", "Tes"), ("Monaco", "Mona Ltd"), ("Unlimited", "Un Ltd")]
)
def test_suffix_letters_inside_a_word_are_kept(name, other):
    assert name_key(name) != name_key(other)


@given(st.text(max_size=40))
def test_a_key_is_its_own_key(name):
    """A stored key, keyed again, stays the same (so stored keys can be compared directly)."""
    assert name_key(name_key(name)) == name_key(name)


LEGAL_FORMS = [
    "Ltd",
    "Ltd.",
    "Co., Ltd.",
    "Co., Ltd",
    "Inc.",
    "Limited",
    "GmbH",
    "Corp.",
    "有限公司",
    "股份有限公司",
    "集团有限公司",
    "(集团)有限公司",
]
base_words = st.lists(
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8).filter(
        lambda w: (
            w not in {"co", "ltd", "limited", "inc", "llc", "corp", "corporation", "gmbh", "company", "plc"}
        )
    ),
    min_size=1,
    max_size=3,
)


@given(base_words, st.sampled_from(LEGAL_FORMS), st.sampled_from([" ", "", ", "]))
def test_a_legal_form_never_changes_the_key(words, form, sep):
    base = " ".join(words).title()
    if sep == "" and form[0].isascii():
        sep = " "  # 'AcmeLtd' is one word, not a name with a suffix
    assert name_key(f"{base}{sep}{form}") == name_key(base)


# Names as a list holds them: traditional and simplified characters, words that make phrases
# across two names (中 + 華, 乾 + 隆), the joining character itself, and any other text.
LISTED = st.lists(
    st.one_of(
        st.sampled_from(["華為", "中", "華", "乾", "隆", "乾隆", "后", "後來", "\ue000", "頭髮", "Acme Co."]),
        st.text(max_size=12),
        st.text(alphabet="華為中後乾隆發\ue000 ", max_size=8),
    ),
    max_size=30,
)


@given(LISTED)
@example(["中", "華", "人民"])
@example(["頭", "髮"])
@example(["華\ue000為", "後"])
def test_keys_made_together_are_each_names_own(names):
    """Keys made in one conversion (an import's) are the keys made one at a time."""
    assert name_keys(names) == [name_key(n) for n in names]
    assert simplified_all(names) == [simplified(n) for n in names]


def suffixes_off(key: str) -> str:
    """The Chinese legal forms taken off a key the long way: the first form (in the order
    listed) that ends it and leaves something, again until none does."""
    forms = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司")
    while any(key.endswith(f) and len(key) > len(f) for f in forms):
        form = next(f for f in forms if key.endswith(f) and len(key) > len(f))
        key = key[: -len(form)]
    return key


@given(
    st.lists(
        st.sampled_from(["有限", "公司", "集团", "股份", "有限责任", "责任", "华为", "科技"]), max_size=7
    )
)
@example(["有限", "公司"])  # the whole of a legal form: its last word comes off, never the rest
@example(["公司"])
def test_chinese_legal_forms_come_off_one_after_another(pieces):
    assert name_key("".join(pieces)) == suffixes_off("".join(pieces))
