"""What a change returns, enough to undo it, and the errors of one that cannot be made (no
ORM needed: the board imports this at start-up)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True, slots=True)
class ContactChange:
    """What a change of the contact log did, enough to undo it: the contacts it changed or
    deleted as they were before, and the next-step history it added."""

    account_id: int
    before: tuple[dict[str, Any], ...]
    history: tuple[int, ...] = ()
    deleted: int | None = None  # the contact the change deleted


Undoable = Change | ContactChange  # what the undo key takes back, newest first
