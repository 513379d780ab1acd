"""Erasing a person or an account for good: rows overwritten (secure_delete), WAL folded back.

Profiles hold personal data, so a delete must leave no copy behind: SQLite overwrites the
freed space, and a checkpoint moves the change into the main file and empties the WAL, which
still holds the old pages until then. Each erasure is written to the erase ledger first
(store.erased), so a backup restored later is erased again (:func:`erase_again`).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine, delete
from sqlmodel import col

from fieldcrm.store.changes import AccountGone
from fieldcrm.store.engine import checkpoint, database_of
from fieldcrm.store.erased import Erasure, record
from fieldcrm.store.models import Account, Activity, Person
from fieldcrm.store.people import PersonGone
from fieldcrm.store.session import existing, touch, transaction


def delete_person(engine: Engine, person_id: int) -> None:
    """The person, their ladder steps and the contacts logged with them (what they said and did)."""
    record(database_of(engine), "person", person_id)
    _erase_person(engine, person_id)


def delete_account(engine: Engine, account_id: int) -> None:
    """The account with everything recorded about it (every child row cascades)."""
    record(database_of(engine), "account", account_id)
    _erase_account(engine, account_id)


def erase_again(engine: Engine, due: Iterable[Erasure]) -> int:
    """Erase, in a restored copy, what the ledger says was erased after the copy was taken;
    returns how many of those rows the copy still held."""
    erase = {"person": _erase_person, "account": _erase_account}
    gone = 0
    for erasure in due:
        try:
            erase[erasure.kind](engine, erasure.id)
        except LookupError:  # already gone from the copy
            continue
        gone += 1
    return gone


def _erase_person(engine: Engine, person_id: int) -> None:
    with transaction(engine) as s:
        person = existing(s, Person, person_id, PersonGone)
        s.exec(delete(Activity).where(col(Activity.person_id) == person_id))
        s.delete(person)  # ladder events go with it (ON DELETE CASCADE)
        touch(s, person.account_id)  # the erased name leaves the search too
    checkpoint(engine)


def _erase_account(engine: Engine, account_id: int) -> None:
    with transaction(engine) as s:
        s.delete(existing(s, Account, account_id, AccountGone))
    checkpoint(engine)
