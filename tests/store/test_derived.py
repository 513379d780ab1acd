"""The account's derived columns always equal what its rows say, whatever the store did.

A hypothesis state machine runs random sequences of store operations (new accounts, edits,
people, contacts, assessments, re-grades, imports, moves, erasures) on a real file and, after
every step, recomputes each derived column here, from the rows, independently of
store.derived, and compares.
"""

from __future__ import annotations

import csv
import tempfile
import unicodedata
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlalchemy import text

from fieldcrm import clock
from fieldcrm.domain.names import search_key
from fieldcrm.domain.scoring import DEFAULT_WEIGHTS, FACTORS
from fieldcrm.domain.stages import Status
from fieldcrm.io.import_run import run_import
from fieldcrm.store import accounts, activities, erase
from fieldcrm.store.account_info import update_account_info
from fieldcrm.store.activities import log_contact
from fieldcrm.store.assessments import save_assessment, save_settings
from fieldcrm.store.changes import ContactChange
from fieldcrm.store.db import open_db
from fieldcrm.store.derived import DERIVED
from fieldcrm.store.models import (
    AccountCreate,
    AccountUpdate,
    ActivityCreate,
    ActivityUpdate,
    AssessmentCreate,
    PersonCreate,
    StepHandover,
    StepReschedule,
)
from fieldcrm.store.models.person import PersonUpdate
from fieldcrm.store.people import create_person, update_person
from fieldcrm.store.settings import ScoringSettings

START = datetime(2026, 11, 2, 9, 0)
names = st.sampled_from(["Acme", "Ｂｏｌｔ Ltd", "华为", "華為技術", "Zinc", "Émile & Co", "Öre"])
people = st.sampled_from(["Li Na", "WANG Wei", "Ｚｈａｏ", "Müller", "李娜"])
scores = st.dictionaries(st.sampled_from(FACTORS), st.none() | st.integers(1, 5))
days = st.integers(-30, 10)
phones = st.sampled_from(["+86 21 5555 1234", "０２１-５５５５", "138 0013 8000"])
INFO = {
    "industry": st.sampled_from(["Packaging", "包装", "ＭＥＴＡＬ"]),
    "address": st.sampled_from(["88 Century Ave", "浦东新区世纪大道88号"]),
    "city": st.sampled_from(["Shanghai", "上海", "北京"]),
    "notes": st.sampled_from(["Met at the fair\nlikes tea", "华为的供应商"]),
    "phone": phones,
}


def searched_phone(phone: str) -> str:
    """A phone as the search keeps it: digits without China's +86 or trunk zeros (all of them
    when fewer than six are left)."""
    digits = "".join(c for c in unicodedata.normalize("NFKC", phone) if c.isdigit())
    local = digits[4:] if digits.startswith("0086") else digits
    local = local[2:] if local.startswith("86") and len(local) >= 11 else local
    local = local.lstrip("0")
    return local if len(local) >= 6 else digits


def expected(conn: Any) -> dict[int, dict[str, Any]]:
    """Every account's derived columns, recomputed from its rows in plain Python."""
    rows: dict[str, list[Any]] = {
        t: list(conn.execute(text(q)))
        for t, q in {
            "account": "SELECT id, name, industry, address, city, notes, phone FROM account",
            "person": "SELECT account_id, id, name, phone FROM person",
            "activity": "SELECT account_id, id, occurred_on, next_done, next_step, next_due FROM activity",
            "assessment": "SELECT account_id, id, created_at, grade, total FROM assessment",
        }.items()
    }
    by: dict[str, dict[int, list[Any]]] = {t: defaultdict(list) for t in rows}
    for table, found in rows.items():
        for row in found:
            by[table][row[0]].append(row)
    out = {}
    for account_id, name, *texts, phone in rows["account"]:
        assessed = max(by["assessment"][account_id], key=lambda r: (r[2], r[1]), default=None)
        contacts = by["activity"][account_id]
        open_steps = [r for r in contacts if not r[3]]
        step = max(open_steps, key=lambda r: (r[2], r[1]), default=None)
        found = sorted(by["person"][account_id], key=lambda r: r[1])
        words = [name, *texts, *(r[2] for r in found)]
        digits = [searched_phone(p) for p in dict.fromkeys([phone, *(r[3] for r in found)]) if p]  # once each
        out[account_id] = {
            "grade": assessed[3] if assessed else None,
            "score": assessed[4] if assessed else None,
            "next_step": step[4] if step else None,
            "next_due": step[5] if step else None,
            "last_contact": max((r[2] for r in contacts), default=None),
            "search_text": search_key("\n".join([w for w in words if w] + [d for d in digits if d])),
        }
    return out


class StoreOperations(RuleBasedStateMachine):
    @initialize()
    def open(self) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.engine = open_db(Path(self.folder.name) / "fieldcrm.db")
        self.now = START
        clock.freeze(self.now)
        self.accounts: list[int] = []
        self.people: list[int] = []
        self.imports = 0
        self.changes: list[ContactChange] = []

    def tick(self) -> None:
        self.now += timedelta(minutes=7)
        clock.freeze(self.now)

    @rule(name=names, stage=st.integers(1, 5))
    def create(self, name: str, stage: int) -> None:
        account = accounts.create_account(self.engine, AccountCreate(name=name, stage=stage))
        assert account.id is not None and account.search_text == search_key(name)
        self.accounts.append(account.id)

    @precondition(lambda self: self.accounts)
    @rule(data=st.data(), name=names)
    def rename(self, data: st.DataObject, name: str) -> None:
        update_account_info(self.engine, data.draw(st.sampled_from(self.accounts)), AccountUpdate(name=name))

    @precondition(lambda self: self.accounts)
    @rule(data=st.data(), name=names, info=st.fixed_dictionaries({}, optional=INFO))
    def edit_info(self, data: st.DataObject, name: str, info: dict[str, str]) -> None:
        account_id = data.draw(st.sampled_from(self.accounts))
        update_account_info(self.engine, account_id, AccountUpdate(name=name, **info))

    @precondition(lambda self: self.accounts)
    @rule(data=st.data(), name=people, phone=st.none() | phones)
    def add_person(self, data: st.DataObject, name: str, phone: str | None) -> None:
        account_id = data.draw(st.sampled_from(self.accounts))
        person = create_person(self.engine, PersonCreate(account_id=account_id, name=name, phone=phone))
        assert person.id is not None
        self.people.append(person.id)

    @precondition(lambda self: self.people)
    @rule(data=st.data(), name=people)
    def rename_person(self, data: st.DataObject, name: str) -> None:
        update_person(self.engine, data.draw(st.sampled_from(self.people)), PersonUpdate(name=name))

    @precondition(lambda self: self.people)
    @rule(data=st.data())
    def erase_person(self, data: st.DataObject) -> None:
        person_id = data.draw(st.sampled_from(self.people))
        erase.delete_person(self.engine, person_id)
        self.people.remove(person_id)

    @precondition(lambda self: self.accounts)
    @rule(data=st.data(), on=days, wait=st.integers(0, 20), with_person=st.booleans())
    def contact(self, data: st.DataObject, on: int, wait: int, with_person: bool) -> None:
        account_id = data.draw(st.sampled_from(self.accounts))
        with self.engine.connect() as conn:
            mine = [
                r[0]
                for r in conn.execute(text("SELECT id FROM person WHERE account_id = :a"), {"a": account_id})
            ]
        day = date(2026, 11, 27) + timedelta(days=on)
        self.tick()
        log_contact(
            self.engine,
            ActivityCreate(
                account_id=account_id,
                person_id=mine[0] if with_person and mine else None,
                occurred_on=day,
                summary="Call",
                next_step=f"Step {self.now:%H%M}",
                next_due=day + timedelta(days=wait),
            ),
        )

    def _contacts(self) -> list[int]:
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(text("SELECT id FROM activity"))]

    @precondition(lambda self: self.accounts)
    @rule(data=st.data(), wait=st.integers(0, 20), summary=st.sampled_from(["Visit", "Lunch"]))
    def edit_contact(self, data: st.DataObject, wait: int, summary: str) -> None:
        contacts = self._contacts()
        if not contacts:
            return
        row = activities.get_contact(self.engine, data.draw(st.sampled_from(contacts)))
        fields = ActivityUpdate.model_validate(
            {**row.model_dump(), "summary": summary, "next_due": row.occurred_on + timedelta(days=wait)}
        )
        self.changes.append(activities.update_contact(self.engine, row.id, fields))

    @precondition(lambda self: self.accounts)
    @rule(data=st.data())
    def delete_contact(self, data: st.DataObject) -> None:
        contacts = self._contacts()
        if contacts:
            self.changes.append(activities.delete_contact(self.engine, data.draw(st.sampled_from(contacts))))

    @precondition(lambda self: self.accounts)
    @rule(data=st.data(), how=st.sampled_from(["done", "reopen", "move", "hand"]), wait=st.integers(0, 9))
    def change_step(self, data: st.DataObject, how: str, wait: int) -> None:
        contacts = self._contacts()
        if not contacts:
            return
        self.tick()
        row = activities.get_contact(self.engine, data.draw(st.sampled_from(contacts)))
        if how in ("done", "reopen"):
            change = activities.finish_step(self.engine, row.id, done=how == "done")
        elif how == "move":
            due = row.occurred_on + timedelta(days=wait)
            change = activities.reschedule_step(
                self.engine,
                row.id,
                StepReschedule(occurred_on=row.occurred_on, next_due=due, next_time="9:30"),
            )
        else:
            change = activities.hand_step(self.engine, row.id, StepHandover(next_owner="Zhao Lei"))
        self.changes.append(change)

    @precondition(lambda self: self.changes)
    @rule()
    def undo(self) -> None:
        change = self.changes.pop()
        if change.account_id in self.accounts:
            activities.undo_contact_change(self.engine, change)

    @precondition(lambda self: self.accounts)
    @rule(data=st.data(), given=scores)
    def assess(self, data: st.DataObject, given: dict[str, int | None]) -> None:
        self.tick()
        account_id = data.draw(st.sampled_from(self.accounts))
        save_assessment(self.engine, AssessmentCreate(account_id=account_id, scores=given))

    @rule(a=st.integers(5, 35), regrade=st.booleans())
    def weights(self, a: int, regrade: bool) -> None:
        self.tick()  # A and D share 40 points
        weights = {**DEFAULT_WEIGHTS, "A": a, "D": 40 - a}
        save_settings(self.engine, ScoringSettings(weights=weights), regrade=regrade)

    @rule(rows=st.lists(st.tuples(names, people), min_size=1, max_size=4), merge=st.booleans())
    def import_file(self, rows: list[tuple[str, str]], merge: bool) -> None:
        self.imports += 1
        path = Path(self.folder.name) / f"import{self.imports}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["Company", "Contact"])
            writer.writerows(rows)
        result = run_import(self.engine, path, on_duplicate="merge" if merge else "skip")
        if result.written:
            with self.engine.connect() as conn:
                self.accounts = [r[0] for r in conn.execute(text("SELECT id FROM account"))]
                self.people = [r[0] for r in conn.execute(text("SELECT id FROM person"))]

    @precondition(lambda self: self.accounts)
    @rule(data=st.data())
    def pause(self, data: st.DataObject) -> None:
        account_id = data.draw(st.sampled_from(self.accounts))
        account = accounts.get_account(self.engine, account_id)
        assert account is not None
        if account.status == Status.ACTIVE:
            accounts.set_status(self.engine, account_id, Status.PAUSED)

    @precondition(lambda self: self.accounts)
    @rule(data=st.data())
    def erase_account(self, data: st.DataObject) -> None:
        account_id = data.draw(st.sampled_from(self.accounts))
        erase.delete_account(self.engine, account_id)
        self.accounts.remove(account_id)
        with self.engine.connect() as conn:
            self.people = [r[0] for r in conn.execute(text("SELECT id FROM person"))]

    @invariant()
    def derived_columns_follow_the_rows(self) -> None:
        if not hasattr(self, "engine"):
            return
        columns = ", ".join(DERIVED)
        with self.engine.connect() as conn:
            want = expected(conn)
            stored = {
                row[0]: dict(zip(DERIVED, row[1:], strict=True))
                for row in conn.execute(text(f"SELECT id, {columns} FROM account"))
            }
        assert stored == want

    def teardown(self) -> None:
        if hasattr(self, "engine"):
            self.engine.dispose()
            self.folder.cleanup()
        clock.freeze(None)


StoreOperations.TestCase.settings = settings(max_examples=50, stateful_step_count=20, deadline=None)
test_derived_columns_follow_the_rows = StoreOperations.TestCase
