"""Relationship closeness (关系亲密度) from frequency, recency and influence of contacts."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldcrm.domain.closeness import Contact, closeness, contribution, level

TODAY = date(2025, 6, 1)

contacts = st.builds(
    Contact,
    on=st.dates(min_value=TODAY - timedelta(days=1000), max_value=TODAY + timedelta(days=60)),
    influence=st.integers(1, 5),
    persistence_days=st.integers(1, 365),
)


def test_no_contacts_is_zero():
    assert closeness([], TODAY) == 0


def test_one_strong_contact_today():
    # S = 5/5 = 1, 100 * (1 - e^-0.5) = 39.3
    assert closeness([Contact(TODAY, 5, 14)], TODAY) == 39
    assert closeness([Contact(TODAY, 5, 14)] * 2, TODAY) == round(100 * (1 - math.exp(-1)))


def test_contribution_halves_after_the_half_life():
    c = Contact(TODAY - timedelta(days=30), 5, 30)
    assert contribution(c, TODAY) == pytest.approx(0.5)
    short = Contact(TODAY - timedelta(days=7), 5, 1)  # half-life never below 7 days
    assert contribution(short, TODAY) == pytest.approx(0.5)


def test_future_contacts_are_ignored():
    planned = Contact(TODAY + timedelta(days=1), 5, 30)
    assert closeness([planned], TODAY) == 0
    base = [Contact(TODAY - timedelta(days=3), 3, 14)]
    assert closeness([*base, planned], TODAY) == closeness(base, TODAY)


@given(st.lists(contacts, max_size=30))
def test_closeness_within_0_and_100(cs):
    assert 0 <= closeness(cs, TODAY) <= 100


@given(st.lists(contacts, max_size=20), contacts)
def test_adding_a_contact_never_lowers_closeness(cs, extra):
    assert closeness([*cs, extra], TODAY) >= closeness(cs, TODAY)


@given(contacts, st.integers(1, 400))
def test_older_contacts_count_less(c, extra_days):
    older = Contact(c.on - timedelta(days=extra_days), c.influence, c.persistence_days)
    if c.on <= TODAY:
        assert contribution(older, TODAY) < contribution(c, TODAY)
        assert closeness([older], TODAY) <= closeness([c], TODAY)


@given(contacts)
def test_stronger_contacts_count_more(c):
    if c.influence < 5:
        stronger = Contact(c.on, c.influence + 1, c.persistence_days)
        assert contribution(stronger, TODAY) > contribution(c, TODAY)


def test_many_recent_contacts_approach_100():
    cs = [Contact(TODAY - timedelta(days=d), 5, 30) for d in range(20)]
    assert closeness(cs, TODAY) >= 99


@pytest.mark.parametrize(
    ("score", "word"),
    [
        (100, "close"),
        (70, "close"),
        (69, "warm"),
        (40, "warm"),
        (39, "cool"),
        (15, "cool"),
        (14, "cold"),
        (0, "cold"),
    ],
)
def test_level_words(score, word):
    assert level(score) == word


def test_example_from_docs():
    """docs/scoring.md section 7."""
    cs = [
        Contact(date(2025, 6, 1), 4, 30),
        Contact(date(2025, 5, 2), 5, 30),
        Contact(date(2025, 5, 25), 2, 3),
        Contact(date(2025, 6, 5), 5, 30),  # planned: ignored
    ]
    assert [round(contribution(c, TODAY), 6) for c in cs[:3]] == [0.8, 0.5, 0.2]
    assert closeness(cs, TODAY) == 53
    assert level(53) == "warm"


def test_worked_example_from_docs():
    """docs/scoring.md section 7: time together, frequency, decay and profile depth."""
    contacts = [
        Contact(date(2025, 6, 1), 4, 30, 120),
        Contact(date(2025, 5, 2), 5, 30, 60),
        Contact(date(2025, 5, 25), 2, 3, None),
        Contact(date(2025, 6, 5), 5, 30, 60),  # planned: ignored
    ]
    assert [round(contribution(c, TODAY), 3) for c in contacts[:3]] == [1.2, 0.625, 0.2]
    assert closeness(contacts, TODAY, depth=50) == 51
    assert closeness(contacts, TODAY, depth=100) == 64
    assert closeness(contacts, TODAY, depth=0) == 38
    assert closeness(contacts, TODAY) == 64  # an account as a whole: no profile to weigh


@given(contacts, st.integers(0, 480), st.integers(0, 480))
def test_more_time_together_never_counts_less(c, shorter, longer):
    low, high = sorted((shorter, longer))
    quick = Contact(c.on, c.influence, c.persistence_days, low or None)
    long_ = Contact(c.on, c.influence, c.persistence_days, high or None)
    assert contribution(long_, TODAY) >= contribution(quick, TODAY)


@given(st.lists(contacts, max_size=20), st.integers(0, 100), st.integers(0, 100))
def test_knowing_the_person_better_never_lowers_closeness(cs, a, b):
    low, high = sorted((a, b))
    assert closeness(cs, TODAY, depth=low) <= closeness(cs, TODAY, depth=high) <= closeness(cs, TODAY)
    assert 0 <= closeness(cs, TODAY, depth=low) <= 100
