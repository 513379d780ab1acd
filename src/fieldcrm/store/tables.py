"""Lightweight SQLAlchemy Core views of the tables that start-up reads.

The board's first paint must not wait for SQLModel and pydantic to import, so the hot read
paths use these ``table()`` constructs; a test checks they match the SQLModel tables.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, String, column, table

account = table(
    "account",
    column("id", Integer),
    column("name", String),
    column("name_key", String),
    column("industry", String),
    column("phone", String),
    column("address", String),
    column("city", String),
    column("notes", String),
    column("stage", Integer),
    column("status", String),
    column("status_reason", String),
    column("grade", String),
    column("score", Float),
    column("next_step", String),
    column("next_due", Date),
    column("last_contact", Date),
    column("stage_since", DateTime),
    column("updated_at", DateTime),
    column("search_text", String),
    column("owner", String),
)

person = table(
    "person",
    column("id", Integer),
    column("account_id", Integer),
    column("name", String),
    column("phone", String),
)

activity = table(
    "activity",
    column("id", Integer),
    column("account_id", Integer),
    column("occurred_on", Date),
    column("influence", Integer),
    column("persistence_days", Integer),
    column("next_step", String),
    column("next_due", Date),
    column("next_time", String),
    column("next_owner", String),
    column("next_done", Boolean),
)

assessment = table(
    "assessment",
    column("id", Integer),
    column("account_id", Integer),
    column("created_at", DateTime),
    column("total", Float),
    column("value", Float),
    column("difficulty", Float),
    column("grade", String),
)

plan_task = table(
    "plan_task",
    column("id", Integer),
    column("account_id", Integer),
    column("done", Boolean),
)

stage_event = table(
    "stage_event",
    column("id", Integer),
    column("account_id", Integer),
    column("at", DateTime),
    column("kind", String),
    column("to_stage", Integer),
    column("to_status", String),
)
