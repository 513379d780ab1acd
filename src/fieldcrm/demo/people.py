"""People at a demo account: decision makers with profiles, the insider and its ladder, others."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fieldcrm.demo.core import Ctx
from fieldcrm.demo.names import person_name, phone
from fieldcrm.demo.shape import Shape, Timeline
from fieldcrm.domain.forces import Role, Stance
from fieldcrm.domain.insider import QUALIFICATION
from fieldcrm.domain.profile import PROFILE_FIELDS, Birthday
from fieldcrm.domain.stages import Status
from fieldcrm.store.bulk import Rows
from fieldcrm.store.models import LadderEvent, Person

STANCES = (Stance.SUPPORT.value, Stance.NEUTRAL.value, Stance.OPPOSE.value)
# cumulative weights of support/neutral/oppose: decision makers warm up as the account advances
DM_STANCE = {1: (1, 8, 10), 2: (2, 8, 10), 3: (4, 8, 10), 4: (6, 9, 10), 5: (7, 9, 10)}
LOST_STANCE = (1, 4, 10)
ROLE_STANCE = {
    Role.INSIDER: (8, 10, 10),
    Role.INFLUENCER: (4, 8, 10),
    Role.USER: (3, 9, 10),
    Role.OTHER: (2, 9, 10),
}
INFLUENCE = {
    Role.DECISION_MAKER: (4, 5),
    Role.INSIDER: (2, 3),
    Role.INFLUENCER: (3, 4),
    Role.USER: (1, 2),
    Role.OTHER: (1, 2),
}
PROFILE_DEPTH = {1: (0, 2), 2: (2, 6), 3: (4, 8), 4: (6, 10), 5: (7, 10)}  # fields filled
LADDER_RANGE = {1: (1, 1), 2: (1, 3), 3: (2, 4), 4: (3, 5), 5: (4, 5)}
BIRTHDAY_SOON = 0.2  # share of birthdays that fall within the next 14 days
EXTRAS = (Role.INFLUENCER, Role.USER, Role.OTHER)
FIRST_CONTACT = (Role.DECISION_MAKER, Role.INSIDER, Role.USER, Role.OTHER)
Q_COLUMNS = tuple(f"q_{q}" for q in QUALIFICATION)

People = list[tuple[int, Role, str, str, int]]  # id, role, name, stance, influence
ALSO_INFLUENCER = 0.3  # share of decision makers who are influencers too (rich datasets)


def people(ctx: Ctx, rows: Rows, account_id: int, shape: Shape, tl: Timeline) -> People:
    """Add the account's people; return their ids, roles and names."""
    rng, stage = ctx.rng, shape.stage
    if stage == 1:  # a first contact, sometimes already the decision maker or an insider
        roles = rng.choices(FIRST_CONTACT, weights=(5, 3, 2, 1), k=rng.randint(1, 2) if ctx.rich else 1)
    elif stage == 2 and not ctx.rich and rng.random() < 0.5:
        roles = [Role.INSIDER]  # the decision maker is not known yet
    else:
        roles = [Role.DECISION_MAKER, Role.INSIDER]
    if ctx.rich and stage >= 3 and rng.random() < 0.4:
        roles.append(Role.DECISION_MAKER)
    if ctx.rich and stage >= 2:
        roles += rng.choices(EXTRAS, weights=(5, 3, 1), k=rng.randint(0, 2))
    return [_person(ctx, rows, account_id, role, shape, tl) for role in roles]


def _person(
    ctx: Ctx, rows: Rows, account_id: int, role: Role, shape: Shape, tl: Timeline
) -> tuple[int, Role, str, str, int]:
    """One person with a stance and influence fitting the role; profile or ladder as the role has."""
    rng = ctx.rng
    if role is Role.DECISION_MAKER:
        weights = LOST_STANCE if shape.status is Status.LOST else DM_STANCE[shape.stage]
    else:
        weights = ROLE_STANCE[role]
    stance = rng.choices(STANCES, cum_weights=weights)[0]
    values: dict[str, Any] = {
        "account_id": account_id,
        "name": person_name(rng, ctx.lang),
        "title": ctx.pick(f"title_{role.value}"),
        "phone": phone(rng, ctx.lang) if rng.random() < 0.7 else None,
        "role": role.value,
        "stance": stance,
        "influence": rng.randint(*INFLUENCE[role]),
    }
    if role is Role.DECISION_MAKER:
        values |= _profile(ctx, shape.stage)
        if ctx.rich and rng.random() < ALSO_INFLUENCER:
            values["other_roles"] = Role.INFLUENCER.value
    steps: list[tuple[int, date]] = []
    if stance == Stance.OPPOSE and ctx.rich and shape.stage >= 3 and shape.status is Status.ACTIVE:
        values["counter_plan"] = ctx.pick("counter_plan")  # its step: demo.method
    if role is Role.INSIDER:
        steps = _ladder(ctx, shape.stage, tl)
        values |= _insider(ctx, steps[-1], stance, qualified=shape.stage >= 3)
    person_id = rows.add(Person, **values)
    for step, on in steps:
        rows.add(LadderEvent, person_id=person_id, step=step, on=on)
    return person_id, role, values["name"], stance, values["influence"]


def _profile(ctx: Ctx, stage: int) -> dict[str, Any]:
    """A decision-maker profile filled to a depth that grows with the stage."""
    rng = ctx.rng
    age = rng.randint(32, 62)
    out: dict[str, Any] = {}
    for field in rng.sample(PROFILE_FIELDS, rng.randint(*PROFILE_DEPTH[stage])):
        if field == "age":
            out[field] = age
        elif field == "birthday":
            out[field] = _birthday(ctx, age)
        else:
            out[field] = ctx.pick(field)
    if stage >= 3:
        out["approach_plan"] = ctx.maybe("approach_plan", 0.7)
    out["executive_meet"] = stage == 5 or (stage == 4 and rng.random() < 0.3)
    return out


def _birthday(ctx: Ctx, age: int) -> str:
    """'MM-DD' or 'YYYY-MM-DD' (consistent with the age); some fall within the next 14 days."""
    rng, today = ctx.rng, ctx.today
    if rng.random() < BIRTHDAY_SOON:
        day = today + timedelta(rng.randint(0, 14))
    else:
        day = date(2001, 1, 1) + timedelta(rng.randint(0, 364))
    if rng.random() < 0.5 or (day.month, day.day) == (2, 29):
        return str(Birthday(day.month, day.day))
    not_yet = (day.month, day.day) > (today.month, today.day)
    year = today.year - age - int(not_yet)
    return str(Birthday(day.month, day.day, year))


def _ladder(ctx: Ctx, stage: int, tl: Timeline) -> list[tuple[int, date]]:
    """Dated steps up the ladder (only the current one in lean datasets)."""
    top = ctx.rng.randint(*LADDER_RANGE[stage])
    days = sorted(ctx.between(tl.starts[0], tl.last_contact) for _ in range(top))
    steps = list(enumerate(days, start=1))
    return steps if ctx.rich else steps[-1:]


def _insider(ctx: Ctx, current: tuple[int, date], stance: str, qualified: bool) -> dict[str, Any]:
    """Ladder position, and the six-point qualification: all six met for an account past
    Information (its stage-2 gate asked for a qualified insider), else more the higher the step."""
    rng = ctx.rng
    step, since = current
    met = 1.0 if qualified else (step - 1) / 4
    out: dict[str, Any] = {q: rng.random() < met for q in Q_COLUMNS}
    out |= {
        "ladder_step": step,
        "ladder_since": since,
        "c_buyer_or_service": rng.random() < 0.8,
        "c_well_disposed": stance == Stance.SUPPORT,
        "c_long_tenure": rng.random() < 0.5,
    }
    return out
