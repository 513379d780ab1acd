"""Schema versions: ``PRAGMA user_version`` plus numbered steps applied in one transaction.

A new file gets the latest schema at once. An older file is first copied aside with SQLite's
backup API, then stepped up; a file newer than this code is refused and left untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlmodel import SQLModel

from fieldcrm import clock
from fieldcrm.domain.names import name_key
from fieldcrm.store import (
    models,  # registers every table on the metadata
    outbox,
)
from fieldcrm.store.derived import reindex
from fieldcrm.store.engine import set_user_version, writing
from fieldcrm.store.schema_version import LATEST
from fieldcrm.store.sqlite_file import StoreError, backup_to
from fieldcrm.store.sync_tables import SYNCED


def _v2_name_key(conn: Connection) -> None:
    """Add the normalised company name used to find duplicates."""
    conn.execute(text("ALTER TABLE account ADD COLUMN name_key VARCHAR(200) NOT NULL DEFAULT ''"))
    rows = conn.execute(text("SELECT id, name FROM account")).all()
    if rows:
        conn.execute(
            text("UPDATE account SET name_key = :k WHERE id = :id"),
            [{"k": name_key(name), "id": id_} for id_, name in rows],
        )
    conn.execute(text("CREATE INDEX ix_account_name_key ON account (name_key)"))


def _v3_search_text(conn: Connection) -> None:
    """Board search over names and people from one covering index; due dates indexed."""
    conn.execute(text("ALTER TABLE account ADD COLUMN search_text VARCHAR NOT NULL DEFAULT ''"))
    # filled by step 4's reindex, which reads the columns that step adds
    conn.execute(text("DROP INDEX ix_account_board"))
    conn.execute(
        text("CREATE INDEX ix_account_board ON account (status, stage, next_due, name, id, search_text)")
    )
    conn.execute(text("CREATE INDEX ix_account_due ON account (status, next_due)"))


def _v4_next_steps_and_city(conn: Connection) -> None:
    """Next steps get a time of day, an owner and a history; accounts a city; the search finds
    the account's industry, address, city, phone and notes and its people's phones too."""
    conn.execute(text("ALTER TABLE activity ADD COLUMN next_time VARCHAR(5)"))
    conn.execute(text("ALTER TABLE activity ADD COLUMN next_owner VARCHAR"))
    conn.execute(text("ALTER TABLE activity ADD COLUMN followed_by INTEGER"))
    conn.execute(text("ALTER TABLE account ADD COLUMN city VARCHAR(200)"))
    models.NextStepChange.__table__.create(conn)  # type: ignore[attr-defined]
    for index in models.Account.__table__.indexes:  # type: ignore[attr-defined]
        if index.name.startswith("ix_account_sort_"):  # a column's other orders
            index.create(conn)
    reindex(conn)


def _v5_method_in_depth(conn: Connection) -> None:
    """The method in depth: forces over time, stage-4 and stage-5 records, the deal's
    probability and path, pause review dates, contact targets, more roles per person, contact
    durations, counter-plans, and decision-maker reasons held per person. Every person's
    current stance and influence becomes the first row of their history."""
    for table, column in (
        ("account", "deal_probability INTEGER CHECK (deal_probability BETWEEN 0 AND 100)"),
        ("account", "deal_path VARCHAR(2000)"),
        ("account", "review_on DATE"),
        ("account", "contact_days INTEGER CHECK (contact_days BETWEEN 1 AND 365)"),
        ("person", "other_roles VARCHAR(100)"),
        ("person", "counter_plan VARCHAR(2000)"),
        ("activity", "duration_minutes INTEGER CHECK (duration_minutes BETWEEN 1 AND 1440)"),
        ("sim_reason", "person_id INTEGER REFERENCES person (id) ON DELETE SET NULL"),
        ("plan_task", "person_id INTEGER REFERENCES person (id) ON DELETE SET NULL"),
    ):
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column}"))
    for table in ("person_change", "forces_review", "milestone", "material_sent"):
        SQLModel.metadata.tables[table].create(conn)
    conn.execute(
        text(
            'INSERT INTO person_change (account_id, person_id, "on", stance, influence)'
            " SELECT account_id, id, :today, stance, influence FROM person"
        ),
        {"today": clock.today()},
    )


def _v6_global_ids_and_outbox(conn: Connection) -> None:
    """Synced rows get a global id (given when they first leave the laptop); the team link and
    the outbox (its triggers are made when the database joins a team: store.outbox.join)."""
    present = set(inspect(conn).get_table_names())  # a later step makes the later tables
    for table in (t for t in SYNCED if t in present):  # step 5 made some with the column already
        if "uid" not in {c["name"] for c in inspect(conn).get_columns(table)}:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN uid VARCHAR(36)"))
    for table in ("team_link", "outbox"):
        SQLModel.metadata.tables[table].create(conn)


def _v7_owners_and_members(conn: Connection) -> None:
    """Each account's owner (None until a team's server names one: the user's own) in the
    board's covering index, the team's members as the server lists them, and who scored each
    assessment, made each stage change and logged each contact, whom a plan step is given to,
    and the requests to the managers (in team mode)."""
    conn.execute(text("ALTER TABLE account ADD COLUMN owner VARCHAR(63)"))
    for table, column in (
        ("assessment", "assessed_by"),
        ("stage_event", "made_by"),
        ("activity", "made_by"),
        ("plan_task", "assignee"),
    ):
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR(63)"))
    SQLModel.metadata.tables["support_request"].create(conn)
    outbox.refresh(conn)  # a joined database records changes of the new columns too
    conn.execute(text("DROP INDEX ix_account_board"))
    for index in models.Account.__table__.indexes:  # type: ignore[attr-defined]
        if index.name == "ix_account_board":
            index.create(conn)
    SQLModel.metadata.tables["team_member"].create(conn)


STEPS: dict[int, Callable[[Connection], None]] = {
    2: _v2_name_key,
    3: _v3_search_text,
    4: _v4_next_steps_and_city,
    5: _v5_method_in_depth,
    6: _v6_global_ids_and_outbox,
    7: _v7_owners_and_members,
}
assert max(STEPS) == LATEST, "add the step and raise schema_version.LATEST together"


def backup_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.name}.v{version}.bak")


def migrate(engine: Engine, path: Path, version: int) -> int:
    """Bring the file from ``version`` to LATEST; return the version it was at."""
    if version == LATEST:
        return version
    with engine.connect() as probe:
        has_tables = bool(inspect(probe).get_table_names())
    if version == 0 and not has_tables:
        with writing(engine).begin() as conn:
            SQLModel.metadata.create_all(conn)
            set_user_version(conn, LATEST)
        return version
    if version == 0:
        raise StoreError("store.unknown_schema", path=str(path))
    backup_to(path, backup_path(path, version))
    with writing(engine).begin() as conn:
        for step in range(version + 1, LATEST + 1):
            STEPS[step](conn)
        set_user_version(conn, LATEST)
    return version
