"""``fieldcrm team`` on the command line, against the suite's PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fieldcrm.cli import main

from .pg_server import Server


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def team_and_laptop(
    pg: Server, team_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], accounts: int
) -> Path:
    """A team set up by its owner with the manager mia (password mia-secret), and a laptop's
    database with ``accounts`` demo accounts."""
    owner = pg.url(user=f"{team_db}_owner", password=pg.password, database=team_db)
    secret = tmp_path / "pw.txt"
    secret.write_text("mia-secret\n")
    assert run(capsys, "team", "init", owner, "--manager", "mia", "--password-file", str(secret))[0] == 0
    db = tmp_path / "crm.db"
    assert run(capsys, "--db", str(db), "demo", "--accounts", str(accounts))[0] == 0
    return db


def test_init_add_list_remove(
    pg: Server, team_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "mia.txt"
    secret.write_text("mia-secret\n")
    owner = pg.url(user=f"{team_db}_owner", password=pg.password, database=team_db)
    code, out, _ = run(capsys, "team", "init", owner, "--manager", "mia", "--password-file", str(secret))
    assert code == 0 and out == "The team server is set up; mia is its first manager.\n"
    mia = pg.url(user="mia", password="mia-secret", database=team_db)
    code, out, _ = run(capsys, "team", "add-user", "rae", "--role", "rep", "--server", mia)
    assert code == 0 and out.startswith("rae is a member, as rep.\nPassword of rae, shown this once")
    password = re.search(r": (\S+)$", out.strip()).group(1)
    rae = pg.url(user="rae", password=password, database=team_db)
    code, out, _ = run(capsys, "team", "list", "--server", rae)  # the printed password works
    assert (code, out) == (0, "rae  rep  active\n")
    code, _, err = run(capsys, "team", "add-user", "eve", "--role", "manager", "--server", rae)
    assert (code, err) == (1, "fieldcrm: the team server refused: fieldcrm: only a manager adds members\n")
    code, out, _ = run(capsys, "team", "remove-user", "rae", "--server", mia)
    assert (code, out) == (0, "rae can no longer log in; what they wrote stays.\n")
    code, out, _ = run(capsys, "--lang", "zh", "team", "list", "--server", mia)
    assert (code, out) == (0, "mia  经理  在职\nrae  业务员  已移除\n")


def test_bad_input_and_an_unreachable_server(
    pg: Server, team_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    owner = pg.url(user=f"{team_db}_owner", password=pg.password, database=team_db)
    code, _, err = run(capsys, "team", "init", owner, "--manager", "Mia Wong")
    assert code == 2 and "cannot be a member's name" in err
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")
    code, _, err = run(capsys, "team", "init", owner, "--manager", "mia", "--password-file", str(empty))
    assert code == 2 and "is empty" in err
    nowhere = f"postgresql://mia@/{team_db}?host={tmp_path}"  # no server listens there
    code, out, err = run(capsys, "team", "list", "--server", nowhere)
    assert (code, out) == (3, "") and err.startswith("fieldcrm: the team server cannot be reached:")
    assert err.count("\n") == 1


def test_join_and_status(
    pg: Server,
    team_db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = team_and_laptop(pg, team_db, tmp_path, capsys, accounts=5)
    code, out, _ = run(capsys, "team", "status", "--db", str(db))
    assert (code, out) == (1, "This database has not joined a team: it is used on this laptop alone.\n")
    mia = pg.url(user="mia", password="mia-secret", database=team_db)
    code, out, err = run(capsys, "team", "join", mia, "--db", str(db))
    assert code == 0, err
    assert out == "Joined as mia (manager): 5 accounts sent, with their people and history.\n"
    code, out, _ = run(capsys, "team", "join", mia, "--db", str(db))
    assert code == 2
    code, out, _ = run(capsys, "team", "status", "--db", str(db))
    lines = out.splitlines()
    assert "mia-secret" not in out  # the password is never kept
    assert lines[0].startswith("Server: ") and lines[0].endswith("· member: mia")
    assert lines[1].startswith("Last sync: 20") and lines[1].endswith("changes waiting: 0")
    # the server kept in the link has no password: here, with none in ~/.pgpass, it cannot log in
    assert code == 3 and lines[2].startswith("Offline: ")
    monkeypatch.setenv("PGPASSWORD", "mia-secret")  # as libpq takes it, like ~/.pgpass
    code, out, _ = run(capsys, "team", "status", "--db", str(db))
    assert (code, out.splitlines()[2]) == (0, "Role on the server: manager")


def test_sync_sends_and_receives_and_an_unreachable_server_changes_nothing(
    pg: Server,
    team_db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sqlalchemy import text

    from fieldcrm.store.db import open_db

    db = team_and_laptop(pg, team_db, tmp_path, capsys, accounts=3)
    monkeypatch.setenv("PGPASSWORD", "mia-secret")
    mia = pg.url(user="mia", database=team_db)
    assert run(capsys, "team", "join", mia, "--db", str(db))[0] == 0
    code, out, _ = run(capsys, "sync", "--db", str(db))
    assert (code, out) == (0, "Sent 0 changes and 0 deletions; received 0 rows and 0 deletions.\n")
    engine = open_db(db)
    with engine.begin() as conn:
        conn.execute(text("UPDATE account SET city = 'Ningbo' WHERE id = 1"))  # a change waits
        conn.execute(text("UPDATE team_link SET server = :s"), {"s": f"host={tmp_path} dbname=nowhere"})
    code, out, err = run(capsys, "sync", "--db", str(db))
    assert (code, out) == (3, "") and err.startswith("fieldcrm: the team server cannot be reached:")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM outbox")).scalar_one() == 1  # still waiting
    engine.dispose()
    code, out, err = run(capsys, "sync", "--db", str(tmp_path / "alone.db"))
    assert code == 2 and "has not joined a team" in err


def test_join_and_sync_in_a_fresh_process(pg: Server, team_db: str, tmp_path: Path) -> None:
    """As a user runs them: each command a new process, loading only what it needs."""
    import os
    import subprocess
    import sys

    owner = pg.url(user=f"{team_db}_owner", password=pg.password, database=team_db)
    secret = tmp_path / "pw.txt"
    secret.write_text("mia-secret\n")
    db = str(tmp_path / "crm.db")
    env = {**os.environ, "PGPASSWORD": "mia-secret"}
    mia = pg.url(user="mia", database=team_db)
    for argv in (
        ["team", "init", owner, "--manager", "mia", "--password-file", str(secret)],
        ["--db", db, "demo", "--accounts", "4"],
        ["team", "join", mia, "--db", db],
        ["sync", "--db", db],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "fieldcrm", "--lang", "en", *argv],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, (argv, done.stderr)
    assert done.stdout == "Sent 0 changes and 0 deletions; received 0 rows and 0 deletions.\n"
