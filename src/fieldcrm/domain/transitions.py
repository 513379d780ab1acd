"""Which changes of stage and status the method allows: the one rule the board asks and the
store checks again inside the transaction that writes.

Only an active account moves, one stage at a time; moving forward (and winning, from Close)
passes the stage's exit checklist (domain.gates) unless the rep overrides what is missing;
moving back needs no gate. Pause and resume go between active and paused; an account is
terminated, lost or won only while it is active.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from fieldcrm.domain.stages import Stage, Status


class Refusal(StrEnum):
    """Why a change is not allowed at all (ids; the screens word them)."""

    NOT_ACTIVE = "only_active"
    NO_FURTHER = "no_further"
    NO_BACK = "no_back"
    NOT_NEXT = "not_next"
    PAUSE_ONLY = "pause_only"
    WON_ONLY_CLOSE = "won_only_close"


@dataclass(frozen=True, slots=True)
class Verdict:
    """Allowed, refused (``refused``), or held at the gate by what is ``missing``."""

    refused: Refusal | None = None
    missing: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        return self.refused is None and not self.missing


def gated(stage: Stage, to: int | None = None, status: Status | None = None) -> bool:
    """Whether a change passes the stage's exit checklist: moving forward to ``to``, or
    winning (``status``); every other change is allowed or refused without it."""
    return (to is not None and to == stage + 1) or status == Status.WON


def _gate(missing: Sequence[str], overridden: Sequence[str]) -> Verdict:
    return Verdict(missing=tuple(m for m in missing if m not in overridden))


def move(
    stage: Stage, status: Status, to: int, missing: Sequence[str] = (), overridden: Sequence[str] = ()
) -> Verdict:
    """Moving from ``stage`` to stage number ``to``; ``missing`` is the exit checklist's
    unmet items (only a forward move looks at them), ``overridden`` those the rep skips."""
    if status != Status.ACTIVE:
        return Verdict(Refusal.NOT_ACTIVE)
    if to > Stage.CLOSE:
        return Verdict(Refusal.NO_FURTHER)
    if to < Stage.PROSPECT:
        return Verdict(Refusal.NO_BACK)
    if gated(stage, to):
        return _gate(missing, overridden)
    if to == stage - 1:
        return Verdict()
    return Verdict(Refusal.NOT_NEXT)


def change_status(
    stage: Stage, status: Status, to: Status, missing: Sequence[str] = (), overridden: Sequence[str] = ()
) -> Verdict:
    """Changing the status from ``status`` to ``to``; winning passes Close's exit checklist."""
    if to == Status.PAUSED:
        return Verdict() if status == Status.ACTIVE else Verdict(Refusal.PAUSE_ONLY)
    if to == Status.ACTIVE:  # resume
        return Verdict() if status == Status.PAUSED else Verdict(Refusal.PAUSE_ONLY)
    if status != Status.ACTIVE:
        return Verdict(Refusal.NOT_ACTIVE)
    if gated(stage, status=to):
        return _gate(missing, overridden) if stage == Stage.CLOSE else Verdict(Refusal.WON_ONLY_CLOSE)
    return Verdict()  # terminated or lost, from active
