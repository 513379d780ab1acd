"""Decision-maker profiles (关键决策人): completeness and birthdays."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldcrm.domain.profile import (
    PERSONAL_FIELDS,
    PROFILE_FIELDS,
    PROFILE_NAMES,
    Birthday,
    InvalidBirthday,
    completeness,
    missing_fields,
)

days = st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31))
field_value = st.one_of(st.none(), st.just(""), st.just("  "), st.text(min_size=1), st.integers())


@st.composite
def birthdays(draw: st.DrawFn) -> Birthday:
    month = draw(st.integers(1, 12))
    year = draw(st.one_of(st.none(), st.integers(1900, 2100)))
    last = calendar.monthrange(2000 if year is None else year, month)[1]
    return Birthday(month, draw(st.integers(1, last)), year)


# --- completeness -----------------------------------------------------------------------------


def test_ten_fields_with_both_names():
    assert len(PROFILE_FIELDS) == 10
    assert set(PROFILE_NAMES) == set(PROFILE_FIELDS)
    assert PROFILE_NAMES["hometown"][1] == "籍贯"
    assert set(PERSONAL_FIELDS) <= set(PROFILE_FIELDS)


def test_completeness_examples():
    assert completeness({}) == 0
    assert completeness(dict.fromkeys(PROFILE_FIELDS, "x")) == 100
    assert completeness({"hometown": "湖南", "age": 45, "birthday": "03-08"}) == 30
    assert completeness({"hometown": "   ", "age": 0, "unrelated": "x"}) == 10  # 0 is a value


def test_missing_fields_in_profile_order():
    assert missing_fields({}) == PROFILE_FIELDS
    assert missing_fields({"age": 50, "family": ""}) == tuple(f for f in PROFILE_FIELDS if f != "age")


@given(st.fixed_dictionaries({}, optional={f: field_value for f in PROFILE_FIELDS}))
def test_completeness_is_a_percentage_consistent_with_missing(profile):
    pct = completeness(profile)
    assert 0 <= pct <= 100
    filled = len(PROFILE_FIELDS) - len(missing_fields(profile))
    assert pct == filled * 10


@given(st.fixed_dictionaries({f: field_value for f in PROFILE_FIELDS}), st.sampled_from(PROFILE_FIELDS))
def test_filling_a_field_never_lowers_completeness(profile, f):
    assert completeness({**profile, f: "filled"}) >= completeness(profile)


# --- Birthday.parse ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("02-29", Birthday(2, 29)),
        ("03-08", Birthday(3, 8)),
        ("3/8", Birthday(3, 8)),
        (" 12.31 ", Birthday(12, 31)),
        ("2024-02-29", Birthday(2, 29, 2024)),
        ("1975/11/05", Birthday(11, 5, 1975)),
    ],
)
def test_parse_accepts(text, expected):
    assert Birthday.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2023-02-29", "birthday.day"),
        ("02-30", "birthday.day"),
        ("04-31", "birthday.day"),
        ("01-00", "birthday.day"),
        ("13-01", "birthday.month"),
        ("00-10", "birthday.month"),
        ("1899-01-01", "birthday.year"),
        ("2101-01-01", "birthday.year"),
        ("", "birthday.format"),
        ("march 8", "birthday.format"),
        ("0308", "birthday.format"),
        ("08-03-1975", "birthday.format"),  # year must come first
        ("1-2-3-4", "birthday.format"),
    ],
)
def test_parse_refuses(text, key):
    with pytest.raises(InvalidBirthday) as exc:
        Birthday.parse(text)
    assert str(exc.value) == key


def test_invalid_birthday_is_a_value_error():
    assert issubclass(InvalidBirthday, ValueError)


@given(birthdays())
def test_str_round_trips_through_parse(b):
    assert Birthday.parse(str(b)) == b


def test_str_format():
    assert str(Birthday(2, 9)) == "02-09"
    assert str(Birthday(2, 9, 1980)) == "1980-02-09"


# --- next birthday ----------------------------------------------------------------------------


def test_next_after_examples():
    b = Birthday(3, 8)
    assert b.next_after(date(2025, 3, 8)) == date(2025, 3, 8)
    assert b.days_until(date(2025, 3, 8)) == 0
    assert b.next_after(date(2025, 3, 9)) == date(2026, 3, 8)
    assert b.days_until(date(2025, 3, 7)) == 1


def test_feb_29_on_feb_28_off_leap_years():
    b = Birthday(2, 29)
    assert b.next_after(date(2023, 1, 1)) == date(2023, 2, 28)
    assert b.next_after(date(2023, 3, 1)) == date(2024, 2, 29)
    assert b.next_after(date(2024, 2, 29)) == date(2024, 2, 29)
    assert b.days_until(date(2023, 2, 28)) == 0


@given(birthdays(), days)
def test_next_birthday_lands_on_the_right_day_within_a_year(b, today):
    nxt = b.next_after(today)
    n = b.days_until(today)
    assert 0 <= n <= 366
    assert nxt == today + timedelta(days=n)
    assert nxt.month == b.month
    if b.month == 2 and b.day == 29 and not calendar.isleap(nxt.year):
        assert nxt.day == 28
    else:
        assert nxt.day == b.day
    # it is the next one: nothing between today and it is the birthday
    assert nxt.year in (today.year, today.year + 1)
    if nxt.year == today.year + 1:
        this_year = min(b.day, calendar.monthrange(today.year, b.month)[1])
        assert date(today.year, b.month, this_year) < today


def test_age_on():
    b = Birthday(6, 15, 1980)
    assert b.age_on(date(2025, 6, 14)) == 44
    assert b.age_on(date(2025, 6, 15)) == 45
    assert Birthday(6, 15).age_on(date(2025, 6, 15)) is None
