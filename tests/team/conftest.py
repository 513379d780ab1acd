"""The team tests run against a real PostgreSQL this suite starts itself (tests/team/pg_server.py).
Without PostgreSQL on the machine they skip with one line; with CI=true they must run."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from .pg_server import Server, binaries, start_server

psycopg = pytest.importorskip("psycopg") if os.environ.get("CI") != "true" else __import__("psycopg")


@pytest.fixture(scope="session")
def pg() -> Iterator[Server]:
    """A private PostgreSQL for the whole session, stopped at the end."""
    if binaries() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true: the team tests need PostgreSQL's initdb and pg_ctl on the machine")
        pytest.skip("no PostgreSQL on this machine (initdb not found): team tests skipped")
    root = Path(tempfile.mkdtemp(prefix="fieldcrm-pg-"))  # not under pytest's root-only folder
    root.chmod(0o711)  # the server's user (nobody, when we are root) passes through, reads nothing
    server = start_server(root / "cluster")
    try:
        yield server
    finally:
        server.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def fresh_database(pg: Server) -> Iterator[str]:
    """An empty database of its own, owned by a non-superuser owner with CREATEROLE (as a
    managed PostgreSQL hands it out); its name. Dropped afterwards, with its members' roles."""
    import secrets

    name = f"team_{secrets.token_hex(4)}"
    with psycopg.connect(pg.url(database="postgres"), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {name}_owner LOGIN CREATEROLE PASSWORD '{pg.password}'")
        admin.execute(f"CREATE DATABASE {name} OWNER {name}_owner")
        admin.execute(f"REVOKE ALL ON DATABASE {name} FROM PUBLIC")
        admin.execute(f"GRANT CONNECT ON DATABASE {name} TO {name}_owner")
    try:
        yield name
    finally:
        with psycopg.connect(pg.url(database=name), autocommit=True) as inside:  # roles are the cluster's
            known = inside.execute("SELECT to_regclass('fieldcrm.member') IS NOT NULL").fetchone()
            members = (
                inside.execute("SELECT login FROM fieldcrm.member").fetchall() if known and known[0] else []
            )
        with psycopg.connect(pg.url(database="postgres"), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
            for (login,) in members:
                admin.execute(f'DROP ROLE IF EXISTS "{login}"')
            admin.execute(f"DROP ROLE IF EXISTS {name}_member")
            admin.execute(f"DROP ROLE {name}_owner")


@pytest.fixture
def team_db(pg: Server) -> Iterator[str]:
    """An empty database of its own for one test."""
    with fresh_database(pg) as name:
        yield name


NOW = datetime(2026, 11, 27, 9, 30)
PASSWORDS = {
    "mia": "mia-secret",
    "lou": "lou-secret",
    "rae": "rae-secret",
    "rob": "rob-secret",
    "ray": "ray-secret",
}


def as_owner(pg: Server, team_db: str) -> psycopg.Connection:
    return psycopg.connect(pg.url(user=f"{team_db}_owner", password=pg.password, database=team_db))


def member(pg: Server, team: str, login: str, *, autocommit: bool = False) -> psycopg.Connection:
    """A member's own connection, as their laptop or a plain SQL client opens it."""
    url = pg.url(user=login, password=PASSWORDS[login], database=team)
    return psycopg.connect(url, autocommit=autocommit)


def set_up_team(pg: Server, team_db: str) -> str:
    """mia (manager), lou (lead) with rae and rob in his team, ray (a rep of no team)."""
    from fieldcrm.team.admin import add_user, init_team

    with as_owner(pg, team_db) as owner:
        init_team(owner, "mia", PASSWORDS["mia"])
        add_user(owner, "lou", "lead", None, PASSWORDS["lou"])
        add_user(owner, "rae", "rep", "lou", PASSWORDS["rae"])
        add_user(owner, "rob", "rep", "lou", PASSWORDS["rob"])
        add_user(owner, "ray", "rep", None, PASSWORDS["ray"])
    return team_db


@pytest.fixture
def team(pg: Server, team_db: str) -> str:
    """The team of set_up_team on the test's own database."""
    return set_up_team(pg, team_db)


@pytest.fixture
def another_laptop(tmp_path: Path) -> Iterator[Engine]:
    """One more empty database (rob's, or mia's)."""
    from fieldcrm.store.db import open_db

    engine = open_db(tmp_path / "another.db")
    yield engine
    engine.dispose()


@pytest.fixture
def laptops(tmp_path: Path) -> Iterator[dict[str, Engine]]:
    """Empty databases on a frozen day: rae's first and second laptop, lou's, ray's."""
    from fieldcrm import clock
    from fieldcrm.store.db import open_db

    clock.freeze(date(2026, 11, 27))
    made = {name: open_db(tmp_path / f"{name}.db") for name in ("rae1", "rae2", "lou", "ray")}
    yield made
    for engine in made.values():
        engine.dispose()
    clock.freeze(None)
