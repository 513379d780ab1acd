"""Board queries: counts per stage in one GROUP BY, and one page of cards at a time.

The board never loads every account: each column asks for the rows its viewport shows. The
queries are SQL text run by a reader (store.reader, the standard library's sqlite3), so the
first frame needs no SQLAlchemy; their orders and conditions are the ones the account table's
indexes hold (store.models.account).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fieldcrm.domain.closeness import Contact, closeness
from fieldcrm.domain.names import search_key, search_query
from fieldcrm.domain.stages import STAGE_NUMBERS, Status
from fieldcrm.store.reader import DriverSQL, Reader, fetch
from fieldcrm.store.sort_keys import GRADE_KEY, MISSING_SCORE, SCORE_KEY
from fieldcrm.store.sqlite_file import read_date, read_datetime, sql_date, sql_datetime

CLOSENESS_WINDOW_DAYS = 365
SORTS = ("due", "days", "grade", "score", "name")  # how a column can be ordered; due first


@dataclass(frozen=True, slots=True)
class BoardFilter:
    """What the board shows: a status view plus optional narrowing."""

    statuses: tuple[str, ...] = (Status.ACTIVE.value,)
    grades: tuple[str, ...] = ()  # "" stands for ungraded
    overdue: bool = False
    stalled_days: int | None = None  # no contact for this many days (or never)
    search: str = ""
    industry: str = ""  # the account's industry, city, as typed (case and width ignored)
    city: str = ""
    owners: tuple[str, ...] | None = None  # whose accounts (team logins; "" the user's own); None: all

    @property
    def active(self) -> bool:
        """True when anything narrows the default view."""
        return self != BoardFilter()


@dataclass(frozen=True, slots=True)
class Card:
    id: int
    name: str
    stage: int
    status: str
    grade: str | None
    score: float | None
    next_step: str | None
    next_due: date | None
    last_contact: date | None
    stage_since: datetime
    plan_total: int = 0  # development-plan steps, and how many of them are done
    plan_done: int = 0
    status_reason: str | None = None  # why it was terminated or lost
    value: float | None = None  # the newest assessment's value and difficulty: why the grade
    difficulty: float | None = None
    owner: str | None = None  # the team member whose account it is (None: the user's own)
    closeness: int | None = None

    @property
    def closed(self) -> bool:
        """Won, lost or terminated: no longer worked, so no days in stage or overdue steps."""
        return Status(self.status).is_closed

    @property
    def needs_plan(self) -> bool:
        """Grade A means all-out with a development plan: an A account without one is flagged."""
        return self.grade == "A" and self.plan_total == 0

    def days_in_stage(self, today: date) -> int:
        return max(0, (today - self.stage_since.date()).days)


class Where:
    """A WHERE clause of the account table and its ``?`` parameters, built a condition at a time."""

    def __init__(self) -> None:
        self.conditions: list[str] = []
        self.params: list[Any] = []

    def add(self, condition: str, *params: Any) -> Where:
        self.conditions.append(condition)
        self.params.extend(params)
        return self

    def sql(self) -> str:
        return " AND ".join(self.conditions) or "1"


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


def _where(f: BoardFilter, today: date) -> Where:
    where = Where().add(f"account.status IN ({_marks(f.statuses)})", *f.statuses)
    if f.grades:
        named = [g for g in f.grades if g]
        either = [f"account.grade IN ({_marks(named)})"] if named else []
        if "" in f.grades:
            either.append("account.grade IS NULL")
        where.add("(" + " OR ".join(either) + ")", *named)
    if f.overdue:
        where.add("account.next_due < ?", sql_date(today))
    if f.stalled_days is not None:
        cutoff = today - timedelta(days=f.stalled_days)
        where.add("(account.last_contact IS NULL OR account.last_contact < ?)", sql_date(cutoff))
    if f.owners is not None:
        named = [o for o in f.owners if o]
        mine = " OR account.owner IS NULL" if "" in f.owners else ""  # "": the user's own, unsent
        where.add(f"(account.owner IN ({_marks(named)}){mine})", *named)
    for column, wanted in (("industry", f.industry), ("city", f.city)):
        if wanted.strip():
            where.add(f"lower(account.{column}) = ?", search_key(wanted.strip()))
    text = search_query(f.search)
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.add("account.search_text LIKE ? ESCAPE '\\'", pattern)
    return where


def stage_counts(reader: Reader, f: BoardFilter, today: date) -> dict[int, int]:
    """Accounts per stage 1-5 under the filter, in one GROUP BY."""
    where = _where(f, today)
    sql = f"SELECT account.stage, count(*) FROM account WHERE {where.sql()} GROUP BY account.stage"
    counts: dict[int, int] = dict(reader.rows(sql, where.params))
    return {stage: counts.get(stage, 0) for stage in STAGE_NUMBERS}


def stage_count(reader: Reader, f: BoardFilter, today: date, stage: int) -> int:
    """Accounts in ``stage`` under the filter: a part of :func:`stage_counts`, which several
    connections can count at once."""
    where = _where(f, today)
    sql = f"SELECT count(*) FROM account WHERE account.stage = ? AND {where.sql()}"
    return int(reader.rows(sql, [stage, *where.params])[0][0])


_NEWEST = (
    "(SELECT assessment.{} FROM assessment WHERE assessment.account_id = account.id"
    " ORDER BY assessment.created_at DESC, assessment.id DESC LIMIT 1)"
)
_CARDS = f"""SELECT account.id, account.name, account.stage, account.status, account.grade,
 account.score, account.next_step, account.next_due, account.last_contact, account.stage_since,
 (SELECT count(*) FROM plan_task WHERE plan_task.account_id = account.id),
 (SELECT count(*) FROM plan_task WHERE plan_task.account_id = account.id AND plan_task.done IS 1),
 account.status_reason, {_NEWEST.format("value")}, {_NEWEST.format("difficulty")}, account.owner
 FROM account"""


def _card(row: Sequence[Any]) -> Card:
    """A card from a row of ``_CARDS``: next due, last contact and stage since, held as text
    by SQLite, as dates."""
    values = list(row)
    values[7:10] = read_date(row[7]), read_date(row[8]), read_datetime(row[9])
    return Card(*values)


def card_order(card: Card, sort: str = "due") -> tuple[Any, ...]:
    """A card's place in its column, as ``cards`` orders them under ``sort`` (SQLite puts
    NULL first)."""
    if sort == "due":
        return (card.next_due is not None, card.next_due or date.min, card.name, card.id)
    return tuple(_python_keys(card, sort))


def _python_keys(card: Card, sort: str) -> list[Any]:
    score = MISSING_SCORE if card.score is None else -card.score
    keys: dict[str, list[Any]] = {
        "days": [card.stage_since],
        "grade": [card.grade or "Z", score],
        "score": [score],
        "name": [],
    }
    return [*keys[sort], card.name, card.id]


def _sort_keys(sort: str) -> list[str]:
    """The SQL of :func:`card_order` for every order but due: ascending and never NULL, each
    as its index has it (store.models.account: SCORE_KEY, GRADE_KEY)."""
    keys = {
        "days": ["account.stage_since"],
        "grade": [GRADE_KEY, SCORE_KEY],
        "score": [SCORE_KEY],
        "name": [],
    }
    return [*keys[sort], "account.name", "account.id"]


def cards(
    reader: Reader, stage: int, offset: int, limit: int, f: BoardFilter, today: date, sort: str = "due"
) -> list[Card]:
    """One page of a column in ``sort`` order: by default the most pressing next step first
    (no next step at all leads); else longest in stage, best grade, highest score or name."""
    order = ["account.next_due", "account.name", "account.id"] if sort == "due" else _sort_keys(sort)
    where = _where(f, today)
    sql = f"{_CARDS} WHERE account.stage = ? AND {where.sql()} ORDER BY {', '.join(order)} LIMIT ? OFFSET ?"
    return [_card(row) for row in reader.rows(sql, [stage, *where.params, limit, offset])]


def closeness_by_account(reader: Reader, ids: list[int], today: date) -> dict[int, int]:
    """Closeness of each account from its contacts of the past year (domain.closeness)."""
    if not ids:
        return {}
    since = today - timedelta(days=CLOSENESS_WINDOW_DAYS)
    sql = (
        "SELECT account_id, occurred_on, influence, persistence_days FROM activity"
        f" WHERE account_id IN ({_marks(ids)}) AND occurred_on >= ?"
    )
    contacts: dict[int, list[Contact]] = defaultdict(list)
    for account_id, on, influence, persistence in reader.rows(sql, [*ids, sql_date(since)]):
        contacts[account_id].append(Contact(date.fromisoformat(on), influence, persistence))
    return {i: closeness(contacts.get(i, ()), today) for i in ids}


def card(reader: Reader, account_id: int) -> Card | None:
    with reader.connection() as conn:
        return card_in(conn, account_id)


def card_in(conn: sqlite3.Connection | DriverSQL, account_id: int) -> Card | None:
    """The account's card, read on ``conn``: a reader's, or the engine's inside the
    transaction that changed it."""
    rows = fetch(conn, f"{_CARDS} WHERE account.id = ?", (account_id,))
    return _card(rows[0]) if rows else None


def position_of(reader: Reader, card: Card, f: BoardFilter, today: date, sort: str = "due") -> int:
    """Index of ``card`` within its column under the filter and ``sort``."""
    sql, params = position_query(card, f, today, sort)
    return int(reader.rows(sql, params)[0][0])


def position_query(card: Card, f: BoardFilter, today: date, sort: str = "due") -> tuple[str, list[Any]]:
    """The SQL of :func:`position_of`: the cards before ``card``, counted within its stage.

    The count is a sum, one count for each key of the order: the cards whose keys before it
    equal the card's and whose key there is less (under the due order, the cards with no
    next step come first, counted apart). Each is a range of the order's index
    (store.models.account), so the count reads only the cards before the card. A row value
    compared whole, ``(k1, k2, …) < (?, ?, …)``, is not matched to an index of expressions
    (grade, score): SQLite counted the whole stage through another index, looking each row's
    grade up in the table (0.7 s for a stage of 270,000 cards).
    """
    where = _where(f, today).add("account.stage = ?", card.stage)
    parts: list[tuple[str, list[Any]]] = []
    if sort != "due":
        keys = _sort_keys(sort)
        values = [sql_datetime(v) if isinstance(v, datetime) else v for v in _python_keys(card, sort)]
    elif card.next_due is None:
        where.add("account.next_due IS NULL")
        keys, values = ["account.name", "account.id"], [card.name, card.id]
    else:
        parts.append(("account.next_due IS NULL", []))
        keys = ["account.next_due", "account.name", "account.id"]
        values = [sql_date(card.next_due), card.name, card.id]
    for n, key in enumerate(keys):
        parts.append((" AND ".join([*(f"{k} = ?" for k in keys[:n]), f"{key} < ?"]), values[: n + 1]))
    counts = [f"(SELECT count(*) FROM account WHERE {where.sql()} AND {before})" for before, _ in parts]
    return "SELECT " + " + ".join(counts), [v for _, values in parts for v in (*where.params, *values)]


def overdue_count(reader: Reader, today: date) -> int:
    """Active accounts whose next step is past due."""
    sql = "SELECT count(*) FROM account WHERE account.status = ? AND account.next_due < ?"
    return int(reader.rows(sql, [Status.ACTIVE.value, sql_date(today)])[0][0])
