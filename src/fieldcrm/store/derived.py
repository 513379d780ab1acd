"""The account's derived columns, kept current in one place.

``grade`` and ``score`` come from the newest assessment, ``next_step`` and ``next_due`` from
the newest open next step of the contact log, ``last_contact`` from the newest contact, and
``search_text`` from the account's name, industry, address, city, phone and notes and its
people's names and phones (the board search scans one covering index instead of two tables).
Nothing else writes them: a write transaction names the accounts it changed
(:func:`store.session.touch`) and :func:`refresh` runs for them just before it commits. The
bulk writer (store.bulk) computes the columns of the accounts it inserts together with all
their rows with :func:`fill_new`, by the same rules, before the insert; a property test holds
both to a recomputation from the rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import ColumnElement, Connection, bindparam, func, select, true, update

from fieldcrm.domain.names import search_document
from fieldcrm.store.tables import account, activity, assessment, person

CHUNK = 500  # ids per IN (...) list
DERIVED = ("grade", "score", "next_step", "next_due", "last_contact", "search_text")
_FROM_ROWS = frozenset(DERIVED) - {"search_text"}
_NAME_PHONE = itemgetter(1, 2)  # of a person's (id, name, phone)


SEARCHED = ("name", "industry", "address", "city", "notes")  # the account's texts the search finds


def search_text(account: Mapping[Any, Any], people: Iterable[tuple[str, str | None]]) -> str:
    """What the board search matches: the account's texts and phone, its people's names and
    phones (``people``: name and phone pairs), normalised."""
    texts, phones = list(map(account.get, SEARCHED)), [account.get("phone")]
    for name, phone in people:  # once per account of a bulk load: kept to plain appends
        texts.append(name)
        phones.append(phone)
    return search_document(texts, phones)


def refresh(conn: Connection, account_ids: Iterable[int] | None = None) -> None:
    """Recompute every derived column of ``account_ids`` (of all accounts when None)."""
    for chunk in _chunks(account_ids):
        where = true() if chunk is None else account.c.id.in_(chunk)
        conn.execute(update(account).where(where).values(**_from_rows()))
        _search(conn, chunk)


def fill_new(
    accounts: Mapping[int, dict[str, Any]],
    people: Iterable[Mapping[str, Any]],
    activities: Iterable[Mapping[str, Any]],
    assessments: Iterable[Mapping[str, Any]],
) -> None:
    """Set the derived columns of new account rows (by id) from their rows about to be
    inserted with them, by :func:`refresh`'s rules; rows of other accounts are ignored."""
    names: dict[int, list[tuple[int, str, str | None]]] = defaultdict(list)
    for p in people:
        if p["account_id"] in accounts:
            names[p["account_id"]].append((p["id"], p["name"], p.get("phone")))
    newest: dict[int, Mapping[str, Any]] = {}
    for a in assessments:
        best = newest.get(a["account_id"])
        if a["account_id"] in accounts and (
            best is None or (a["created_at"], a["id"]) > (best["created_at"], best["id"])
        ):
            newest[a["account_id"]] = a
    open_step: dict[int, Mapping[str, Any]] = {}
    last: dict[int, Any] = {}
    for c in activities:
        key = c["account_id"]
        if key not in accounts:
            continue
        day, seen = c["occurred_on"], last.get(key)
        if seen is None or day > seen:
            last[key] = day
        if not c["next_done"]:
            best = open_step.get(key)
            if best is None or (day, c["id"]) > (best["occurred_on"], best["id"]):
                open_step[key] = c
    recorded = bool(newest or open_step or last)  # an import's accounts come with no records
    for key, row in accounts.items():
        if not _FROM_ROWS.isdisjoint(row):  # whatever the caller set, the rows decide
            for column in _FROM_ROWS:
                row.pop(column, None)
        if recorded:  # columns left out are NULL, the table's default
            assessed, step, seen = newest.get(key), open_step.get(key), last.get(key)
            if assessed is not None:
                row["grade"], row["score"] = assessed["grade"], assessed["total"]
            if step is not None:
                row["next_step"], row["next_due"] = step["next_step"], step["next_due"]
            if seen is not None:
                row["last_contact"] = seen
        named = names.get(key) or []
        if len(named) > 1:  # in the order refresh reads them (by id); one needs no sort
            named = sorted(named)
        row["search_text"] = search_text(row, map(_NAME_PHONE, named))


def reindex(conn: Connection, account_ids: Iterable[int] | None = None) -> None:
    """Recompute only the search text of ``account_ids`` (all when None), for migrations."""
    for chunk in _chunks(account_ids):
        _search(conn, chunk)


def _chunks(account_ids: Iterable[int] | None) -> Iterator[Sequence[int] | None]:
    if account_ids is None:
        yield None
        return
    yield from in_chunks(account_ids)


def in_chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    """``ids`` (each once, in order) a few hundred at a time, for ``IN (...)`` lists."""
    unique = sorted(set(ids))
    for start in range(0, len(unique), CHUNK):
        yield unique[start : start + CHUNK]


def _from_rows() -> dict[str, ColumnElement[object]]:
    """The SQL columns as correlated subqueries over each account's own rows."""
    mine = assessment.c.account_id == account.c.id
    newest = select().where(mine).order_by(assessment.c.created_at.desc(), assessment.c.id.desc()).limit(1)
    contacts = activity.c.account_id == account.c.id
    open_step = (
        select()
        .where(contacts, activity.c.next_done.is_(False))
        .order_by(activity.c.occurred_on.desc(), activity.c.id.desc())
        .limit(1)
    )
    return {
        "grade": newest.add_columns(assessment.c.grade).scalar_subquery(),
        "score": newest.add_columns(assessment.c.total).scalar_subquery(),
        "next_step": open_step.add_columns(activity.c.next_step).scalar_subquery(),
        "next_due": open_step.add_columns(activity.c.next_due).scalar_subquery(),
        "last_contact": select(func.max(activity.c.occurred_on)).where(contacts).scalar_subquery(),
    }


_ACCOUNT_TEXTS = [account.c[c] for c in (*SEARCHED, "phone")]


def _search(conn: Connection, chunk: Sequence[int] | None) -> None:
    accounts = select(account.c.id, account.c.search_text, *_ACCOUNT_TEXTS)
    people = select(person.c.account_id, person.c.name, person.c.phone).order_by(
        person.c.account_id, person.c.id
    )
    if chunk is not None:
        accounts = accounts.where(account.c.id.in_(chunk))
        people = people.where(person.c.account_id.in_(chunk))
    by_account: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    for account_id, name, phone in conn.execute(people):
        by_account[account_id].append((name, phone))
    rows = []
    for row in conn.execute(accounts).mappings():
        id_, stored = row["id"], row["search_text"]
        text = search_text(row, by_account.get(id_, ()))
        if text != stored:
            rows.append({"key": id_, "text": text})
    if rows:
        conn.execute(
            update(account).where(account.c.id == bindparam("key")).values(search_text=bindparam("text")),
            rows,
        )
