"""What a board change returns, and the error for an account that is gone (no ORM needed)."""

from __future__ import annotations

from dataclasses import dataclass


class AccountGone(LookupError):
    """The account no longer exists (deleted elsewhere)."""


@dataclass(frozen=True, slots=True)
class Change:
    """What a board action did, enough to undo it."""

    account_id: int
    event_id: int
