"""Moves as a rep makes them who overrides whatever the gate misses: for building histories
(the store refuses a forward move or a win whose checklist is not met and not overridden)."""

from __future__ import annotations

from sqlalchemy import Engine

from fieldcrm.domain.gates import missing
from fieldcrm.domain.stages import Stage, Status
from fieldcrm.store import accounts
from fieldcrm.store.changes import Change
from fieldcrm.store.facts import account_facts


def move(engine: Engine, account_id: int, to_stage: Stage) -> Change:
    """Move one stage, overriding what the exit checklist misses."""
    skipped = missing(account_facts(engine, account_id))
    return accounts.move_stage(engine, account_id, to_stage, overridden=skipped)


def win(engine: Engine, account_id: int) -> Change:
    """Win from Close, overriding what its exit checklist misses."""
    skipped = missing(account_facts(engine, account_id))
    return accounts.set_status(engine, account_id, Status.WON, overridden=skipped)
