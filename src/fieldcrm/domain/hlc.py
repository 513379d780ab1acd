"""Hybrid logical clocks: every change a replica makes is stamped so that stamps order changes
the way they happened, across laptops whose clocks disagree a little.

A stamp is (wall milliseconds, counter, node). A replica's next stamp is later than every stamp
it has made or seen; the wall part follows the real clock when that is ahead. Stamps compare
as tuples, so "the later stamp wins" is a total order. A stamp more than MAX_AHEAD ahead of the
server's clock is refused (the laptop's clock is wrong), so one bad clock cannot win every
conflict for ever.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_AHEAD_MS = 5 * 60 * 1000  # five minutes
_COUNTER_MAX = 0xFFFF


class ClockAhead(ValueError):
    """The stamp is too far ahead of the server's clock: the clock of this laptop is wrong."""


@dataclass(frozen=True, slots=True, order=True)
class Stamp:
    wall: int  # milliseconds since the epoch
    counter: int
    node: str  # the replica that made it, so no two replicas make equal stamps

    def encode(self) -> str:
        """A text that sorts as the stamp does (fixed-width wall and counter)."""
        return f"{self.wall:013x}-{self.counter:04x}-{self.node}"

    @classmethod
    def decode(cls, text: str) -> Stamp:
        wall, counter, node = text.split("-", 2)
        return cls(int(wall, 16), int(counter, 16), node)


@dataclass(slots=True)
class Clock:
    """One replica's clock: ``tick`` before each change it makes, ``seen`` for each stamp it
    receives."""

    node: str
    last: Stamp | None = None

    def tick(self, now_ms: int) -> Stamp:
        """The stamp of a change made now: later than anything made or seen."""
        if self.last is None or now_ms > self.last.wall:
            stamp = Stamp(now_ms, 0, self.node)
        else:
            stamp = _after(self.last.wall, self.last.counter, self.node)
        self.last = stamp
        return stamp

    def seen(self, remote: Stamp, now_ms: int) -> Stamp:
        """Take a received stamp into account; the next tick is later than it."""
        newest = max(s for s in (self.last, remote) if s is not None)
        if now_ms > newest.wall:
            stamp = Stamp(now_ms, 0, self.node)
        else:
            stamp = _after(newest.wall, newest.counter, self.node)
        self.last = stamp
        return stamp


def _after(wall: int, counter: int, node: str) -> Stamp:
    """The stamp right after (wall, counter): the counter goes up, or the wall when it is full."""
    return Stamp(wall, counter + 1, node) if counter < _COUNTER_MAX else Stamp(wall + 1, 0, node)


def check_ahead(stamp: Stamp, server_ms: int) -> None:
    """Refuse a stamp more than MAX_AHEAD_MS ahead of the server's clock."""
    if stamp.wall - server_ms > MAX_AHEAD_MS:
        raise ClockAhead("team.clock_wrong")
