"""Logging a contact: earlier next steps are followed up, the board columns follow the log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine, text

from fieldcrm.store.activities import activities_of, log_contact
from fieldcrm.store.changes import AccountGone
from fieldcrm.store.models import ActivityCreate

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
