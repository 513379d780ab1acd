"""Erasing leaves no trace: not in the database file, not in its WAL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from fieldcrm.store.account_info import update_account_info
from fieldcrm.store.accounts import create_account
from fieldcrm.store.activities import log_contact
from fieldcrm.store.changes import AccountGone
from fieldcrm.store.erase import delete_account, delete_person
from fieldcrm.store.models import AccountCreate, AccountUpdate, ActivityCreate, PersonCreate, SimReasonCreate
from fieldcrm.store.people import create_person, step_ladder
from fieldcrm.store.simulation import add_reason

MARKER = "ZQX-private-7f3a"


def on_disk(db_path: Path) -> bytes:
    wal = Path(f"{db_path}-wal")
    return db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def counts(engine: Engine) -> dict[str, int]:
    tables = ("account", "person", "ladder_event", "activity", "sim_reason", "stage_event")
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}


@pytest.fixture
def filled(engine: Engine, db_path: Path) -> tuple[int, int, int]:
    """An account with two people, an insider with a ladder step, contacts and a reason."""
    account = create_account(engine, AccountCreate(name=f"Acme {MARKER}"))
    assert account.id is not None
    secret = create_person(
        engine, PersonCreate(account_id=account.id, name="Li", role="insider", notes=f"lives at {MARKER}")
    )
    other = create_person(engine, PersonCreate(account_id=account.id, name="Wu"))
    step_ladder(engine, secret.id, up=True)
    for person, on, step in ((other, 1, "Call Wu"), (secret, 2, f"Dinner {MARKER}")):
        log_contact(
            engine,
            ActivityCreate(
                account_id=account.id,
                person_id=person.id,
                occurred_on=date(2026, 1, on),
                summary=f"met {MARKER}",
                next_step=step,
                next_due=date(2026, 1, 9),
            ),
        )
    add_reason(engine, SimReasonCreate(account_id=account.id, kind="customer", text=MARKER))
    assert MARKER.encode() in on_disk(db_path)
    return account.id, secret.id, other.id


def test_deleting_a_person_leaves_no_trace_on_disk(engine: Engine, db_path: Path, filled) -> None:
    account_id, secret, _ = filled
    with engine.begin() as conn:  # keep the other rows from carrying the marker
        conn.execute(text("UPDATE account SET name = 'Acme', name_key = 'acme'"))
        conn.execute(text("DELETE FROM sim_reason"))
        conn.execute(text("UPDATE activity SET summary = 'met' WHERE person_id != :p"), {"p": secret})
    delete_person(engine, secret)
    assert MARKER.encode() not in on_disk(db_path)
    assert counts(engine) | {"stage_event": 0} == {
        "account": 1,
        "person": 1,
        "ladder_event": 0,
        "activity": 1,
        "sim_reason": 0,
        "stage_event": 0,
    }
    with engine.connect() as conn:  # the card follows what is left of the log; Wu's step was
        # followed up by the erased contact, so none is open
        assert conn.execute(
            text("SELECT next_step, last_contact FROM account WHERE id = :i"), {"i": account_id}
        ).one() == (None, "2026-01-01")


def test_deleting_an_account_takes_everything_with_it(engine: Engine, db_path: Path, filled) -> None:
    account_id, _, _ = filled
    delete_account(engine, account_id)
    assert counts(engine) == dict.fromkeys(counts(engine), 0)
    assert MARKER.encode() not in on_disk(db_path)
    assert not Path(f"{db_path}-wal").exists() or Path(f"{db_path}-wal").stat().st_size == 0


def test_editing_a_deleted_account_is_reported(engine: Engine, account_id: int) -> None:
    delete_account(engine, account_id)
    with pytest.raises(AccountGone):
        update_account_info(engine, account_id, AccountUpdate(name="Acme Two"))
