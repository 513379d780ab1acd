"""Key-value settings stored in the database (weights, thresholds, stall limits)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from fieldcrm.store.models.common import global_id


class Setting(SQLModel, table=True):
    __tablename__ = "setting"

    key: str = Field(primary_key=True, max_length=100)
    uid: str | None = global_id()
    value: str = Field(max_length=2000)  # JSON text
