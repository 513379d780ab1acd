"""Assessments (价值评估): save one with its seven factors, read the history, re-grade in bulk.

Every assessment keeps the weights it was scored with, and the account's ``grade`` and
``score`` (the total) always come from its newest assessment. Re-grading after the weights or
thresholds change therefore writes a *new* assessment for each account whose result changes:
the same factor scores and notes, the new weights, a note saying why. Older rows stay as they
were scored. The re-grade runs as a few set-based statements, whatever the number of accounts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, Engine, Subquery, case, func, insert, select, update
from sqlmodel import SQLModel

from fieldcrm import clock
from fieldcrm.domain.scoring import FACTORS, Result, assess
from fieldcrm.store import derived
from fieldcrm.store.changes import AccountGone
from fieldcrm.store.models import Account, Assessment, AssessmentCreate, AssessmentFactor
from fieldcrm.store.session import existing, touch, transaction
from fieldcrm.store.settings import ScoringSettings, read_scoring, write_scoring
from fieldcrm.store.team_view import login_in

ASSESSMENT = SQLModel.metadata.tables[Assessment.__tablename__]
FACTOR = SQLModel.metadata.tables[AssessmentFactor.__tablename__]
ACCOUNT = SQLModel.metadata.tables[Account.__tablename__]
A, F, ACC = ASSESSMENT.c, FACTOR.c, ACCOUNT.c
NEWEST_FIRST = (A.created_at.desc(), A.id.desc())

Scores = dict[str, int | None]


@dataclass(frozen=True, slots=True)
class FactorRecord:
    factor: str
    score: int | None
    weight: int
    note: str | None


@dataclass(frozen=True, slots=True)
class AssessmentRecord:
    """One past assessment as the history shows it."""

    id: int
    created_at: datetime
    value: float | None
    difficulty: float | None
    total: float | None
    grade: str | None
    note: str | None
    assessed_by: str | None
    factors: tuple[FactorRecord, ...]

    @property
    def scores(self) -> Scores:
        given = {f.factor: f.score for f in self.factors}
        return {f: given.get(f) for f in FACTORS}

    @property
    def notes(self) -> dict[str, str]:
        return {f.factor: f.note for f in self.factors if f.note}

    @property
    def weights(self) -> dict[str, int]:
        return {f.factor: f.weight for f in self.factors}


def save_assessment(engine: Engine, data: AssessmentCreate) -> tuple[int, Result]:
    """Score with the stored settings and record it; the account takes its grade and total."""
    now = clock.now()
    with transaction(engine) as s:
        account = existing(s, Account, data.account_id, AccountGone)
        settings = read_scoring(s)
        result = assess(data.scores, settings.weights, settings.thresholds)
        row = Assessment(
            account_id=data.account_id,
            created_at=now,
            value=result.value,
            difficulty=result.difficulty,
            total=result.total,
            grade=result.grade.value if result.grade else None,
            note=data.note,
            assessed_by=login_in(s.connection()),
        )
        s.add(row)
        s.flush()
        assert row.id is not None
        s.add_all(
            AssessmentFactor(
                assessment_id=row.id,
                factor=f,
                score=data.scores.get(f),
                weight=settings.weights[f],
                note=data.notes.get(f) or None,
            )
            for f in FACTORS
        )
        account.updated_at = now
        s.add(account)
        touch(s, account.id)  # the account takes the newest grade and total
    return row.id, result


def history(engine: Engine, account_id: int, limit: int | None = None) -> list[AssessmentRecord]:
    """The account's assessments, newest first, each with its factors A-G."""
    query = (
        select(A.id, A.created_at, A.value, A.difficulty, A.total, A.grade, A.note, A.assessed_by)
        .where(A.account_id == account_id)
        .order_by(*NEWEST_FIRST)
        .limit(limit)
    )
    with engine.connect() as conn:
        heads = conn.execute(query).all()
        ids = [h.id for h in heads]
        factors: dict[int, list[FactorRecord]] = {i: [] for i in ids}
        rows = conn.execute(
            select(F.assessment_id, F.factor, F.score, F.weight, F.note)
            .where(F.assessment_id.in_(ids))
            .order_by(F.factor)
        )
        for assessment_id, *rest in rows:
            factors[assessment_id].append(FactorRecord(*rest))
    return [AssessmentRecord(*h, factors=tuple(factors[h.id])) for h in heads]


def latest(engine: Engine, account_id: int) -> AssessmentRecord | None:
    found = history(engine, account_id, limit=1)
    return found[0] if found else None


# -- re-grading ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Regraded:
    """An account whose newest assessment scores differently under other settings."""

    account_id: int
    old_grade: str | None
    result: Result


@dataclass(frozen=True, slots=True)
class RegradePlan:
    """What new settings would change: accounts whose grade changes, or only their total."""

    changes: Sequence[Regraded] = field(default=())

    @property
    def grade_changes(self) -> int:
        return sum(1 for c in self.changes if c.old_grade != _grade(c.result))

    @property
    def score_changes(self) -> int:
        return len(self.changes) - self.grade_changes

    def moves(self) -> Counter[tuple[str | None, str | None]]:
        """How many accounts go from each grade to each other grade (None: insufficient)."""
        return Counter(
            (c.old_grade, _grade(c.result)) for c in self.changes if c.old_grade != _grade(c.result)
        )


def _grade(result: Result) -> str | None:
    return result.grade.value if result.grade else None


def _latest_ids() -> Subquery:
    """Each assessed account's newest assessment id, as a subquery (one window pass)."""
    rank = func.row_number().over(partition_by=A.account_id, order_by=NEWEST_FIRST)
    ranked = select(A.id, A.account_id, rank.label("rank")).subquery()
    return select(ranked.c.id, ranked.c.account_id).where(ranked.c.rank == 1).subquery()


def _plan(conn: Connection, settings: ScoringSettings) -> RegradePlan:
    newest = _latest_ids()
    pivot = [func.max(case((F.factor == f, F.score))).label(f) for f in FACTORS]
    query = (
        select(newest.c.account_id, ACC.grade, ACC.score, *pivot)
        .select_from(newest)
        .join(ACCOUNT, ACC.id == newest.c.account_id)
        .join(FACTOR, F.assessment_id == newest.c.id)
        .group_by(newest.c.id)
    )
    cache: dict[tuple[int | None, ...], Result] = {}
    changes = []
    for account_id, grade, score, *scores in conn.execute(query):
        key = tuple(scores)
        result = cache.get(key)
        if result is None:
            result = cache[key] = assess(
                dict(zip(FACTORS, key, strict=True)), settings.weights, settings.thresholds
            )
        if (_grade(result), result.total) != (grade, score):
            changes.append(Regraded(account_id, grade, result))
    return RegradePlan(changes)


def regrade_plan(engine: Engine, settings: ScoringSettings) -> RegradePlan:
    """What saving ``settings`` would change, computed from each account's newest scores."""
    with engine.connect() as conn:
        return _plan(conn, settings)


def save_settings(
    engine: Engine, settings: ScoringSettings, *, regrade: bool, note: str | None = None
) -> int:
    """Store the settings and, if asked, re-grade in the same transaction; returns how many."""
    with transaction(engine) as s:
        write_scoring(s, settings)
        if not regrade:
            return 0
        conn = s.connection()
        plan = _plan(conn, settings)
        if plan.changes:
            _write_regrades(conn, plan.changes, settings.weights, note)
    return len(plan.changes)


def _write_regrades(
    conn: Connection, changes: Sequence[Regraded], weights: dict[str, int], note: str | None
) -> None:
    """New assessments copying each account's newest factors with the new weights."""
    now = clock.now()
    before = conn.execute(select(func.coalesce(func.max(A.id), 0))).scalar_one()
    conn.execute(
        insert(ASSESSMENT),
        [
            {
                "account_id": c.account_id,
                "created_at": now,
                "value": c.result.value,
                "difficulty": c.result.difficulty,
                "total": c.result.total,
                "grade": _grade(c.result),
                "note": note,
            }
            for c in changes
        ],
    )
    new, old = ASSESSMENT.alias("new"), ASSESSMENT.alias("old")
    previous = (
        select(old.c.id)
        .where(old.c.account_id == new.c.account_id, old.c.id <= before)
        .order_by(old.c.created_at.desc(), old.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    conn.execute(
        insert(FACTOR).from_select(
            ["assessment_id", "factor", "score", "weight", "note"],
            select(new.c.id, F.factor, F.score, case(weights, value=F.factor), F.note)
            .select_from(new)
            .join(FACTOR, F.assessment_id == previous)
            .where(new.c.id > before),
        )
    )
    regraded = [c.account_id for c in changes]
    conn.execute(
        update(ACCOUNT).where(ACC.id.in_(select(A.account_id).where(A.id > before))).values(updated_at=now)
    )
    derived.refresh(conn, regraded)
