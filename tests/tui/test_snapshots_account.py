"""SVG snapshots of the account screen at 160x48 on a frozen clock, in English and Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from textual.pilot import Pilot

from fieldcrm.store.people import people_of

from .test_account import SIZE, app_for, rich_account

LANGS = pytest.mark.parametrize("lang", ["en", "zh"])


def opened(*keys: str):  # type: ignore[no-untyped-def]
    """Open the account from the board (second column), then press ``keys``."""

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("right", "enter", *keys)

    return run_before


@LANGS
def test_overview(snap_compare, engine: Engine, db_path: Path, lang: str) -> None:
    rich_account(engine)
    assert snap_compare(app_for(engine, db_path, lang), terminal_size=SIZE, run_before=opened())


@LANGS
def test_decision_maker_profile(snap_compare, engine: Engine, db_path: Path, lang: str) -> None:
    rich_account(engine)
    assert snap_compare(app_for(engine, db_path, lang), terminal_size=SIZE, run_before=opened("2"))


@LANGS
def test_insider(snap_compare, engine: Engine, db_path: Path, lang: str) -> None:
    rich_account(engine)
    assert snap_compare(app_for(engine, db_path, lang), terminal_size=SIZE, run_before=opened("2", "down"))


def method_account(engine: Engine) -> None:
    """The rich account with the method's records: the quality manager came round from
    opposing to neutral and back, a forces review, a counter-plan, two proposal points and
    material sent."""
    from datetime import date

    from fieldcrm import clock
    from fieldcrm.store.forces import record_review, set_counter_plan
    from fieldcrm.store.milestones import add_material, record_milestone
    from fieldcrm.store.models import (
        CounterPlanCreate,
        ForcesReviewCreate,
        MaterialCreate,
        MilestoneCreate,
        PersonUpdate,
    )
    from fieldcrm.store.people import get_person, update_person

    from .conftest import TODAY

    account_id = rich_account(engine)
    zhao = next(p for p in people_of(engine, account_id) if p.name == "Zhao Lei")
    assert zhao.id is not None
    for day, stance in ((date(2026, 11, 22), "neutral"), (date(2026, 11, 25), "oppose")):
        clock.freeze(day)
        now = get_person(engine, zhao.id)
        fields = now.model_dump(include=set(PersonUpdate.model_fields))
        update_person(engine, zhao.id, PersonUpdate(**{**fields, "stance": stance}))
        record_review(engine, ForcesReviewCreate(account_id=account_id, on=day, note="After the plant visit"))
    clock.freeze(TODAY)
    set_counter_plan(
        engine,
        CounterPlanCreate(
            account_id=account_id,
            person_id=zhao.id,
            plan="Let his team run the trial's quality checks",
            step="Invite Zhao to the trial review",
            due_on=date(2026, 12, 3),
        ),
    )
    for item, on, note in (
        ("professional", date(2026, 11, 10), "Case studies from two plants"),
        ("customers", date(2026, 11, 20), None),
    ):
        record_milestone(engine, MilestoneCreate(account_id=account_id, item=item, on=on, note=note))
    add_material(
        engine,
        MaterialCreate(
            account_id=account_id, what="Cost comparison with the incumbent", on=date(2026, 11, 21)
        ),
    )


@LANGS
@pytest.mark.parametrize("pane", ["5", "6", "7"], ids=["forces", "work", "record"])
def test_method_records(snap_compare, engine: Engine, db_path: Path, lang: str, pane: str) -> None:
    method_account(engine)
    assert snap_compare(app_for(engine, db_path, lang), terminal_size=SIZE, run_before=opened(pane))
