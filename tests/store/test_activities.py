"""Logging a contact: earlier next steps are followed up, the board columns follow the log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine, text

from fieldcrm.store.activities import (
    ContactGone,
    activities_of,
    delete_contact,
    finish_step,
    get_contact,
    hand_step,
    history_of,
    log_contact,
    reschedule_step,
    undo_contact_change,
    update_contact,
)
from fieldcrm.store.changes import AccountGone
from fieldcrm.store.models import ActivityCreate, ActivityUpdate, StepHandover, StepReschedule

TODAY = date(2026, 5, 20)


@pytest.fixture(autouse=True)
def frozen(freeze_clock: Callable[[date], None]) -> None:
    freeze_clock(TODAY)


def contact(account_id: int, on: str, step: str, due: str, **more: object) -> ActivityCreate:
    return ActivityCreate(
        account_id=account_id,
        occurred_on=date.fromisoformat(on),
        summary="Met",
        next_step=step,
        next_due=date.fromisoformat(due),
        **more,
    )


def card(engine: Engine, account_id: int) -> tuple:
    with engine.connect() as conn:
        return tuple(
            conn.execute(
                text("SELECT next_step, next_due, last_contact FROM account WHERE id = :i"), {"i": account_id}
            ).one()
        )


def done_flags(engine: Engine) -> list[tuple[str, int]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT next_step, next_done FROM activity ORDER BY id"))]


def test_a_contact_sets_the_card_and_follows_up_earlier_steps(engine: Engine, account_id: int) -> None:
    log_contact(engine, contact(account_id, "2026-05-10", "Send samples", "2026-05-15"))
    assert card(engine, account_id) == ("Send samples", "2026-05-15", "2026-05-10")
    log_contact(
        engine,
        contact(
            account_id,
            "2026-05-20",
            "Meet the buyer",
            "2026-05-27",
            kind="meal",
            influence=4,
            persistence_days=30,
        ),
    )
    assert card(engine, account_id) == ("Meet the buyer", "2026-05-27", "2026-05-20")
    assert done_flags(engine) == [("Send samples", 1), ("Meet the buyer", 0)]
    with engine.connect() as conn:
        assert conn.execute(
            text(
                "SELECT kind, updated_at FROM account JOIN activity "
                "ON activity.account_id = account.id WHERE influence = 4"
            )
        ).one() == ("meal", "2026-05-20 09:00:00.000000")


def test_a_late_entry_does_not_replace_the_newer_step(engine: Engine, account_id: int) -> None:
    log_contact(engine, contact(account_id, "2026-05-18", "Call back", "2026-05-25"))
    log_contact(engine, contact(account_id, "2026-05-12", "Old plan", "2026-05-14"))
    assert card(engine, account_id) == ("Call back", "2026-05-25", "2026-05-18")
    assert done_flags(engine) == [("Call back", 0), ("Old plan", 1)]


def test_the_log_reads_newest_first(engine: Engine, account_id: int) -> None:
    for on in ("2026-05-01", "2026-05-09", "2026-05-05"):
        log_contact(engine, contact(account_id, on, f"after {on}", on))
    assert [a.occurred_on.day for a in activities_of(engine, account_id)] == [9, 5, 1]
    assert len(activities_of(engine, account_id, limit=2)) == 2


def test_a_contact_for_a_missing_account_writes_nothing(engine: Engine) -> None:
    with pytest.raises(AccountGone):
        log_contact(engine, contact(42, "2026-05-10", "x", "2026-05-11"))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM activity")).scalar_one() == 0


# -- correcting the log and changing next steps without a contact ---------------------------


def test_deleting_a_contact_reopens_the_step_it_followed_up_and_undo_brings_it_back(
    engine: Engine, account_id: int
) -> None:
    first = log_contact(engine, contact(account_id, "2026-05-10", "Send samples", "2026-05-15"))
    wrong = log_contact(engine, contact(account_id, "2026-05-18", "Wrong step", "2026-05-25"))
    assert card(engine, account_id) == ("Wrong step", "2026-05-25", "2026-05-18")
    assert wrong.id is not None and first.id is not None

    change = delete_contact(engine, wrong.id)
    assert card(engine, account_id) == ("Send samples", "2026-05-15", "2026-05-10")
    assert [a.id for a in activities_of(engine, account_id)] == [first.id]

    undo_contact_change(engine, change)
    assert card(engine, account_id) == ("Wrong step", "2026-05-25", "2026-05-18")
    assert [(a.id, a.next_done) for a in activities_of(engine, account_id)] == [
        (wrong.id, False),
        (first.id, True),
    ]


def test_undoing_a_delete_never_overwrites_a_later_contact_that_took_its_id(
    engine: Engine, account_id: int
) -> None:
    wrong = log_contact(engine, contact(account_id, "2026-05-18", "Wrong step", "2026-05-25"))
    assert wrong.id is not None
    change = delete_contact(engine, wrong.id)
    later = log_contact(engine, contact(account_id, "2026-05-19", "Right step", "2026-05-26"))
    assert later.id == wrong.id  # SQLite reuses the largest id
    undo_contact_change(engine, change)
    steps = sorted(a.next_step for a in activities_of(engine, account_id))
    assert steps == ["Right step", "Wrong step"]


def test_editing_a_contact_moves_the_card_and_undo_restores_it(engine: Engine, account_id: int) -> None:
    logged = log_contact(engine, contact(account_id, "2026-05-18", "Send samples", "2026-05-25"))
    assert logged.id is not None
    fields = ActivityUpdate.model_validate(
        {**logged.model_dump(), "next_step": "Send two samples", "next_time": "14:30", "summary": "Met Li"}
    )
    change = update_contact(engine, logged.id, fields)
    assert card(engine, account_id) == ("Send two samples", "2026-05-25", "2026-05-18")
    assert get_contact(engine, logged.id).next_time == "14:30"
    undo_contact_change(engine, change)
    assert card(engine, account_id) == ("Send samples", "2026-05-25", "2026-05-18")
    assert get_contact(engine, logged.id).summary == "Met"


def test_a_next_step_is_done_moved_and_handed_over_with_its_history(engine: Engine, account_id: int) -> None:
    logged = log_contact(engine, contact(account_id, "2026-05-18", "Send samples", "2026-05-25"))
    assert logged.id is not None

    moved = reschedule_step(
        engine,
        logged.id,
        StepReschedule(occurred_on=logged.occurred_on, next_due=date(2026, 6, 2), next_time="9:05"),
    )
    assert card(engine, account_id) == ("Send samples", "2026-06-02", "2026-05-18")
    hand_step(engine, logged.id, StepHandover(next_owner="Zhao Lei"))
    finish_step(engine, logged.id)
    assert card(engine, account_id) == (None, None, "2026-05-18")

    history = [
        (h.kind, h.due_before, h.due_after, h.time_after, h.owner_after)
        for h in history_of(engine, logged.id)
    ]
    assert history == [
        ("rescheduled", date(2026, 5, 25), date(2026, 6, 2), "09:05", None),
        ("handed", date(2026, 6, 2), date(2026, 6, 2), "09:05", "Zhao Lei"),
        ("done", date(2026, 6, 2), date(2026, 6, 2), "09:05", "Zhao Lei"),
    ]
    finish_step(engine, logged.id, done=False)
    assert card(engine, account_id) == ("Send samples", "2026-06-02", "2026-05-18")
    undo_contact_change(engine, moved)  # undo of the move alone: its history entry goes with it
    assert [h.kind for h in history_of(engine, logged.id)] == ["handed", "done", "reopened"]
    assert card(engine, account_id) == ("Send samples", "2026-05-25", "2026-05-18")


def test_a_step_cannot_be_moved_before_its_contact_nor_to_a_time_that_is_not_one() -> None:
    with pytest.raises(ValidationError, match="due_before_contact"):
        StepReschedule(occurred_on=date(2026, 5, 18), next_due=date(2026, 5, 17))
    for bad in ("25:00", "9", "noon", "09:60"):
        with pytest.raises(ValidationError, match=r"error\.time"):
            StepReschedule(occurred_on=date(2026, 5, 18), next_due=date(2026, 5, 18), next_time=bad)
    assert StepReschedule(occurred_on=TODAY, next_due=TODAY, next_time="１４：３０").next_time == "14:30"
    assert StepReschedule(occurred_on=TODAY, next_due=TODAY, next_time=" ").next_time is None


def test_a_changed_contact_that_is_gone_says_so(engine: Engine, account_id: int) -> None:
    logged = log_contact(engine, contact(account_id, "2026-05-18", "Send samples", "2026-05-25"))
    assert logged.id is not None
    delete_contact(engine, logged.id)
    with pytest.raises(ContactGone):
        finish_step(engine, logged.id)
    with pytest.raises(ContactGone):
        delete_contact(engine, logged.id)
