"""Setting up a team server and its members, against a real PostgreSQL."""

from __future__ import annotations

import pytest

from fieldcrm.team.admin import TeamError, add_user, init_team, list_users, remove_user, server_versions
from fieldcrm.team.schema import LATEST, OLDEST_CLIENT

from .conftest import psycopg
from .pg_server import Server


def connect(pg: Server, db: str, user: str, password: str) -> psycopg.Connection:
    return psycopg.connect(pg.url(user=user, password=password, database=db))


@pytest.fixture
def team(pg: Server, team_db: str) -> str:
    """A team initialised by its database's owner, with the manager ``mia``."""
    with connect(pg, team_db, f"{team_db}_owner", pg.password) as owner:
        init_team(owner, "mia", "mia-secret")
    return team_db


def test_init_installs_the_schema_and_the_first_manager(pg: Server, team: str) -> None:
    with connect(pg, team, "mia", "mia-secret") as mia:
        members = list_users(mia)
        versions = server_versions(mia)
    assert [(m.login, m.role, m.lead) for m in members] == [("mia", "manager", None)]
    assert versions == (LATEST, OLDEST_CLIENT[LATEST])


def test_init_refuses_a_database_that_is_not_empty(pg: Server, team: str, team_db: str) -> None:
    with connect(pg, team_db, f"{team_db}_owner", pg.password) as owner, pytest.raises(TeamError) as refused:
        init_team(owner, "max", "x")
    assert refused.value.key == "team.not_empty"


def test_a_manager_adds_a_lead_and_reps_who_log_in_with_their_passwords(pg: Server, team: str) -> None:
    with connect(pg, team, "mia", "mia-secret") as mia:
        add_user(mia, "lou", "lead", None, "lou-secret")
        add_user(mia, "rae", "rep", "lou", "rae-secret")
        add_user(mia, "ray", "rep", None, "ray-secret")
        assert [(m.login, m.role, m.lead) for m in list_users(mia)] == [
            ("mia", "manager", None), ("lou", "lead", None), ("rae", "rep", "lou"), ("ray", "rep", None),
        ]  # fmt: skip
    with connect(pg, team, "lou", "lou-secret") as lou:  # a lead sees their team
        assert [m.login for m in list_users(lou)] == ["lou", "rae"]
    with connect(pg, team, "rae", "rae-secret") as rae:  # a rep sees themselves
        assert [m.login for m in list_users(rae)] == ["rae"]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            add_user(rae, "eve", "manager", None, "eve-secret")  # only a manager adds members


def test_names_roles_and_leads_are_checked(pg: Server, team: str) -> None:
    with connect(pg, team, "mia", "mia-secret") as mia:
        for name, role, lead, key in (
            ("Bob Smith", "rep", None, "team.bad_name"),
            ("bob", "boss", None, "team.bad_role"),
            ("bob", "rep", "Nobody!", "team.bad_name"),
        ):
            with pytest.raises(TeamError) as refused:
                add_user(mia, name, role, lead, "x")
            assert refused.value.key == key
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            add_user(mia, "bob", "rep", "mia", "x")  # mia is no lead
        with pytest.raises(psycopg.errors.DuplicateObject):
            add_user(mia, f"{team}_owner", "rep", None, "x")  # a role not of this team: not ours


def test_a_removed_member_cannot_log_in_and_comes_back_when_added(pg: Server, team: str) -> None:
    with connect(pg, team, "mia", "mia-secret") as mia:
        add_user(mia, "rae", "rep", None, "rae-secret")
        remove_user(mia, "rae")
        assert [(m.login, m.removed_at is not None) for m in list_users(mia)] == [
            ("mia", False),
            ("rae", True),
        ]
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            remove_user(mia, "mia")  # a manager cannot remove themselves
    with pytest.raises(psycopg.OperationalError):
        connect(pg, team, "rae", "rae-secret")
    with connect(pg, team, "mia", "mia-secret") as mia:
        add_user(mia, "rae", "rep", None, "new-secret")
    with connect(pg, team, "rae", "new-secret") as rae:
        assert [m.login for m in list_users(rae)] == ["rae"]
