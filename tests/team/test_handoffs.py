"""The method's hand-offs between roles: an account of a rep entering Assessment reaches the
lead's agenda as "to assess"; the lead's scoring is recorded as theirs and the rep's laptop
shows the grade, and who gave it, after the next sync."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from fieldcrm import clock
from fieldcrm.demo.generate import write_demo
from fieldcrm.domain.scoring import FACTORS
from fieldcrm.domain.stages import Stage
from fieldcrm.store import agenda
from fieldcrm.store.accounts import move_stage
from fieldcrm.store.assessments import latest, save_assessment
from fieldcrm.store.models import AssessmentCreate
from fieldcrm.store.settings import AgendaLimits
from fieldcrm.team.join import join_team
from fieldcrm.team.sync import sync

from .conftest import NOW, PASSWORDS, member
from .pg_server import Server

TODAY = date(2026, 11, 27)


def to_assess(engine: Engine) -> list[tuple[str, str | None]]:
    rows = agenda.page(engine, "assess", TODAY, AgendaLimits(), 0, 50)
    assert agenda.counts(engine, TODAY, AgendaLimits(), ["assess"])["assess"] == len(rows)
    return [(e.account, e.who) for e in rows]


def entering_assessment(pg: Server, team: str, laptops: dict[str, Engine]) -> tuple[int, str]:
    """One of rae's accounts moved to Assessment today (its gate overridden); rae and lou
    (her lead) joined. Its id on rae's laptop, and its name."""
    rae_laptop = laptops["rae1"]
    write_demo(rae_laptop, accounts=6, seed=7, lang="en", force=False)
    with rae_laptop.connect() as conn:
        informed = "SELECT id, name FROM account WHERE stage = 2 AND status = 'active' ORDER BY name LIMIT 1"
        account, name = conn.execute(text(informed)).one()
    clock.freeze(NOW)
    move_stage(rae_laptop, account, Stage.ASSESSMENT, overridden=_missing(rae_laptop, account))
    with member(pg, team, "rae") as rae, member(pg, team, "lou") as lou:
        join_team(rae_laptop, rae, "service=team", NOW)
        join_team(laptops["lou"], lou, pg.url(user="lou", database=team), NOW)
    return account, name


def test_an_account_entering_assessment_waits_on_the_leads_agenda_until_scored(
    pg: Server, team: str, laptops: dict[str, Engine]
) -> None:
    rae_laptop, lou_laptop = laptops["rae1"], laptops["lou"]
    account, name = entering_assessment(pg, team, laptops)
    with member(pg, team, "rae") as rae, member(pg, team, "lou") as lou:
        assert to_assess(rae_laptop) == []  # not on the rep's own agenda: the lead assesses
        assert (name, "rae") in to_assess(lou_laptop)
        with lou_laptop.connect() as conn:
            (mine,) = conn.execute(text("SELECT id FROM account WHERE name = :n"), {"n": name}).one()
        save_assessment(lou_laptop, AssessmentCreate(account_id=mine, scores=dict.fromkeys(FACTORS, 4)))
        assert (name, "rae") not in to_assess(lou_laptop)
        sync(lou_laptop, lou, NOW)
        sync(rae_laptop, rae, NOW)
    scored = latest(rae_laptop, account)
    assert scored is not None and scored.assessed_by == "lou" and scored.grade is not None
    with rae_laptop.connect() as conn:
        assert (
            conn.execute(text("SELECT grade FROM account WHERE id = :i"), {"i": account}).scalar()
            == scored.grade
        )


def _missing(engine: Engine, account_id: int) -> list[str]:
    """The keys of the gate items the account lacks (overridden, as a rep may)."""
    from fieldcrm.domain.gates import exit_checklist
    from fieldcrm.store.facts import account_facts

    return [item.key for item in exit_checklist(account_facts(engine, account_id)) if not item.met]


@pytest.fixture(autouse=True)
def _unfrozen():
    yield
    clock.freeze(None)


async def test_the_leads_agenda_shows_what_waits_to_be_assessed(
    pg: Server, team: str, laptops: dict[str, Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldcrm.tui.app import FieldCRM
    from fieldcrm.tui.plain import PlainTable
    from fieldcrm.tui.screens.agenda import AgendaScreen

    from .test_app_sync import SIZE, pressed, settled

    _, name = entering_assessment(pg, team, laptops)
    monkeypatch.setenv("PGPASSWORD", PASSWORDS["lou"])
    app = FieldCRM(laptops["lou"], tmp_path / "lou.db", "en", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pressed(app, pilot, "a")
        screen = app.screen
        assert isinstance(screen, AgendaScreen) and screen.sections[9] == "assess"  # key 0
        await pressed(app, pilot, "0")
        table = screen.query_one("#entries", PlainTable)
        shown = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert [(name.startswith(row[2].rstrip("…")), row[3]) for row in shown] == [(True, "rae")]
    monkeypatch.setenv("PGPASSWORD", PASSWORDS["rae"])
    app = FieldCRM(laptops["rae1"], tmp_path / "rae.db", "en", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:  # a rep's agenda has no such section
        await settled(app, pilot)
        await pressed(app, pilot, "a")
        assert "assess" not in app.screen.sections


def test_each_stage_names_who_holds_its_role_for_the_account(
    pg: Server, team: str, laptops: dict[str, Engine]
) -> None:
    from fieldcrm.store.account_view import read_account
    from fieldcrm.tui.screens.account.title import account_title

    account, name = entering_assessment(pg, team, laptops)
    rae_laptop, lou_laptop = laptops["rae1"], laptops["lou"]
    with member(pg, team, "rae") as rae, member(pg, team, "lou") as lou:
        sync(rae_laptop, rae, NOW)  # rae's laptop learns who she is in the team
        sync(lou_laptop, lou, NOW)
    with rae_laptop.connect() as conn:
        (prospect,) = conn.execute(text("SELECT id FROM account WHERE stage = 1 ORDER BY id LIMIT 1")).one()
    with lou_laptop.connect() as conn:
        (on_lous,) = conn.execute(text("SELECT id FROM account WHERE name = :n"), {"n": name}).one()
    view = read_account(rae_laptop, prospect, TODAY)
    assert view is not None and view.holder == "rae"  # the BD specialist: the account's owner
    for laptop, key in ((rae_laptop, account), (lou_laptop, on_lous)):
        view = read_account(laptop, key, TODAY)
        assert view is not None and view.holder == "lou"  # the outreach team lead: rae's lead
        assert "Outreach team lead: lou" in account_title(view).plain
    alone = laptops["ray"]
    write_demo(alone, accounts=1, seed=9, lang="en", force=False)
    view = read_account(alone, 1, TODAY)
    assert view is not None and view.holder is None  # used alone: the roles only


def test_the_record_names_who_did_each_thing(pg: Server, team: str, laptops: dict[str, Engine]) -> None:
    from fieldcrm.store.account_view import read_account
    from fieldcrm.store.activities import log_contact
    from fieldcrm.store.models import ActivityCreate
    from fieldcrm.store.timeline import timeline

    rae_laptop, lou_laptop = laptops["rae1"], laptops["lou"]
    account, name = entering_assessment(pg, team, laptops)
    visit = ActivityCreate(
        account_id=account, occurred_on=TODAY, next_due=TODAY, summary="Showed the samples", next_step="Quote"
    )
    log_contact(rae_laptop, visit)
    with member(pg, team, "rae") as rae, member(pg, team, "lou") as lou:
        sync(rae_laptop, rae, NOW)
        sync(lou_laptop, lou, NOW)
        with lou_laptop.connect() as conn:
            (on_lous,) = conn.execute(text("SELECT id FROM account WHERE name = :n"), {"n": name}).one()
        save_assessment(lou_laptop, AssessmentCreate(account_id=on_lous, scores=dict.fromkeys(FACTORS, 4)))
        sync(lou_laptop, lou, NOW)
        sync(rae_laptop, rae, NOW)
    for laptop, key in ((rae_laptop, account), (lou_laptop, on_lous)):
        view = read_account(laptop, key, TODAY)
        assert view is not None
        done = {(h.kind, h.by) for h in timeline(view) if h.day == TODAY}
        assert ("contact", "rae") in done and ("assessment", "lou") in done
        assert ("event.moved", None) in done  # moved before rae joined a team: by no one named


def test_a_plan_step_given_to_a_member_joins_their_agenda_and_calendar(
    pg: Server, team: str, laptops: dict[str, Engine]
) -> None:
    from fieldcrm.store.calendar_queries import calendar_items
    from fieldcrm.store.models import PlanTaskCreate
    from fieldcrm.store.plan import add_task

    rae_laptop, lou_laptop = laptops["rae1"], laptops["lou"]
    account, name = entering_assessment(pg, team, laptops)
    due = date(2026, 11, 30)
    add_task(
        rae_laptop,
        PlanTaskCreate(account_id=account, step="Invite their director", due_on=due, assignee="lou"),
    )
    add_task(rae_laptop, PlanTaskCreate(account_id=account, step="Send the samples", due_on=due))
    with member(pg, team, "rae") as rae, member(pg, team, "lou") as lou:
        sync(rae_laptop, rae, NOW)
        sync(lou_laptop, lou, NOW)

    def plan_steps(engine: Engine) -> set[tuple[str | None, str | None]]:
        rows = agenda.page(engine, "plan", TODAY, AgendaLimits(), 0, 500)
        return {(e.text, e.who) for e in rows if e.account == name}

    def in_calendar(engine: Engine) -> set[str]:
        return {item.title for item in calendar_items(engine) if item.account == name}

    assert plan_steps(lou_laptop) == {("Invite their director", "lou")}  # given to him: his
    assert ("Invite their director", "lou") not in plan_steps(rae_laptop)
    assert ("Send the samples", None) in plan_steps(rae_laptop)  # given to no one: the owner's
    assert "Invite their director" in in_calendar(lou_laptop)
    assert "Invite their director" not in in_calendar(rae_laptop)


def test_a_plan_step_is_given_only_to_a_member() -> None:
    from pydantic import ValidationError

    from fieldcrm.store.models.plan import PlanTaskFields
    from fieldcrm.store.validation import field_errors

    members = {"members": ("lou", "rae")}
    assert (
        PlanTaskFields.model_validate({"step": "Call", "assignee": " lou "}, context=members).assignee
        == "lou"
    )
    with pytest.raises(ValidationError) as refused:
        PlanTaskFields.model_validate({"step": "Call", "assignee": "mallory"}, context=members)
    assert field_errors(refused.value) == {"assignee": ("error.not_a_member", {})}
