"""team.ahead: items made in a thread one step ahead of their use, errors and early stops
included."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from fieldcrm.team.ahead import ahead


def test_every_item_comes_in_order() -> None:
    assert list(ahead(range(1000))) == list(range(1000))
    assert list(ahead([])) == []


def test_the_next_item_is_made_while_the_caller_has_this_one() -> None:
    made: list[int] = []

    def items() -> Iterator[int]:
        for n in range(3):
            made.append(n)
            yield n

    got = ahead(items())
    assert next(got) == 0
    deadline = time.monotonic() + 5
    while len(made) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert made == [0, 1]  # made ahead, and no further than one
    assert list(got) == [1, 2]


def test_an_error_making_an_item_is_raised_where_it_would_have_come() -> None:
    def items() -> Iterator[int]:
        yield 1
        raise ValueError("row 2 is damaged")

    got = ahead(items())
    assert next(got) == 1
    with pytest.raises(ValueError, match="row 2 is damaged"):
        next(got)


def test_a_caller_that_stops_stops_the_thread() -> None:
    def items() -> Iterator[int]:
        n = 0
        while True:
            yield n
            n += 1

    before = threading.active_count()
    with pytest.raises(RuntimeError):
        for n in ahead(items()):
            if n == 5:
                raise RuntimeError("the server refused the batch")
    assert threading.active_count() == before
