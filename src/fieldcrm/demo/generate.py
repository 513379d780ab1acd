"""Deterministic demo data: a realistic pipeline that exercises the whole method.

The same seed and the same clock give byte-identical rows, however many processes make them.
The accounts are made CHUNK at a time: the first chunk draws on from the seed's stream after the
dataset's shape, every later one from a stream of its own (seeded by the seed and the chunk's
number), so any process can make any chunk. Each chunk's rows are numbered from 1 and written in
turn, in one transaction (store.bulk.write_in_turn). Above ``RICH_UP_TO`` accounts each one gets
fewer rows, but every kind of record still occurs; bench/bench_demo.py times 100,000 accounts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, time
from typing import Any

from sqlalchemy import Engine, func, select

from fieldcrm import clock
from fieldcrm.demo import method, records
from fieldcrm.demo.core import Ctx, FastRandom
from fieldcrm.demo.names import address, company_name, phone
from fieldcrm.demo.people import people
from fieldcrm.demo.shape import Shape, shapes, timeline
from fieldcrm.domain.gates import gathered_in
from fieldcrm.domain.stages import Stage, Status
from fieldcrm.store.bulk import MODELS, Batch, Rows, write_in_turn
from fieldcrm.store.engine import unindexed, writing
from fieldcrm.store.models import Account
from fieldcrm.store.prospects import account_row

RICH_UP_TO = 5_000
CHUNK = 1_000  # accounts generated and inserted per round
NUMBERS = (
    "urgency",
    "need_strength",
    "years_in_business",
    "change_strength",
    "deal_probability",
)  # drawn below
PROBABILITY = {3: (10, 40), 4: (30, 70), 5: (60, 90)}  # the deal's probability (%) by stage
TEXTS = {  # each stage's company fields that hold text (domain.gates.GATHERED_IN)
    stage: tuple(f for f in gathered_in(stage) if f not in NUMBERS)
    for stage in (Stage.PROSPECT, Stage.INFORMATION, Stage.ASSESSMENT)
}
# how completely each stage's information is filled, by the account's stage: a range of
# per-account fill rates for stage-1 and stage-2 fields, then the chance of stage-3 fields
FILL: dict[int, tuple[tuple[float, float], tuple[float, float], float]] = {
    1: ((0.2, 0.9), (0.0, 0.1), 0.0),
    2: ((0.6, 1.0), (0.2, 0.9), 0.0),
    3: ((0.85, 1.0), (0.6, 1.0), 0.7),
    4: ((0.9, 1.0), (0.8, 1.0), 1.0),
    5: ((0.9, 1.0), (0.8, 1.0), 1.0),
}
REASON_KEYS = {
    Status.PAUSED: "reason_paused",
    Status.TERMINATED: "reason_terminated",
    Status.LOST: "reason_lost",
}
EVENING = time(17, 30)


class DemoRefused(Exception):
    """The database already holds accounts and ``force`` was not given."""

    def __init__(self, count: int) -> None:
        super().__init__(f"the database already holds {count} accounts")
        self.count = count


def write_demo(
    engine: Engine,
    accounts: int,
    seed: int,
    lang: str,
    force: bool,
    *,
    rich: bool | None = None,
    makers: int | None = None,
    chunk: int = CHUNK,
) -> None:
    """Add ``accounts`` demo accounts with their people, contacts, assessments and history.

    ``rich`` chooses full histories or the lean layout; by default datasets of up to
    RICH_UP_TO accounts are rich. ``makers``: how many other processes make the rows while
    this one writes them (demo.apart); 0 makes them here; by default ``apart.makers``.
    ``chunk``: accounts a batch. The same seed and chunk give the same rows, made here or
    apart.
    """
    from fieldcrm.demo import apart as away

    with writing(engine).begin() as conn:
        present = conn.execute(select(func.count()).select_from(Account)).scalar_one()
        if present and not force:
            raise DemoRefused(present)
        layout = accounts <= RICH_UP_TO if rich is None else rich
        plan = Plan(seed, lang, clock.now(), layout, accounts, chunk)
        makers = away.makers(accounts) if makers is None else makers
        batches = away.made(plan, makers) if makers else made(plan)
        # into a database without accounts the rows go in before their indexes
        with unindexed(conn, () if present else [m.__tablename__ for m in MODELS]):  # type: ignore[misc]
            write_in_turn(conn, batches)


@dataclass(frozen=True, slots=True)
class Plan:
    """What decides every demo row: the seed, the language, "now", the layout, how many
    accounts and how many a batch (each batch after the first has a random stream of its own)."""

    seed: int
    lang: str
    now: datetime
    rich: bool
    accounts: int
    chunk: int = CHUNK  # accounts a batch

    @property
    def chunks(self) -> int:
        """How many batches: the last may be short."""
        return -(-self.accounts // self.chunk)


def made(plan: Plan, which: Iterable[int] | None = None) -> Iterator[Batch]:
    """The batches of the demo's rows numbered ``which`` (all by default), in that order,
    each numbered from 1 for store.bulk.write_in_turn. Needs no database: other processes may
    make some of them."""
    ctx = Ctx.make(plan.seed, plan.lang, plan.now, plan.rich)
    shaped = shapes(ctx.rng, plan.accounts)
    rows = Rows.from_one()
    for number in range(plan.chunks) if which is None else which:
        drawn = ctx if number == 0 else replace(ctx, rng=FastRandom(f"{plan.seed}/{number}"))
        for shape in shaped[number * plan.chunk : (number + 1) * plan.chunk]:
            _account(drawn, rows, shape)
        yield rows.batch()


def _account(ctx: Ctx, rows: Rows, shape: Shape) -> None:
    """One account and its rows."""
    account_id = rows.new_id(Account)
    tl = timeline(ctx, shape)
    reason = ctx.pick(REASON_KEYS[shape.status]) if shape.status in REASON_KEYS else None
    who = people(ctx, rows, account_id, shape, tl)
    records.activities(ctx, rows, account_id, shape, tl, who)
    result, assessed = records.assessments(ctx, rows, account_id, shape, tl)
    if result is not None and result.grade is not None and assessed is not None:
        records.plan_tasks(ctx, rows, account_id, assessed)
    if shape.stage >= 4:
        records.simulation(ctx, rows, account_id, who)
        method.milestones(ctx, rows, account_id, shape, tl)
    if ctx.rich:
        method.forces_over_time(ctx, rows, account_id, shape, tl, who)
    records.stage_events(ctx, rows, account_id, shape, tl, reason)
    name, industry = company_name(ctx.rng, ctx.lang)
    changed = [tl.moments[-1], min(ctx.now, datetime.combine(tl.last_contact, EVENING))]
    changed += [t for t in (tl.status_at, assessed) if t is not None]
    row = account_row(
        tl.moments[0],  # created
        id=account_id,
        name=name,
        industry=industry,
        stage=shape.stage,
        status=shape.status.value,
        status_reason=reason,
        updated_at=max(changed),
        stage_since=tl.moments[-1],
        **_company_info(ctx, shape),
        **method.account_extras(ctx, shape),
    )
    rows.add(Account, **row)  # grade, next step, search text…: store.derived, at the flush


def _company_info(ctx: Ctx, shape: Shape) -> dict[str, Any]:
    """Stage-1/2/3 information, filled more completely the further the account has got."""
    rng, stage = ctx.rng, shape.stage
    (low1, high1), (low2, high2), fill3 = FILL[stage]
    fill1, fill2 = rng.uniform(low1, high1), rng.uniform(low2, high2)
    info: dict[str, Any] = {}
    for keys, fill in zip(TEXTS.values(), (fill1, fill2, fill3), strict=True):
        for key in keys:
            info[key] = ctx.pick(key) if rng.random() < fill else None
    info |= {
        "urgency": rng.randint(1, 5) if rng.random() < fill1 else None,
        "need_strength": rng.randint(min(stage, 3), 5) if rng.random() < fill1 else None,
        "years_in_business": rng.randint(2, 60) if rng.random() < fill1 else None,
        "change_strength": rng.randint(1, 5) if rng.random() < fill2 else None,
        "opportunity": _opportunity(ctx, shape),
        "proposal_provided": stage >= 3 or (stage == 2 and rng.random() < 0.5),
        "phone": phone(rng, ctx.lang) if rng.random() < 0.8 else None,
    }
    info["address"], info["city"] = address(rng, ctx.lang) if rng.random() < 0.7 else (None, None)
    info["notes"] = ctx.maybe("notes", 0.3)
    if stage >= 3 and rng.random() < fill3:
        info["deal_probability"] = rng.randint(*PROBABILITY[stage])
    return info


def _opportunity(ctx: Ctx, shape: Shape) -> bool | None:
    """The stage-1 verdict: no for prospects terminated there, open or yes for the rest."""
    if shape.stage > 1:
        return True
    if shape.status is Status.TERMINATED:
        return False
    return True if ctx.rng.random() < 0.5 else None
