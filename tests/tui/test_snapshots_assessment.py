"""SVG snapshots of the scoring form and the development plan, in English and Chinese, at 160x48."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from textual.pilot import Pilot

from fieldcrm.store import plan
from fieldcrm.store.assessments import save_assessment
from fieldcrm.store.models import AssessmentCreate, PlanTaskCreate
from fieldcrm.tui.app import FieldCRM

from .conftest import add_account

SIZE = (160, 48)
NAMES = {"en": "Evergreen Plastics", "zh": "华东精密机械有限公司"}
STEPS = {
    "en": [
        ("Plant visit", "Show the production line", "Plant manager's time", "Business manager"),
        ("Trial order", "One product family for a month", "Samples and a technician", "BD specialist"),
        ("Framework contract", "Agree prices and terms", "Legal review", "Executives"),
    ],
    "zh": [
        ("参观工厂", "展示生产线", "厂长时间", "商务经理"),
        ("试单", "一个产品系列试用一个月", "样品与技术人员", "商开专员"),
        ("框架合同", "商定价格与条款", "法务审核", "公司高层"),
    ],
}


def assessed_app(engine: Engine, db_path: Path, lang: str) -> FieldCRM:
    """One stage-3 account, assessed (C unknown, a note on A), with a three-step plan."""
    account_id = add_account(engine, NAMES[lang], 3)
    scores = {"A": 4, "B": 3, "C": None, "D": 5, "E": 2, "F": 4, "G": 3}
    note = {"en": "They buy 40% of their fasteners elsewhere", "zh": "其紧固件有 40% 向别家采购"}[lang]
    save_assessment(engine, AssessmentCreate(account_id=account_id, scores=scores, notes={"A": note}))
    dues = (date(2026, 11, 20), date(2026, 11, 25), date(2026, 12, 20))
    for (step, task, support, owner), due in zip(STEPS[lang], dues, strict=True):
        plan.add_task(
            engine,
            PlanTaskCreate(
                account_id=account_id, step=step, task=task, support=support, owner_role=owner, due_on=due
            ),
        )
    first = plan.tasks_of(engine, account_id)[0]
    assert first.id is not None
    plan.set_done(engine, first.id, True)
    return FieldCRM(engine, db_path, lang, offer_demo=False)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_scoring_form(snap_compare, engine: Engine, db_path: Path, lang: str) -> None:
    async def run_before(pilot: Pilot) -> None:
        await pilot.press("right", "right", "s", "j", "j", "2")  # C, unknown until now, scored 2

    assert snap_compare(assessed_app(engine, db_path, lang), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plan(snap_compare, engine: Engine, db_path: Path, lang: str) -> None:
    async def run_before(pilot: Pilot) -> None:
        await pilot.press("right", "right", "P", "j", "j")  # rows 1 (done) and 2 (overdue) unselected

    assert snap_compare(assessed_app(engine, db_path, lang), terminal_size=SIZE, run_before=run_before)
