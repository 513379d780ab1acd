"""The calendar export: an iCalendar file that calendars read back, one event per open next
step and plan step with its alarm, stable UIDs, birthdays only when personal data is asked for."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import Engine

from fieldcrm.domain.stages import Status
from fieldcrm.io.errors import FileError
from fieldcrm.io.export import ExportOptions, export
from fieldcrm.store.accounts import create_account, set_status
from fieldcrm.store.activities import log_contact, reschedule_step
from fieldcrm.store.models import AccountCreate, ActivityCreate, PersonCreate, PlanTaskCreate, StepReschedule
from fieldcrm.store.people import create_person
from fieldcrm.store.plan import add_task


def events(path: Path) -> dict[str, dict[str, object]]:
    """The file's events by UID, each with its fields (and its alarm's trigger)."""
    cal = Calendar.from_ical(path.read_bytes())
    out: dict[str, dict[str, object]] = {}
    for event in cal.walk("VEVENT"):
        alarms = event.walk("VALARM")
        out[str(event["uid"])] = {
            "summary": str(event["summary"]),
            "start": event.decoded("dtstart"),
            "end": event.decoded("dtend"),
            "description": str(event.get("description", "")),
            "rrule": event.get("rrule"),
            "trigger": alarms[0].decoded("trigger") if alarms else None,
        }
    return out


@pytest.fixture
def pipeline(engine: Engine) -> dict[str, int]:
    acme = create_account(engine, AccountCreate(name="Acme [Shanghai] Ltd", stage=2)).id
    closed = create_account(engine, AccountCreate(name="Gone Co")).id
    assert acme is not None and closed is not None
    li = create_person(engine, PersonCreate(account_id=acme, name="Li Mei", birthday="1985-02-28"))
    contact = log_contact(
        engine,
        ActivityCreate(
            account_id=acme,
            person_id=li.id,
            occurred_on=date(2026, 11, 20),
            summary="Lunch; she asked for samples",
            next_step="Send samples, line 1\nand line 2",
            next_due=date(2026, 11, 30),
        ),
    )
    log_contact(
        engine,
        ActivityCreate(
            account_id=closed,
            occurred_on=date(2026, 11, 20),
            summary="Call",
            next_step="Nothing",
            next_due=date(2026, 12, 1),
        ),
    )
    set_status(engine, closed, Status.TERMINATED, "No need")
    plan = add_task(
        engine,
        PlanTaskCreate(account_id=acme, step="Factory visit", task="Book the car", due_on=date(2026, 12, 10)),
    )
    add_task(engine, PlanTaskCreate(account_id=acme, step="Some day", due_on=None))
    return {"acme": acme, "contact": contact.id, "plan": plan.id, "li": li.id}  # type: ignore[dict-item]


def run(engine: Engine, out: Path, **options: object) -> int:
    return export(engine, ExportOptions("calendar", out, **options))  # type: ignore[arg-type]


def test_open_steps_and_plan_steps_become_events_with_alarms(engine, pipeline, tmp_path):
    out = tmp_path / "steps.ics"
    assert run(engine, out) == 2
    found = events(out)
    step = found[f"step-{pipeline['contact']}@fieldcrm"]
    assert step["summary"] == "Send samples, line 1\nand line 2 · Acme [Shanghai] Ltd"  # text, as typed
    assert step["start"] == date(2026, 11, 30) and step["end"] == date(2026, 12, 1)
    assert step["trigger"] == timedelta(hours=9)
    assert "With: Li Mei" in step["description"] and "Stage: 2. Information" in step["description"]
    plan = found[f"plan-{pipeline['plan']}@fieldcrm"]
    assert (
        plan["summary"] == "Plan: Factory visit · Acme [Shanghai] Ltd"
        and "Task: Book the car" in plan["description"]
    )
    assert out.stat().st_mode & 0o777 == 0o600
    assert not any("Gone Co" in e["summary"] for e in found.values())  # a terminated account has no steps


def test_a_step_at_a_time_of_day_lasts_half_an_hour_and_rings_before(engine, pipeline, tmp_path):
    moved = StepReschedule(occurred_on=date(2026, 11, 20), next_due=date(2026, 12, 2), next_time="14:30")
    reschedule_step(engine, pipeline["contact"], moved)
    out = tmp_path / "steps.ics"
    run(engine, out)
    step = events(out)[f"step-{pipeline['contact']}@fieldcrm"]
    assert step["start"] == datetime(2026, 12, 2, 14, 30) and step["end"] == datetime(2026, 12, 2, 15, 0)
    assert step["trigger"] == timedelta(minutes=-15)


def test_the_uids_stay_the_same_so_a_new_export_updates_the_calendar(engine, pipeline, tmp_path):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    run(engine, first)
    run(engine, second)
    assert set(events(first)) == set(events(second))


def test_birthdays_only_with_personal_data(engine, pipeline, tmp_path):
    out = tmp_path / "steps.ics"
    run(engine, out)
    assert not any(uid.startswith("birthday-") for uid in events(out))
    assert b"1985" not in out.read_bytes() and b"Birthday" not in out.read_bytes()
    assert run(engine, out, include_personal=True) == 3
    birthday = events(out)[f"birthday-{pipeline['li']}@fieldcrm"]
    assert birthday["summary"] == "Birthday: Li Mei (Acme [Shanghai] Ltd)"
    assert birthday["start"] == date(1985, 2, 28) and birthday["rrule"]["FREQ"] == ["YEARLY"]


def test_chinese_calendar(engine, pipeline, tmp_path):
    out = tmp_path / "steps.ics"
    run(engine, out, lang="zh")
    plan = events(out)[f"plan-{pipeline['plan']}@fieldcrm"]
    assert plan["summary"] == "开发程序：Factory visit · Acme [Shanghai] Ltd"
    assert "阶段：2. 信息收集" in events(out)[f"step-{pipeline['contact']}@fieldcrm"]["description"]


def test_the_calendar_never_overwrites_the_database(engine, pipeline, db_path):
    with pytest.raises(FileError):
        run(engine, db_path)
