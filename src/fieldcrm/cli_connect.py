"""Connecting to the team's server as libpq does: a URL (``postgresql://user@host/db?sslmode=...``)
or a service name; the password from ``~/.pgpass``, PGPASSWORD or the URL, and asked for at the
terminal when none is found. fieldcrm never stores a password."""

from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING, Any

from fieldcrm.i18n import t

if TYPE_CHECKING:
    import psycopg

UNREACHABLE = 3  # the exit code when the server cannot be reached
CONNECT_SECONDS = 10


def connect(psycopg: Any, url: str) -> psycopg.Connection[tuple[object, ...]]:
    """Connect as libpq would; asked for the password at a terminal when the server wants one
    and none was found."""
    try:
        return psycopg.connect(url, connect_timeout=CONNECT_SECONDS)  # type: ignore[no-any-return]
    except psycopg.OperationalError as exc:
        if "password" not in str(exc).lower() or not sys.stdin.isatty():
            raise
    secret = getpass.getpass(t("team.password_prompt"))
    return psycopg.connect(url, password=secret, connect_timeout=CONNECT_SECONDS)  # type: ignore[no-any-return]


def first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
