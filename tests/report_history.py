"""A small stage history whose report is counted by hand: shared by the report screen's tests
and the report export's, so the file is checked against the figures the screen shows.

History (days before 2026-11-27):
    -60 A, B, C created;  -50 A and B -> Information;  -40 A -> Assessment
    -20 D created, C terminated "No budget";  -10 B lost "Chose a competitor"
    -5  E created and terminated "No budget";  A is graded A, contacted on days -30 and -3
Hand count, last 90 days: entered Prospect A-E (5), moved on A, B: 40.0%; entered Information
A, B, moved on A: 50.0%; entered Assessment A, moved on none: 0.0%. Last 30 days: entered
Prospect D, E (2), none moved on; one contact with A (day -30 falls outside). Median days in
stage of the active ones: Prospect D, 20; Assessment A, 40. Outcomes (both periods): lost 1 in
Information, "Chose a competitor"; terminated 2 in Prospect, "No budget" twice. Effort: A and
D are active now: grade A 1 account (2 contacts in 90 days, 1 in 30), ungraded 1 (none).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import Engine
from tests import given

import moves
from fieldcrm.domain.stages import Stage, Status
from fieldcrm.store import accounts
from fieldcrm.store.activities import log_contact
from fieldcrm.store.models import AccountCreate, ActivityCreate

TODAY = date(2026, 11, 27)


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


def build_history(engine: Engine, freeze_clock: Callable[[date | None], None]) -> dict[str, int]:
    """Write the history above (the clock is left at TODAY); returns name -> id."""
    ids: dict[str, int] = {}

    def on(n: int, *names: str) -> None:
        freeze_clock(day(n))
        for name in names:
            created = accounts.create_account(engine, AccountCreate(name=name))
            assert created.id is not None
            ids[name] = created.id

    on(-60, "A", "B", "C")
    on(-50)
    moves.move(engine, ids["A"], Stage.INFORMATION)
    moves.move(engine, ids["B"], Stage.INFORMATION)
    on(-40)
    moves.move(engine, ids["A"], Stage.ASSESSMENT)
    on(-20, "D")
    accounts.set_status(engine, ids["C"], Status.TERMINATED, "No budget")
    on(-10)
    accounts.set_status(engine, ids["B"], Status.LOST, "Chose a competitor")
    on(-5, "E")
    accounts.set_status(engine, ids["E"], Status.TERMINATED, "No budget")
    freeze_clock(TODAY)
    given.graded(engine, ids["A"], "A")
    for n in (-30, -3):
        data = ActivityCreate(
            account_id=ids["A"], occurred_on=day(n), summary="Call", next_step="Call", next_due=TODAY
        )
        log_contact(engine, data)
    return ids
