"""Global ids for synced rows: UUIDv7 (RFC 9562), made where the row is created. The first 48
bits are the creation time in milliseconds, so ids sort roughly by age and index well; the rest
is random, so two laptops never make the same id."""

from __future__ import annotations

import secrets
import uuid

_VERSION = 7


def uuid7(ms: int, random: int | None = None) -> uuid.UUID:
    """A version-7 UUID for the time ``ms`` (milliseconds since the epoch); ``random`` (74 bits)
    is drawn from the system's secure source unless given."""
    if not 0 <= ms < 1 << 48:
        raise ValueError("ids.time_range")
    bits = secrets.randbits(74) if random is None else random & ((1 << 74) - 1)
    rand_a, rand_b = bits >> 62, bits & ((1 << 62) - 1)
    value = (ms << 80) | (_VERSION << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return uuid.UUID(int=value)


def time_of(u: uuid.UUID) -> int:
    """The milliseconds a version-7 UUID was made at."""
    return u.int >> 80
