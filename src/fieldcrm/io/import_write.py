"""Applying a checked import: all rows in one transaction, with Core bulk inserts.

New prospects go into stage 1, each with its 'created' stage event and a person (role
"other") for the contact named; merges fill only the empty fields of an existing account.
If any row has an error, or on a dry run, nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    Integer,
    String,
    bindparam,
    column,
    func,
    literal,
    select,
    table,
    update,
)
from sqlalchemy.exc import SQLAlchemyError

from fieldcrm import clock
from fieldcrm.domain.forces import Role, Stance
from fieldcrm.domain.names import HAN, name_key, phone_key
from fieldcrm.domain.stages import Status
from fieldcrm.i18n import t
from fieldcrm.io.errors import TransferError
from fieldcrm.io.import_csv import (
    HEADER_KEYS,
    Existing,
    Notice,
    Plan,
    Progress,
    Prospect,
    read_prospects,
)
from fieldcrm.store.engine import bulk_cache, writing
from fieldcrm.store.models.events import EventKind
from fieldcrm.store.search import reindex, search_text

IN_CHUNK = 500  # ids per IN (...) list
INFO = ("industry", "phone", "address", "notes")

_account = table(
    "account",
    *(column(c, String) for c in ("name", "name_key", "status", *INFO)),
    column("id", Integer),
    column("stage", Integer),
    column("updated_at", DateTime),
)
_person = table("person", column("account_id", Integer), column("name", String))
EVENT_COLUMNS = ("account_id", "at", "kind", "to_stage", "to_status")
_event = table("stage_event", *(column(c) for c in EVENT_COLUMNS))
ACCOUNT_COLUMNS = (
    "id", "name", "name_key", "search_text", "stage", "status", *INFO, "created_at", "updated_at",
    "stage_since",
)  # fmt: skip
PERSON_COLUMNS = ("account_id", "name", "phone", "role", "stance", "influence")
CONTACT_DEFAULTS = (Role.OTHER.value, Stance.NEUTRAL.value, 3)  # role, stance, influence


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The checked plan, and whether it was written."""

    plan: Plan
    written: bool
    dry_run: bool

    @property
    def ok(self) -> bool:
        return not self.plan.errors


def message(notice: Notice) -> str:
    """The notice as a line in the interface language: 'Row 7: Phone: At most 50 characters.'"""
    params = dict(notice.params)
    if "merged" in params:
        params["by"] = t(f"import.by.{params['by']}")
        params["action"] = t("import.merged" if params.pop("merged") else "import.skipped")
        return t(notice.key, row=notice.row, **params)
    name = params.pop("field", "")
    text = t(notice.key, **params)
    if name in HEADER_KEYS:
        return t("import.row_field", row=notice.row, field=t(HEADER_KEYS[name]), message=text)
    return t("import.row", row=notice.row, message=text)


def report_lines(result: ImportResult, limit: int | None = None) -> list[str]:
    """What the import found and did, in the interface language: unknown columns, then
    errors, then duplicates (at most ``limit`` of those), then the totals."""
    plan = result.plan
    lines = []
    if plan.unknown_columns:
        lines.append(t("import.unknown_columns", columns=", ".join(plan.unknown_columns)))
    notices = [*plan.errors, *plan.duplicates, *plan.merge_notes]
    shown = notices if limit is None else notices[:limit]
    lines += [message(n) for n in shown]
    if len(shown) < len(notices):
        lines.append(t("import.more", count=len(notices) - len(shown)))
    if plan.blank:
        lines.append(t("import.blank_rows", count=plan.blank))
    lines.append(
        t(
            "import.summary" if result.written else "import.would",
            rows=plan.rows,
            encoding=plan.encoding,
            new=len(plan.new),
            merged=len(plan.merges),
            skipped=plan.skipped,
        )
    )
    if plan.errors:
        lines.append(t("import.failed", count=len(plan.errors)))
    elif result.dry_run:
        lines.append(t("import.dry_run"))
    return lines


def explain_merges(conn: Connection, plan: Plan) -> None:
    """What each merge will really do, as notices: the fields it fills, or that it fills
    none; and each field the file gives otherwise than the account has (kept as it is)."""
    a = _account.c
    ids = list(plan.merges)
    current: dict[int, dict[str, str | None]] = {}
    for start in range(0, len(ids), IN_CHUNK):
        query = select(a.id, a.name, *(a[f] for f in INFO)).where(a.id.in_(ids[start : start + IN_CHUNK]))
        for account_id, name, *values in conn.execute(query):
            current[account_id] = {"name": name, **dict(zip(INFO, values, strict=True))}
    for account_id, prospect in plan.merges.items():
        has = current[account_id]
        offered = {f: prospect.values.get(f) for f in INFO}
        fills = [f for f in INFO if offered[f] and not has[f]]
        row, name = prospect.row, has["name"]
        if fills:
            fields = t("list.sep").join(t(HEADER_KEYS[f]) for f in fills)
            plan.merge_notes.append(Notice(row, "import.merge_fills", {"existing": name, "fields": fields}))
        elif not prospect.contacts:
            plan.merge_notes.append(Notice(row, "import.merge_nothing", {"existing": name}))
        for f in INFO:
            if offered[f] and has[f] and offered[f] != has[f]:
                params = {
                    "existing": name,
                    "column": t(HEADER_KEYS[f]),
                    "kept": has[f],
                    "offered": offered[f],
                }
                plan.merge_notes.append(Notice(row, "import.merge_conflict", params))


def load_existing(conn: Connection) -> Existing:
    """Name keys and phone numbers of every account, for duplicate detection."""
    existing = Existing()
    a = _account.c
    for account_id, name, stored, phone in conn.execute(select(a.id, a.name, a.name_key, a.phone)):
        # keys stored by fieldcrm before 0.2 kept traditional characters: fold them again
        key = name_key(name) if stored and HAN.search(stored) else stored
        if key:
            existing.by_key.setdefault(key, (account_id, name))
        digits = phone_key(phone)
        if digits:
            existing.by_phone.setdefault(digits, (account_id, name))
    return existing


def run_import(
    engine: Engine,
    path: Path,
    encoding: str = "auto",
    on_duplicate: str = "skip",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check ``path`` and, if every row is good and this is not a dry run, write it.

    A real import checks inside its write transaction, so no other write can slip in
    between the duplicate check and the inserts.
    """
    if dry_run:
        with engine.connect() as conn:
            plan = read_prospects(path, encoding, on_duplicate, load_existing(conn), progress)
            explain_merges(conn, plan)
        return ImportResult(plan, written=False, dry_run=True)
    try:
        with writing(engine).begin() as conn:
            plan = read_prospects(path, encoding, on_duplicate, load_existing(conn), progress)
            explain_merges(conn, plan)
            if plan.errors:
                return ImportResult(plan, written=False, dry_run=False)
            with bulk_cache(conn):
                _write(conn, plan, clock.now())
    except SQLAlchemyError as exc:
        raise TransferError("import.write_failed", error=str(getattr(exc, "orig", None) or exc)) from exc
    return ImportResult(plan, written=True, dry_run=False)


def _insert(conn: Connection, name: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """A bulk INSERT of plain tuples: one executemany, no per-row parameter processing."""
    if rows:
        statement = table(name, *(column(c) for c in columns)).insert().compile(dialect=conn.dialect)
        assert statement.positiontup == list(columns)
        conn.exec_driver_sql(str(statement), rows)


def _write(conn: Connection, plan: Plan, now: datetime) -> None:
    to_stored = DateTime().dialect_impl(conn.dialect).bind_processor(conn.dialect)
    assert to_stored is not None  # SQLite's DateTime stores a string
    stamp = to_stored(now)  # as the ORM writes it
    first = (conn.execute(select(func.max(_account.c.id))).scalar() or 0) + 1
    active, created = Status.ACTIVE.value, EventKind.CREATED.value
    accounts, people = [], []
    # in name order, the board index (status, stage, next_due, name…) grows at its end
    in_order = sorted(plan.new, key=lambda p: p.values["name"] or "")
    info = itemgetter(*INFO)
    for account_id, prospect in enumerate(in_order, start=first):
        v = prospect.values
        searched = search_text(v["name"] or "", prospect.contacts)
        accounts.append((account_id, v["name"], prospect.key, searched, 1, active, *info(v),
                         stamp, stamp, stamp))  # fmt: skip
        if prospect.contacts:
            people += _contacts(account_id, prospect)
    _insert(conn, "account", ACCOUNT_COLUMNS, accounts)
    if accounts:  # each new account's 'created' event, in one statement
        a = _account.c
        new_ids = select(a.id, *(literal(v) for v in (stamp, created, 1, active))).where(
            a.id >= first, a.id < first + len(accounts)
        )
        conn.execute(_event.insert().from_select(EVENT_COLUMNS, new_ids))
    _add_people(conn, people, merged=False)
    if plan.merges:
        _add_people(conn, _merge(conn, plan.merges, now), merged=True)


def _contacts(
    account_id: int, prospect: Prospect, known: frozenset[str] = frozenset()
) -> list[tuple[Any, ...]]:
    """A person row per contact not already at the account; the first gets the phone."""
    phone = prospect.values.get("phone")
    return [
        (account_id, name, None if i else phone, *CONTACT_DEFAULTS)
        for i, name in enumerate(prospect.contacts)
        if name not in known
    ]


def _merge(conn: Connection, merges: dict[int, Prospect], now: datetime) -> list[tuple[Any, ...]]:
    """Fill the empty fields of existing accounts; return the contacts they do not have yet."""
    a = _account.c
    fill = {f: func.coalesce(func.nullif(a[f], ""), bindparam(f"new_{f}")) for f in INFO}
    statement = (
        update(_account).where(a.id == bindparam("target")).values(**fill, updated_at=bindparam("now"))
    )
    conn.execute(
        statement,
        [
            {"target": account_id, "now": now, **{f"new_{f}": p.values.get(f) for f in INFO}}
            for account_id, p in merges.items()
        ],
    )
    ids = list(merges)
    known: dict[int, set[str]] = {i: set() for i in ids}
    p = _person.c
    for start in range(0, len(ids), IN_CHUNK):
        query = select(p.account_id, p.name).where(p.account_id.in_(ids[start : start + IN_CHUNK]))
        for account_id, name in conn.execute(query):
            known[account_id].add(name)
    return [
        row
        for account_id, prospect in merges.items()
        for row in _contacts(account_id, prospect, frozenset(known[account_id]))
    ]


def _add_people(conn: Connection, people: list[tuple[Any, ...]], merged: bool) -> None:
    """Insert the contacts; accounts that gained people on a merge get their search text
    recomputed (new accounts were written with theirs)."""
    _insert(conn, "person", PERSON_COLUMNS, people)
    if merged:
        reindex(conn, {row[0] for row in people})
