"""Global ids given to a laptop's rows when they first leave it: version-7 UUIDs of that
moment, every one different."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Engine, text

from fieldcrm.demo.generate import write_demo
from fieldcrm.domain.ids import time_of
from fieldcrm.store.engine import writing
from fieldcrm.store.sync_tables import SYNCED
from fieldcrm.store.upload import give_ids

MS = int(datetime(2026, 11, 27, 9, 30).timestamp() * 1000)


def test_every_synced_row_gets_a_version_7_id_of_the_moment(engine: Engine) -> None:
    write_demo(engine, accounts=20, seed=7, lang="en", force=False)
    with writing(engine).begin() as conn:
        given = give_ids(conn, MS)
        again = give_ids(conn, MS + 1)  # rows that have one keep it
        ids = [u for table in SYNCED for u in conn.execute(text(f"SELECT uid FROM {table}")).scalars()]
    assert given == len(ids) > 500 and again == 0
    parsed = [uuid.UUID(u) for u in ids]
    assert all(str(p) == u for p, u in zip(parsed, ids, strict=True))  # canonical, lower case
    assert {p.version for p in parsed} == {7} and {p.variant for p in parsed} == {uuid.RFC_4122}
    assert {time_of(p) for p in parsed} == {MS}
    assert len(set(ids)) == len(ids)
