"""Hybrid logical clock stamps and UUIDv7 ids: the orderings sync relies on."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldcrm.domain.hlc import MAX_AHEAD_MS, Clock, ClockAhead, Stamp, check_ahead
from fieldcrm.domain.ids import time_of, uuid7

WALLS = st.integers(0, 2**44)
EVENTS = st.lists(
    st.tuples(st.sampled_from(["tick", "seen"]), WALLS, WALLS, st.integers(0, 0xFFFF)), max_size=40
)


@given(EVENTS)
def test_every_stamp_is_later_than_all_made_or_seen(events):
    clock = Clock("a")
    history: list[Stamp] = []
    for kind, now, remote_wall, remote_counter in events:
        if kind == "tick":
            stamp = clock.tick(now)
        else:
            remote = Stamp(remote_wall, remote_counter, "b")
            history.append(remote)
            stamp = clock.seen(remote, now)
        assert all(stamp > earlier for earlier in history)
        assert stamp.wall >= max([now, *(s.wall for s in history)])  # never behind the clock
        history.append(stamp)


def test_a_clock_follows_the_real_time_when_it_is_ahead():
    clock = Clock("a")
    assert clock.tick(1000) == Stamp(1000, 0, "a")
    assert clock.tick(1000) == Stamp(1000, 1, "a")  # the same millisecond: the counter
    assert clock.tick(999) == Stamp(1000, 2, "a")  # the real clock went back: still later
    assert clock.seen(Stamp(5000, 7, "b"), 1001) == Stamp(5000, 8, "a")  # a laptop ahead
    assert clock.tick(6000) == Stamp(6000, 0, "a")


def test_a_full_counter_moves_the_wall_on():
    clock = Clock("a", Stamp(10, 0xFFFF, "a"))
    assert clock.tick(5) == Stamp(11, 0, "a")


@given(WALLS, st.integers(0, 0xFFFF), st.text(alphabet="abcdef0123456789", min_size=1, max_size=12))
def test_stamps_encode_to_text_that_sorts_as_they_do(wall, counter, node):
    stamp = Stamp(wall, counter, node)
    assert Stamp.decode(stamp.encode()) == stamp
    later = Stamp(wall, counter + 1, node) if counter < 0xFFFF else Stamp(wall + 1, 0, node)
    assert stamp.encode() < later.encode()


def test_a_stamp_too_far_ahead_of_the_server_is_refused():
    server = 1_000_000
    check_ahead(Stamp(server + MAX_AHEAD_MS, 0, "a"), server)
    with pytest.raises(ClockAhead, match="clock_wrong"):
        check_ahead(Stamp(server + MAX_AHEAD_MS + 1, 0, "a"), server)


@given(st.integers(0, 2**48 - 1), st.integers(0, 2**74 - 1))
def test_uuid7_carries_its_time_version_and_variant(ms, random):
    u = uuid7(ms, random)
    assert u.version == 7 and u.variant == uuid.RFC_4122
    assert time_of(u) == ms


@given(st.integers(0, 2**48 - 2), st.integers(0, 2**74 - 1), st.integers(0, 2**74 - 1))
def test_uuid7_sorts_by_time(ms, a, b):
    assert uuid7(ms, a) < uuid7(ms + 1, b)


def test_uuid7_ids_differ_and_refuse_a_time_out_of_range():
    assert len({uuid7(1) for _ in range(1000)}) == 1000
    with pytest.raises(ValueError, match="time_range"):
        uuid7(2**48)
