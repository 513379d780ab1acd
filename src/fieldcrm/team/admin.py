"""Setting up the team's server and its members: ``team init``, ``add-user``, ``remove-user``,
``list``. Each is one transaction on a psycopg connection; the rules (who may add whom, who sees
whom) are the server's own (``team.schema``), so a member's plain SQL client cannot get round them.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from fieldcrm.team.schema import CLIENT_VERSION, LATEST, NEEDS_SERVER, OLDEST_CLIENT, ROLES, group_role, steps

if TYPE_CHECKING:
    import psycopg

LOGIN = re.compile(r"[a-z][a-z0-9_]{0,62}")  # a PostgreSQL role name that needs no quoting


class TeamError(Exception):
    """A team command that cannot be done, with a message key and its parameters."""

    def __init__(self, key: str, exit_code: int = 2, **params: object) -> None:
        super().__init__(key)
        self.key, self.exit_code, self.params = key, exit_code, params


@dataclass(frozen=True, slots=True)
class Member:
    login: str
    role: str
    lead: str | None
    added_at: datetime
    removed_at: datetime | None


def checked_login(name: str) -> str:
    """A user's name as their login role: lower-case letters, digits and _, from a letter."""
    if not LOGIN.fullmatch(name):
        raise TeamError("team.bad_name", name=name)
    return name


def new_password() -> str:
    """A password for a new member, printed once."""
    return secrets.token_urlsafe(18)


def init_team(conn: psycopg.Connection[tuple[object, ...]], manager: str, password: str) -> None:
    """Install the schema on an empty database, as its owner, and add the first manager."""
    checked_login(manager)
    with conn.transaction():
        taken = conn.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
        ).fetchone()
        schema = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'fieldcrm'").fetchone()
        if schema is not None or (taken is not None and taken[0]):
            raise TeamError("team.not_empty")
        database = conn.execute("SELECT current_database()").fetchone()
        assert database is not None
        _run_steps(conn, 0, LATEST)
        conn.execute(f'GRANT CONNECT ON DATABASE "{database[0]}" TO {group_role(str(database[0]))}'.encode())
        conn.execute("SELECT fieldcrm.add_member(%s, %s, 'manager', NULL)", (manager, password))


def _run_steps(conn: psycopg.Connection[tuple[object, ...]], done: int, upto: int) -> None:
    """Steps after ``done`` up to ``upto``, and the versions they leave, in the caller's transaction."""
    database = conn.execute("SELECT current_database()").fetchone()
    assert database is not None
    for number, sql in sorted(steps(group_role(str(database[0]))).items()):
        if done < number <= upto:
            conn.execute(sql.encode())
    conn.execute(
        "INSERT INTO fieldcrm.meta (key, value) VALUES ('schema_version', %s), ('oldest_client', %s)"
        " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        (str(upto), str(OLDEST_CLIENT[upto])),
    )


def server_versions(conn: psycopg.Connection[tuple[object, ...]]) -> tuple[int, int]:
    """The server's schema version and the oldest client it accepts."""
    found = conn.execute(
        "SELECT key, value FROM fieldcrm.meta WHERE key IN ('schema_version', 'oldest_client')"
    )
    rows = {str(key): value for key, value in found.fetchall()}
    return int(str(rows.get("schema_version", 1))), int(str(rows.get("oldest_client", 1)))


def check_versions(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """Refuse to talk to a server this client is too old for, or that is too old for it."""
    schema, oldest = server_versions(conn)
    if oldest > CLIENT_VERSION:
        raise TeamError("team.client_too_old", exit_code=1)
    if schema < NEEDS_SERVER:
        raise TeamError("team.server_too_old", exit_code=1, version=schema)


def upgrade_team(conn: psycopg.Connection[tuple[object, ...]]) -> tuple[int, int]:
    """Move the server's schema to this client's latest step, as the database's owner (who ran
    ``team init``): its steps change tables and functions, which only the owner may. Returns the
    version before and after."""
    with conn.transaction():
        owner = conn.execute(
            "SELECT pg_has_role(session_user, nspowner, 'MEMBER')"
            " FROM pg_namespace WHERE nspname = 'fieldcrm'"
        ).fetchone()
        if owner is None:
            raise TeamError("team.no_team_here")
        if not owner[0]:
            raise TeamError("team.upgrade_owner", exit_code=1)
        conn.execute("LOCK TABLE fieldcrm.meta IN EXCLUSIVE MODE")  # two upgrades at once: one waits
        before, _ = server_versions(conn)
        if before < LATEST:
            _run_steps(conn, before, LATEST)
    return before, max(before, LATEST)


def add_user(
    conn: psycopg.Connection[tuple[object, ...]], name: str, role: str, lead: str | None, password: str
) -> None:
    """A new member with a login role (or a former one back), as a manager or the owner."""
    checked_login(name)
    if role not in ROLES:
        raise TeamError("team.bad_role", role=role)
    if lead is not None:
        checked_login(lead)
    with conn.transaction():
        conn.execute("SELECT fieldcrm.add_member(%s, %s, %s, %s)", (name, password, role, lead))


def remove_user(conn: psycopg.Connection[tuple[object, ...]], name: str) -> None:
    """The member can no longer log in; what they wrote stays, attributed to them."""
    checked_login(name)
    with conn.transaction():
        conn.execute("SELECT fieldcrm.remove_member(%s)", (name,))


def list_users(conn: psycopg.Connection[tuple[object, ...]]) -> list[Member]:
    """The members the connected user may see (a manager: all; a lead: their team)."""
    with conn.transaction():
        rows = conn.execute(
            "SELECT login, role, lead, added_at, removed_at FROM fieldcrm.member ORDER BY"
            " removed_at IS NOT NULL, CASE role WHEN 'manager' THEN 0 WHEN 'lead' THEN 1 ELSE 2 END, login"
        ).fetchall()
    return [Member(str(a), str(b), None if c is None else str(c), d, e) for a, b, c, d, e in rows]  # type: ignore[arg-type]


def set_team_setting(conn: psycopg.Connection[tuple[object, ...]], key: str, value: bool | int) -> None:
    """One of the team's own settings, as a manager (the server checks the role and the value)."""
    import json

    with conn.transaction():
        conn.execute("SELECT fieldcrm.set_team_setting(%s, %s)", (key, json.dumps(value)))


def team_settings(conn: psycopg.Connection[tuple[object, ...]]) -> dict[str, object]:
    """The team's own settings (``team.*``) as the server holds them."""
    with conn.transaction():
        found = conn.execute("SELECT key, value FROM fieldcrm.setting WHERE key LIKE 'team.%%'").fetchall()
    return {str(key): value for key, value in found}
