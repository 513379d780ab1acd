"""The outbox: once a database has joined a team, every change the store writes to a synced
table reaches it in the same transaction; nothing before joining, nothing for derived columns."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

from fieldcrm.domain.stages import Stage, Status
from fieldcrm.store import (
    accounts,
    activities,
    assessments,
    erase,
    forces,
    milestones,
    outbox,
    people,
    plan,
    simulation,
)
from fieldcrm.store.account_info import update_account_info
from fieldcrm.store.changes import Gated, Refused
from fieldcrm.store.models import (
    AccountCreate,
    AccountUpdate,
    ActivityCreate,
    ActivityUpdate,
    AssessmentCreate,
    ForcesReviewCreate,
    MaterialCreate,
    MilestoneCreate,
    PersonCreate,
    PersonUpdate,
    PlanTaskCreate,
    SimReasonCreate,
)
from fieldcrm.store.sync_tables import SYNCED, synced_fields

TODAY = date(2026, 11, 27)


def join(engine: Engine) -> None:
    """Make the database a team member's."""
    with engine.begin() as conn:
        outbox.join(conn, "service=team", "rae", "n1", datetime(2026, 11, 27, 9))


def snapshot(engine: Engine) -> dict[tuple[str, int], tuple[object, ...]]:
    """Every synced row's synced fields, by table and rowid."""
    out: dict[tuple[str, int], tuple[object, ...]] = {}
    with engine.connect() as conn:
        for table in SYNCED:
            fields = synced_fields(table, [c.name for c in SQLModel.metadata.tables[table].columns])
            columns = ", ".join(f'"{f}"' for f in fields)
            for rowid, *values in conn.execute(text(f"SELECT rowid, {columns} FROM {table}")):
                out[(table, rowid)] = tuple(values)
    return out


def outbox_after(engine: Engine, seq: int) -> list[tuple[str, int, str, str | None]]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text("SELECT tbl, row_id, op, fields FROM outbox WHERE seq > :s ORDER BY seq"), {"s": seq}
            )
        ]  # type: ignore[misc]


def last_seq(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT coalesce(max(seq), 0) FROM outbox")).scalar_one())


def ids(engine: Engine, table: str) -> list[int]:
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(text(f"SELECT id FROM {table} ORDER BY id"))]


Op = Callable[[Engine, int], object]


def _account(engine: Engine, n: int) -> int | None:
    found = ids(engine, "account")
    return found[n % len(found)] if found else None


def _person(engine: Engine, n: int) -> int | None:
    found = ids(engine, "person")
    return found[n % len(found)] if found else None


def op_new_account(engine: Engine, n: int) -> object:
    return accounts.create_account(engine, AccountCreate(name=f"Acme {n}", stage=1 + n % 5))


def op_edit_account(engine: Engine, n: int) -> object:
    account = _account(engine, n)
    return account and update_account_info(
        engine, account, AccountUpdate(name=f"Renamed {n}", city="Ningbo", deal_probability=n % 101)
    )


def op_new_person(engine: Engine, n: int) -> object:
    account = _account(engine, n)
    return account and people.create_person(
        engine, PersonCreate(account_id=account, name=f"Li {n}", role="insider")
    )


def op_edit_person(engine: Engine, n: int) -> object:
    person = _person(engine, n)
    stance = ("support", "neutral", "oppose")[n % 3]
    return person and people.update_person(
        engine, person, PersonUpdate(name=f"Li {n}", stance=stance, influence=1 + n % 5)
    )


def op_contact(engine: Engine, n: int) -> object:
    account = _account(engine, n)
    due = TODAY + timedelta(days=n % 9)
    data = ActivityCreate(
        account_id=account or 0, occurred_on=TODAY, summary="Visit", next_step="Call", next_due=due,
        duration_minutes=30,
    )  # fmt: skip
    return account and activities.log_contact(engine, data)


def op_fix_contact(engine: Engine, n: int) -> object:
    found = ids(engine, "activity")
    if not found:
        return None
    data = ActivityUpdate(occurred_on=TODAY, summary=f"Lunch {n}", next_step="Send samples", next_due=TODAY)
    return activities.update_contact(engine, found[n % len(found)], data)


def op_drop_contact(engine: Engine, n: int) -> object:
    found = ids(engine, "activity")
    return found and activities.delete_contact(engine, found[n % len(found)])


EVERY_GATE_ITEM = [
    "need_known", "first_contact", "opportunity", "proposal", "insider", "info_sufficient", "need_clear",
    "graded", "grade_advance", "obstacles", "plan", "dm_relationship", "influence", "simulation",
]  # fmt: skip


def op_move(engine: Engine, n: int) -> object:
    account = _account(engine, n)
    if account is None:
        return None
    with engine.connect() as conn:
        stage = conn.execute(text("SELECT stage FROM account WHERE id = :i"), {"i": account}).scalar_one()
    target = Stage.clamped(stage + (1 if n % 2 else -1))
    try:
        return accounts.move_stage(engine, account, target, overridden=EVERY_GATE_ITEM)
    except (Gated, Refused):
        return None


def op_status(engine: Engine, n: int) -> object:
    account = _account(engine, n)
    status = (Status.PAUSED, Status.ACTIVE, Status.TERMINATED)[n % 3]
    try:
        return account and accounts.set_status(engine, account, status, "No budget", review_on=TODAY)
    except (Gated, Refused):
        return None


def op_plan(engine: Engine, n: int) -> object:
    account = _account(engine, n)
    if account is None:
        return None
    task = plan.add_task(engine, PlanTaskCreate(account_id=account, step=f"Step {n}", due_on=TODAY))
    return plan.set_done(engine, task.id or 0, n % 2 == 0)


def op_score(engine: Engine, n: int) -> object:
    account = _account(engine, n)
    scores = {f: 1 + (n + i) % 5 for i, f in enumerate("ABCDEFG")}
    return account and assessments.save_assessment(
        engine, AssessmentCreate(account_id=account, scores=scores)
    )


def op_records(engine: Engine, n: int) -> object:
    account = _account(engine, n)
    if account is None:
        return None
    milestones.record_milestone(
        engine, MilestoneCreate(account_id=account, item="inspection", on=TODAY, note=str(n))
    )
    milestones.add_material(engine, MaterialCreate(account_id=account, what=f"Case {n}", on=TODAY))
    simulation.add_reason(engine, SimReasonCreate(account_id=account, kind="customer", text=f"Price {n}"))
    return forces.record_review(engine, ForcesReviewCreate(account_id=account, on=TODAY))


def op_untick(engine: Engine, n: int) -> object:
    account = _account(engine, n)
    return account and milestones.clear_milestone(engine, account, "inspection")


def op_erase_person(engine: Engine, n: int) -> object:
    person = _person(engine, n)
    return person and erase.delete_person(engine, person)


def op_erase_account(engine: Engine, n: int) -> object:
    account = _account(engine, n)
    return account and erase.delete_account(engine, account)


OPS: list[Op] = [
    op_new_account, op_edit_account, op_new_person, op_edit_person, op_contact, op_fix_contact,
    op_drop_contact, op_move, op_status, op_plan, op_score, op_records, op_untick, op_erase_person,
    op_erase_account,
]  # fmt: skip


def expected(
    before: dict[tuple[str, int], tuple[object, ...]], after: dict[tuple[str, int], tuple[object, ...]]
) -> set[tuple[str, int, str]]:
    """The changes a write made, as the outbox should hold them."""
    out = {(t, r, "insert") for (t, r) in after.keys() - before.keys()}
    out |= {(t, r, "delete") for (t, r) in before.keys() - after.keys()}
    out |= {(t, r, "update") for (t, r) in before.keys() & after.keys() if before[(t, r)] != after[(t, r)]}
    return out


@pytest.fixture
def engine_factory(
    tmp_path_factory: pytest.TempPathFactory, frozen_today: date
) -> Iterator[Callable[[], Engine]]:
    """A new database file for each example hypothesis tries."""
    from fieldcrm.store.db import open_db

    made: list[Engine] = []

    def make() -> Engine:
        made.append(open_db(tmp_path_factory.mktemp("outbox") / "crm.db"))
        return made[-1]

    yield make
    for engine in made:
        engine.dispose()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 50)), min_size=1, max_size=25))
def test_every_write_reaches_the_outbox(
    engine_factory: Callable[[], Engine], plan_of_ops: list[tuple[Op, int]]
) -> None:
    engine = engine_factory()
    join(engine)
    for op, n in plan_of_ops:
        before, seq = snapshot(engine), last_seq(engine)
        op(engine, n)
        made = expected(before, snapshot(engine))
        recorded = outbox_after(engine, seq)
        seen = {(t, r, o) for t, r, o, _ in recorded}
        # an insert and an update of one row in one write: the insert stands for both
        missing = {
            (t, r, o)
            for t, r, o in made
            if (t, r, o) not in seen and not (o == "update" and (t, r, "insert") in seen)
        }
        assert not missing, (op.__name__, missing)
        # a row inserted and deleted in one write leaves no trace in the tables; any other
        # recorded change is a real one
        net = {(t, r) for t, r, _ in made}
        churn = {(t, r) for t, r, o in seen if o == "insert"} & {(t, r) for t, r, o in seen if o == "delete"}
        assert {(t, r) for t, r, _ in seen} <= net | churn, op.__name__


def test_nothing_is_recorded_before_joining_nor_for_derived_columns(engine: Engine) -> None:
    account = accounts.create_account(engine, AccountCreate(name="Acme"))
    assert last_seq(engine) == 0  # a laptop used alone records nothing
    join(engine)
    activities.log_contact(
        engine,
        ActivityCreate(
            account_id=account.id, occurred_on=TODAY, summary="Visit", next_step="Call", next_due=TODAY
        ),
    )
    # the contact is recorded; the account's next step and last contact, derived from it, are not
    assert [(t, o) for t, _, o, _ in outbox_after(engine, 0)] == [("activity", "insert")]
    update_account_info(engine, account.id, AccountUpdate(name="Acme", city="Ningbo"))
    assert [(t, o, f) for t, _, o, f in outbox_after(engine, 1)] == [("account", "update", "city")]


def test_triggers_made_before_a_migration_added_columns_are_made_again(engine: Engine) -> None:
    """A database that joined a team before schema v7 had triggers blind to its new synced
    columns: outbox.refresh (the v7 step runs it) makes them again, so those changes travel."""
    from fieldcrm.store.models import PlanTaskCreate
    from fieldcrm.store.models.plan import PlanTaskFields
    from fieldcrm.store.plan import add_task, update_task

    join(engine)
    account = accounts.create_account(engine, AccountCreate(name="Acme")).id
    assert account is not None
    task = add_task(engine, PlanTaskCreate(account_id=account, step="Call"))
    assert task.id is not None
    columns = [c.name for c in SQLModel.metadata.tables["plan_task"].columns]
    with engine.begin() as conn:  # the v6 trigger: no word of assignee
        blind = " OR ".join(
            f'OLD."{c}" IS NOT NEW."{c}"' for c in synced_fields("plan_task", columns) if c != "assignee"
        )
        conn.execute(text("DROP TRIGGER outbox_plan_task_update"))
        conn.execute(
            text(
                f"CREATE TRIGGER outbox_plan_task_update AFTER UPDATE ON plan_task WHEN {blind} BEGIN"
                " INSERT INTO outbox (tbl, row_id, uid, op, fields, at)"
                " VALUES ('plan_task', NEW.rowid, NEW.uid, 'update', '', '2026-11-27'); END"
            )
        )
        conn.execute(text("DELETE FROM outbox"))
        outbox.refresh(conn)
    update_task(engine, task.id, PlanTaskFields(step="Call", assignee="lou"))
    with engine.connect() as conn:
        recorded = conn.execute(text("SELECT tbl, op, fields FROM outbox")).all()
    assert [tuple(r) for r in recorded] == [("plan_task", "update", "assignee")]
