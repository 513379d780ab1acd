"""The method's records in depth for a demo account: milestones and material sent (stages 4
and 5), forces over time (stance changes, reviews, counter-plans for opponents), pause review
days and lowered contact targets."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fieldcrm.demo.core import Ctx
from fieldcrm.demo.people import People
from fieldcrm.demo.shape import Shape, Timeline
from fieldcrm.domain.forces import Stance, Standing, forces_on
from fieldcrm.domain.milestones import CLOSE_STEPS, PROPOSAL_POINTS
from fieldcrm.domain.stages import Stage, Status
from fieldcrm.store.bulk import Rows
from fieldcrm.store.models import ForcesReview, Material, Milestone, PersonChange, PlanTask
from fieldcrm.store.models.account import CONTACT_TARGETS

LOWER_TARGET = 0.1  # share of active accounts whose contact target was lowered (rich datasets)
CHANGED_MIND = 0.4  # share of people whose stance changed on the way (rich datasets)
EARLIER = {Stance.SUPPORT.value: Stance.NEUTRAL.value, Stance.NEUTRAL.value: Stance.OPPOSE.value}


def account_extras(ctx: Ctx, shape: Shape) -> dict[str, Any]:
    """A paused account's review day (some already come), and now and then a lowered
    contact target."""
    rng = ctx.rng
    out: dict[str, Any] = {}
    if shape.status is Status.PAUSED:
        out["review_on"] = ctx.today + timedelta(rng.randint(-10, 45))
    elif ctx.rich and shape.status is Status.ACTIVE and shape.stage >= 3 and rng.random() < LOWER_TARGET:
        out["contact_days"] = rng.choice(CONTACT_TARGETS)
    return out


def milestones(ctx: Ctx, rows: Rows, account_id: int, shape: Shape, tl: Timeline) -> None:
    """Stage 4: some of the proposal's points shown, material sent; stage 5: the closing steps
    done (all three for a won account), each dated in its stage."""
    rng = ctx.rng
    first, last = tl.window(int(Stage.RELATIONSHIP))
    points = rng.sample(PROPOSAL_POINTS, rng.randint(2, len(PROPOSAL_POINTS)) if ctx.rich else 2)
    items = [(p, first, last) for p in points]
    if shape.stage == Stage.CLOSE:
        done = len(CLOSE_STEPS) if shape.status is Status.WON else rng.randint(0, len(CLOSE_STEPS))
        items += [(s, *tl.window(int(Stage.CLOSE))) for s in CLOSE_STEPS[:done]]
    for item, low, high in items:
        note = ctx.maybe("milestone_note", 0.6) if ctx.rich else None
        rows.add(Milestone, account_id=account_id, item=item, on=ctx.between(low, high), note=note)
    for _ in range(rng.randint(1, 2) if ctx.rich else 0):
        rows.add(Material, account_id=account_id, what=ctx.pick("material"), on=ctx.between(first, last))


def forces_over_time(
    ctx: Ctx, rows: Rows, account_id: int, shape: Shape, tl: Timeline, people: People
) -> None:
    """Each person's standing since they were met, some having come round on the way; in
    Relationship the forces reviewed now and then; a next step for each opponent's
    counter-plan (the plan itself is on the person: demo.people)."""
    rng = ctx.rng
    standings: list[Standing] = []
    for person_id, _role, _name, stance, influence in people:
        earlier = EARLIER.get(stance)
        if earlier is not None and shape.stage >= 3 and rng.random() < CHANGED_MIND:
            standings.append(Standing(person_id, tl.starts[0], earlier, influence))
            standings.append(
                Standing(person_id, ctx.between(tl.starts[2], tl.last_contact), stance, influence)
            )
        else:
            standings.append(Standing(person_id, tl.starts[0], stance, influence))
        if stance == Stance.OPPOSE.value and shape.stage >= 3 and shape.status is Status.ACTIVE:
            step, due = ctx.pick("counter_step"), ctx.today + timedelta(rng.randint(-3, 14))
            rows.add(
                PlanTask, account_id=account_id, person_id=person_id, position=100, step=step, due_on=due
            )
    for s in standings:
        rows.add(
            PersonChange,
            account_id=account_id,
            person_id=s.person,
            on=s.on,
            stance=s.stance,
            influence=s.influence,
        )
    if shape.stage >= Stage.RELATIONSHIP:
        first, last = tl.window(int(Stage.RELATIONSHIP))
        for on in sorted({ctx.between(first, last) for _ in range(rng.randint(0, 2))}):
            then = forces_on(on, standings)
            rows.add(
                ForcesReview,
                account_id=account_id,
                on=on,
                net_support=then.net_support,
                penetration=then.penetration,
                note=ctx.maybe("review_note", 0.7),
            )
