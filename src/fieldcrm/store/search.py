"""The board search column: an account's name and its people's names, normalised.

Kept current by every write that changes an account's name or its people (in the same
transaction), so a search scans one covering index instead of two tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Connection, bindparam, select, update

from fieldcrm.domain.names import search_key
from fieldcrm.store.tables import account, person

CHUNK = 500


def search_text(name: str, people: Iterable[str]) -> str:
    return search_key(" ".join([name, *people]))


def reindex(conn: Connection, account_ids: Iterable[int] | None = None) -> None:
    """Recompute the search text of ``account_ids`` (all accounts when None)."""
    ids = None if account_ids is None else sorted(set(account_ids))
    if ids == []:
        return
    chunks = [None] if ids is None else [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    for chunk in chunks:
        names = select(account.c.id, account.c.name)
        people = select(person.c.account_id, person.c.name).order_by(person.c.account_id, person.c.id)
        if chunk is not None:
            names = names.where(account.c.id.in_(chunk))
            people = people.where(person.c.account_id.in_(chunk))
        by_account: dict[int, list[str]] = defaultdict(list)
        for account_id, name in conn.execute(people):
            by_account[account_id].append(name)
        rows = [
            {"key": id_, "text": search_text(name, by_account.get(id_, ()))}
            for id_, name in conn.execute(names)
        ]
        if rows:
            conn.execute(
                update(account).where(account.c.id == bindparam("key")).values(search_text=bindparam("text")),
                rows,
            )
