"""This laptop's link to the team's server, and the outbox of changes waiting to be sent.

Both stay on the laptop. The outbox is filled by triggers (store.outbox) in the transaction
that made each change, and only once the database has joined a team: on a laptop used alone
nothing is recorded.
"""

from __future__ import annotations

from pydantic import NaiveDatetime
from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel


class TeamLink(SQLModel, table=True):
    """The team this database has joined (one row at most)."""

    __tablename__ = "team_link"
    __table_args__ = (CheckConstraint("id = 1", name="ck_team_link_one"),)

    id: int = Field(default=1, primary_key=True)
    server: str = Field(max_length=2000)  # a libpq URL or service name, with no password
    login: str = Field(max_length=63)
    node: str = Field(max_length=36)  # this replica, in every stamp it makes
    joined_at: NaiveDatetime
    last_sync: NaiveDatetime | None = None
    clock: str | None = Field(default=None, max_length=100)  # the last stamp made or seen
    pulled: str | None = Field(default=None, max_length=4000)  # the server's snapshot at the last read


class TeamMember(SQLModel, table=True):
    """A member of the team this laptop's user may see (the server's list at the last sync):
    whose accounts the board's views show and who an account can be handed to."""

    __tablename__ = "team_member"
    __table_args__ = (CheckConstraint("role IN ('rep', 'lead', 'manager')", name="ck_team_member_role"),)

    login: str = Field(primary_key=True, max_length=63)
    role: str = Field(max_length=10)
    lead: str | None = Field(default=None, max_length=63)


class Outbox(SQLModel, table=True):
    """A change of a synced row: the table, the row, its global id (once it has one), what
    happened, and which fields an update changed (comma separated)."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint("op IN ('insert', 'update', 'delete')", name="ck_outbox_op"),
        Index("ix_outbox_row", "tbl", "row_id"),
    )

    seq: int | None = Field(default=None, primary_key=True)
    tbl: str = Field(max_length=40)
    row_id: int
    uid: str | None = Field(default=None, max_length=36)
    op: str = Field(max_length=6)
    fields: str | None = None
    at: str = Field(max_length=30)  # when, as SQLite's clock had it (ISO, milliseconds)
