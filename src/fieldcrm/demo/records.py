"""An account's records: assessments, plan tasks, decision simulation, stage events, contacts."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from fieldcrm.demo.core import Ctx
from fieldcrm.demo.people import People
from fieldcrm.demo.shape import Shape, Timeline
from fieldcrm.domain.forces import Role
from fieldcrm.domain.scoring import (
    CAPABILITY_FACTORS,
    DEFAULT_WEIGHTS,
    FACTORS,
    VALUE_FACTORS,
    Grade,
    Result,
    assess,
)
from fieldcrm.domain.stages import Status
from fieldcrm.store.bulk import Rows
from fieldcrm.store.models import (
    Activity,
    Assessment,
    AssessmentFactor,
    PlanTask,
    SimReason,
    StageEvent,
)
from fieldcrm.store.models.activity import ActivityKind as K
from fieldcrm.store.models.events import EventKind
from fieldcrm.store.models.simulation import ReasonKind

GRADES = tuple(Grade)
# weights of A/B/C/D for graded accounts; stage 4-5 got past the A/B gate
GRADE_WEIGHTS: dict[tuple[int, Status], tuple[int, ...]] = {
    (3, Status.ACTIVE): (25, 35, 40, 0),
    (3, Status.LOST): (0, 0, 1, 1),
    (4, Status.ACTIVE): (55, 45, 0, 0),
    (4, Status.LOST): (0, 1, 1, 0),
}
CLOSE_GRADES = (7, 3, 0, 0)
# score ranges that lead to each grade: (value factors, difficulty factors, our capability)
SCORE_RANGES: dict[Grade, tuple[tuple[int, int], ...]] = {
    Grade.A: ((4, 5), (1, 3), (3, 5)),
    Grade.B: ((4, 5), (3, 4), (2, 3)),
    Grade.C: ((3, 4), (2, 4), (2, 4)),
    Grade.D: ((1, 2), (1, 5), (1, 5)),
}
_RANGE_OF = tuple(0 if f in VALUE_FACTORS else 2 if f in CAPABILITY_FACTORS else 1 for f in FACTORS)
STAGE_KINDS: dict[int, tuple[K, ...]] = {
    1: (K.CALL, K.VISIT, K.MESSAGE, K.MATERIAL),
    2: (K.SAMPLE, K.VISIT, K.MATERIAL, K.MEAL, K.CALL),
    3: (K.VISIT, K.MEAL, K.CALL, K.OTHER),
    4: (K.MEAL, K.VISIT, K.EXECUTIVE_MEETING, K.CALL, K.MESSAGE),
    5: (K.EXECUTIVE_MEETING, K.INSPECTION, K.SYSTEM_SUPPORT),  # in this order
}
# decision-simulation lists and the most reasons each gets
SIM_KINDS = ((ReasonKind.CUSTOMER, 4), (ReasonKind.DECISION_MAKER, 3))
# influence range and how many days a contact of this kind lasts
EFFECT: dict[K, tuple[int, int, int, int]] = {
    K.VISIT: (2, 4, 7, 21),
    K.CALL: (1, 2, 3, 10),
    K.MEAL: (3, 5, 14, 45),
    K.MESSAGE: (1, 2, 2, 7),
    K.MATERIAL: (2, 3, 14, 30),
    K.SAMPLE: (2, 3, 14, 30),
    K.EXECUTIVE_MEETING: (4, 5, 30, 90),
    K.INSPECTION: (4, 5, 30, 60),
    K.SYSTEM_SUPPORT: (3, 4, 30, 120),
    K.OTHER: (1, 3, 7, 14),
}


# how long a contact of this kind lasts, in minutes (none recorded for messages and material)
MINUTES: dict[K, tuple[int, int]] = {
    K.VISIT: (30, 120),
    K.CALL: (5, 30),
    K.MEAL: (60, 180),
    K.SAMPLE: (20, 60),
    K.EXECUTIVE_MEETING: (60, 180),
    K.INSPECTION: (120, 240),
    K.SYSTEM_SUPPORT: (60, 240),
}


@cache
def _assess(scores: tuple[int | None, ...]) -> Result:
    return assess(dict(zip(FACTORS, scores, strict=True)))


def _scores(ctx: Ctx, grade: Grade | None) -> tuple[int | None, ...]:
    """Factor scores that the real scoring grades as ``grade`` (None: too many unknown)."""
    rng = ctx.rng
    if grade is None:
        scores: list[int | None] = [rng.randint(1, 5) for _ in FACTORS]
        for i in rng.sample(range(len(FACTORS)), rng.randint(3, 5)):
            scores[i] = None
        return tuple(scores)
    ranges = SCORE_RANGES[grade]
    for _ in range(50):
        scores = [rng.randint(*ranges[r]) for r in _RANGE_OF]
        if rng.random() < 0.2:
            scores[rng.randrange(len(FACTORS))] = None
        if _assess(tuple(scores)).grade is grade:
            break
    return tuple(scores)


def _targets(ctx: Ctx, shape: Shape) -> list[tuple[int, Grade | None]]:
    """The assessments to write, oldest first: (stage it was made in, grade or None)."""
    rng, stage, status = ctx.rng, shape.stage, shape.status
    roll = rng.random()
    if stage == 1:
        return []
    if stage == 2:
        if roll < 0.25:
            return [(2, None)]
        return [(2, rng.choice((Grade.B, Grade.C)))] if roll < 0.35 else []
    if status is Status.PAUSED:
        graded = [(3, Grade.D)] if stage == 3 else [(3, Grade.B), (4, Grade.D)]
    else:
        weights = GRADE_WEIGHTS.get((stage, status), CLOSE_GRADES)
        graded = [(3, rng.choices(GRADES, weights=weights)[0])]
    rechecked = ctx.rich and roll < 0.3  # first judged insufficient, assessed again later
    first: list[tuple[int, Grade | None]] = [(2, None)] if rechecked else []
    return first + graded


def assessments(
    ctx: Ctx, rows: Rows, account_id: int, shape: Shape, tl: Timeline
) -> tuple[Result | None, datetime | None]:
    """Add the account's assessments with their factors; return the latest and when."""
    latest: tuple[Result | None, datetime | None] = (None, None)
    for stage, grade in _targets(ctx, shape):
        at = ctx.at(ctx.between(*tl.window(stage)))
        scores = _scores(ctx, grade)
        result = _assess(scores)
        assessment_id = rows.add(
            Assessment,
            account_id=account_id,
            created_at=at,
            value=result.value,
            difficulty=result.difficulty,
            total=result.total,
            grade=result.grade.value if result.grade else None,
            note=ctx.pick("note_graded" if result.grade else "note_insufficient"),
        )
        for factor, score in zip(FACTORS, scores, strict=True):
            rows.add(
                AssessmentFactor,
                assessment_id=assessment_id,
                factor=factor,
                score=score,
                weight=DEFAULT_WEIGHTS[factor],
            )
        latest = (result, at)
    return latest


def plan_tasks(ctx: Ctx, rows: Rows, account_id: int, assessed: datetime) -> None:
    """The development plan made at the assessment; steps already due are mostly done."""
    rng = ctx.rng
    due = assessed.date()
    for position, (step, task, support, owner) in enumerate(ctx.plan[: rng.randint(3, 5) if ctx.rich else 1]):
        due += timedelta(rng.randint(7, 21))
        done = due < ctx.today and rng.random() < 0.8
        rows.add(
            PlanTask,
            account_id=account_id,
            position=position,
            step=step,
            task=task,
            support=support,
            owner_role=owner,
            due_on=due,
            done=done,
            done_on=due - timedelta(rng.randint(0, 3)) if done else None,
        )


def simulation(ctx: Ctx, rows: Rows, account_id: int, people: People) -> None:
    """Decision simulation: why the customer would choose us, why each decision maker helps
    (a decision maker's reasons are held per person)."""
    rng = ctx.rng
    kinds = SIM_KINDS if ctx.rich else [rng.choice(SIM_KINDS)]
    deciders = [p for p, role, *_ in people if role is Role.DECISION_MAKER]
    for kind, most in kinds:
        key = f"sim_{kind.value}"
        count = rng.randint(1, most) if ctx.rich else 1
        whose = kind is ReasonKind.DECISION_MAKER
        for position, text in enumerate(rng.sample(ctx.texts[key], count)):
            rows.add(
                SimReason,
                account_id=account_id,
                kind=kind.value,
                text=text,
                weight=rng.randint(1, 5),
                position=position,
                person_id=rng.choice(deciders) if whose and deciders else None,
            )


# gate items a demo move passed with missing, by the stage it left (rich datasets, now and then)
OVERRIDDEN = {1: "opportunity", 2: "info_sufficient", 3: "plan", 4: "dm_relationship"}
OVERRIDE_SHARE = 0.08


def stage_events(
    ctx: Ctx, rows: Rows, account_id: int, shape: Shape, tl: Timeline, reason: str | None
) -> None:
    """Created, moved stage by stage (a few moves past a gate with an item missing), then the
    status change that took it off the board."""
    active = Status.ACTIVE.value
    rows.add(
        StageEvent,
        account_id=account_id,
        at=tl.moments[0],
        kind=EventKind.CREATED.value,
        to_stage=1,
        to_status=active,
    )
    for stage in range(2, shape.stage + 1):
        missing = OVERRIDDEN[stage - 1] if ctx.rich and ctx.rng.random() < OVERRIDE_SHARE else None
        rows.add(
            StageEvent,
            account_id=account_id,
            at=tl.moments[stage - 1],
            kind=EventKind.MOVED.value,
            from_stage=stage - 1,
            to_stage=stage,
            from_status=active,
            to_status=active,
            from_since=tl.moments[stage - 2],
            overridden=missing is not None,
            missing=missing,
        )
    if tl.status_at is not None:
        rows.add(
            StageEvent,
            account_id=account_id,
            at=tl.status_at,
            kind=EventKind.STATUS.value,
            from_stage=shape.stage,
            to_stage=shape.stage,
            from_status=active,
            to_status=shape.status.value,
            reason=reason,
            from_since=tl.moments[-1],
        )


def _contact(ctx: Ctx, people: People, stage: int) -> int | None:
    """Who a contact was with: mostly the insider early on, decision makers later."""
    if not people or ctx.rng.random() < 0.1:
        return None
    wanted = Role.DECISION_MAKER if stage >= 4 else Role.INSIDER
    return ctx.rng.choice([p for p, role, *_ in people if role is wanted] or [p for p, *_ in people])


def activities(ctx: Ctx, rows: Rows, account_id: int, shape: Shape, tl: Timeline, people: People) -> None:
    """The contact log, each contact setting the next step; the last one's is open."""
    rng = ctx.rng
    count = shape.stage + rng.randint(1, 3) if ctx.rich else 1 + (shape.stage >= 4)
    days = sorted(ctx.between(tl.starts[0], tl.last_contact - timedelta(1)) for _ in range(count - 1))
    days.append(tl.last_contact)
    closing = 0
    for i, day in enumerate(days):
        stage = tl.stage_on(day)
        if stage == 5:
            kind, closing = STAGE_KINDS[5][closing % 3], closing + 1
        else:
            kind = rng.choice(STAGE_KINDS[stage])
        last = i == len(days) - 1
        off_board = last and shape.status is not Status.ACTIVE
        next_step = ctx.pick(f"next_{shape.status.value}" if off_board else f"next_{stage}")
        due = tl.next_due if last else min(day + timedelta(rng.randint(3, 14)), days[i + 1])
        low, high, short, long = EFFECT[kind]
        minutes = MINUTES.get(kind)
        rows.add(
            Activity,
            account_id=account_id,
            person_id=_contact(ctx, people, stage),
            occurred_on=day,
            kind=kind.value,
            summary=ctx.pick(f"summary_{kind.value}"),
            influence=rng.randint(low, high),
            persistence_days=rng.randint(short, long),
            duration_minutes=rng.randint(*minutes) if minutes else None,
            next_step=next_step,
            next_due=due,
            next_done=not last,
        )
