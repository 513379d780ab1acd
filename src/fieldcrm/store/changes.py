"""What a board change returns, and the errors of one that cannot be made (no ORM needed)."""

from __future__ import annotations

from dataclasses import dataclass

from fieldcrm.store.board import Card


class AccountGone(LookupError):
    """The account no longer exists (deleted elsewhere)."""


@dataclass(frozen=True, slots=True)
class Change:
    """What a board action did, enough to undo it, and the card as the change left it."""

    account_id: int
    event_id: int
    card: Card | None = None


class Refused(ValueError):
    """The method does not allow this change of stage or status (domain.transitions)."""

    def __init__(self, refusal: str) -> None:
        super().__init__(refusal)
        self.refusal = refusal


class Gated(ValueError):
    """The stage's exit checklist misses these items, and they were not overridden."""

    def __init__(self, missing: tuple[str, ...]) -> None:
        super().__init__(",".join(missing))
        self.missing = missing
