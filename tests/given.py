"""Derived columns given as a rep gives them, through the store: a grade by an assessment,
a next step by a contact (store.derived recomputes both from the rows at every write)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from fieldcrm.domain.scoring import FACTORS, Grade
from fieldcrm.store.activities import log_contact
from fieldcrm.store.assessments import save_assessment
from fieldcrm.store.models import ActivityCreate, AssessmentCreate

# value (A, D) and difficulty (B, C, E, G; F scored as strength) giving each grade by default
GRADE_SCORES: dict[str, tuple[int, int]] = {"A": (4, 1), "B": (4, 4), "C": (3, 1), "D": (1, 1)}


def graded(engine: Engine, account_id: int, grade: str | Grade) -> None:
    """Score the account so that its newest assessment has ``grade`` (default weights)."""
    value, difficulty = GRADE_SCORES[grade]
    scores = {f: value if f in "AD" else 6 - difficulty if f == "F" else difficulty for f in FACTORS}
    _, result = save_assessment(engine, AssessmentCreate(account_id=account_id, scores=scores))
    assert result.grade == grade


def next_step(
    engine: Engine, account_id: int, due: date, step: str = "Call the buyer", **contact: object
) -> None:
    """Log a contact (on ``due`` unless given) whose next step is ``step``, due ``due``."""
    on = contact.pop("occurred_on", due)
    data = ActivityCreate(
        account_id=account_id, occurred_on=on, summary="Call", next_step=step, next_due=due, **contact
    )
    log_contact(engine, data)
