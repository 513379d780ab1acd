"""Every local table is either synced with a merge rule or local-only with a reason."""

from __future__ import annotations

from sqlmodel import SQLModel

import fieldcrm.store.models  # noqa: F401  # registers every table
from fieldcrm.store.derived import DERIVED
from fieldcrm.store.sync_tables import DERIVED_COLUMNS, LOCAL_ONLY, SYNCED


def test_every_table_is_synced_or_local_only() -> None:
    tables = set(SQLModel.metadata.tables)
    assert not set(SYNCED) & set(LOCAL_ONLY)
    unclassified = tables - set(SYNCED) - set(LOCAL_ONLY)
    assert not unclassified, (
        f"say whether these sync, and how they merge (store/sync_tables.py): {unclassified}"
    )
    assert set(SYNCED) | set(LOCAL_ONLY) <= tables  # nothing classified that does not exist
    assert all(reason.strip() for reason in LOCAL_ONLY.values())


def test_derived_columns_are_never_sent() -> None:
    assert set(DERIVED) <= set(DERIVED_COLUMNS["account"])
    columns = SQLModel.metadata.tables["account"].columns
    assert set(DERIVED_COLUMNS["account"]) <= {c.name for c in columns}
