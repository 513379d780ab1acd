"""``fieldcrm team`` on the command line, against the suite's PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import text

from fieldcrm.cli import main
from fieldcrm.store.db import open_db

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


def joined_laptop(
    pg: Server,
    team_db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    accounts: int,
) -> Path:
    """team_and_laptop, the laptop joined as mia (her password from PGPASSWORD, as from
    ~/.pgpass)."""
    db = team_and_laptop(pg, team_db, tmp_path, capsys, accounts=accounts)
    monkeypatch.setenv("PGPASSWORD", "mia-secret")
    assert run(capsys, "team", "join", pg.url(user="mia", database=team_db), "--db", str(db))[0] == 0
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
    db = joined_laptop(pg, team_db, tmp_path, capsys, monkeypatch, accounts=3)
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


def test_conflicts_listed_and_restored(
    pg: Server,
    team_db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = joined_laptop(pg, team_db, tmp_path, capsys, monkeypatch, accounts=2)
    mia = pg.url(user="mia", database=team_db)
    other = tmp_path / "second.db"
    assert run(capsys, "team", "join", mia, "--db", str(other))[0] == 0  # mia's second laptop
    code, out, _ = run(capsys, "team", "conflicts", "--db", str(db))
    assert (code, out) == (0, "No conflicts: no value was lost to another's later edit.\n")
    for path, city in ((db, "Ningbo\x1b]2;pwned\x07"), (other, "Wuxi")):  # each edits offline
        engine = open_db(path)
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE account SET city = :c WHERE name = (SELECT min(name) FROM account)"), {"c": city}
            )
        engine.dispose()
    code, _, err = run(capsys, "sync", "--db", str(db))
    assert code == 0, err
    code, out, _ = run(capsys, "sync", "--db", str(other))
    assert code == 0 and out.splitlines()[1].startswith("1 fields had been changed on both sides")
    code, out, _ = run(capsys, "team", "conflicts", "--db", str(db))
    shown = r'#(\d+)  .+  account\.city: "Ningbo␛\]2;pwned␇" by mia lost to mia\'s later edit'
    assert code == 0 and re.fullmatch(shown + r" \(\d{4}-\d\d-\d\d \d\d:\d\d\)\n", out)  # shown, never sent
    number = re.match(r"#(\d+)", out).group(1)
    code, out, _ = run(capsys, "team", "status", "--db", str(db))
    assert out.splitlines()[-2:] == [
        "Conflicts of yours kept on the server: 1 (fieldcrm team conflicts lists them)",
        "Team settings: personal fields reach the server: yes · longest time offline: 180 days",
    ]
    code, out, _ = run(capsys, "team", "restore", number, "--db", str(db))
    assert code == 0 and out.startswith(f"Conflict #{number} restored")
    code, out, err = run(capsys, "team", "restore", number, "--db", str(db))
    assert code == 1 and "restored already" in err
    run(capsys, "sync", "--db", str(other))
    engine = open_db(other)
    with engine.connect() as conn:
        assert "Ningbo\x1b]2;pwned\x07" in conn.execute(text("SELECT city FROM account")).scalars().all()
    engine.dispose()


def test_an_old_client_or_an_old_server_is_told_to_upgrade_and_nothing_changes(
    pg: Server,
    team_db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import psycopg

    from fieldcrm.team.schema import CLIENT_VERSION, NEEDS_SERVER

    db = joined_laptop(pg, team_db, tmp_path, capsys, monkeypatch, accounts=2)
    mia = pg.url(user="mia", database=team_db)
    owner = pg.url(user=f"{team_db}_owner", password=pg.password, database=team_db)
    with psycopg.connect(owner, autocommit=True) as conn:  # a newer fieldcrm moved the server on
        conn.execute(
            "UPDATE fieldcrm.meta SET value = %s WHERE key = 'oldest_client'", (str(CLIENT_VERSION + 1),)
        )
    code, out, err = run(capsys, "sync", "--db", str(db))
    assert (code, out) == (1, "") and "older than the team server accepts" in err
    with psycopg.connect(owner, autocommit=True) as conn:  # a server behind what this client needs
        conn.execute("UPDATE fieldcrm.meta SET value = '1' WHERE key = 'oldest_client'")
        conn.execute(
            "UPDATE fieldcrm.meta SET value = %s WHERE key = 'schema_version'", (str(NEEDS_SERVER - 1),)
        )
    code, out, err = run(capsys, "sync", "--db", str(db))
    assert (code, out) == (1, "") and "fieldcrm team upgrade" in err
    code, _, err = run(capsys, "team", "upgrade", mia)  # a manager who owns nothing cannot
    assert code == 1 and "only the database's owner" in err


def test_upgrade_moves_a_server_step_by_step(
    pg: Server, team_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import psycopg

    from fieldcrm.team.admin import _run_steps, server_versions
    from fieldcrm.team.schema import LATEST, OLDEST_CLIENT

    owner = pg.url(user=f"{team_db}_owner", password=pg.password, database=team_db)
    with psycopg.connect(owner) as conn, conn.transaction():
        _run_steps(conn, 0, 2)  # a server an older fieldcrm set up
    code, out, _ = run(capsys, "team", "upgrade", owner)
    assert (code, out) == (0, f"The team server moved from schema 2 to {LATEST}.\n")
    code, out, _ = run(capsys, "team", "upgrade", owner)
    assert (code, out) == (0, f"The team server is at schema {LATEST} already: nothing to do.\n")
    with psycopg.connect(owner) as conn:
        assert server_versions(conn) == (LATEST, OLDEST_CLIENT[LATEST])
        assert conn.execute("SELECT to_regclass('fieldcrm.conflict') IS NOT NULL").fetchone() == (True,)


def test_team_settings_and_download_from_a_joined_database(
    pg: Server,
    team_db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = joined_laptop(pg, team_db, tmp_path, capsys, monkeypatch, accounts=2)
    code, out, _ = run(capsys, "team", "set", "personal-fields", "off", "--db", str(db))  # its server
    assert (code, out) == (
        0,
        "Personal fields of decision makers now stay on the laptop that wrote them: the server's copies"
        " are removed, and other laptops clear theirs at their next sync.\n",
    )
    code, _, err = run(capsys, "team", "set", "personal-fields", "maybe", "--db", str(db))
    assert (code, err) == (2, 'fieldcrm: "maybe" is neither on nor off\n')
    code, _, err = run(capsys, "team", "set", "offline-days", "7", "--db", str(db))
    assert code == 1 and "from 30 to 3650" in err
    code, out, _ = run(capsys, "--lang", "zh", "team", "set", "offline-days", "90", "--db", str(db))
    assert (code, out) == (0, "电脑现在最长可离线 90 天；删除记录保留同样长的时间。\n")
    code, out, _ = run(capsys, "team", "status", "--db", str(db))
    assert (
        out.splitlines()[-1]
        == "Team settings: personal fields reach the server: no · longest time offline: 90 days"
    )
    code, out, _ = run(capsys, "team", "download", "--db", str(db))
    assert code == 0 and out.startswith("Sent 0 changes and 0 deletions; received ")
    code, _, err = run(capsys, "team", "list", "--db", str(tmp_path / "alone.db"))
    assert (code, err) == (
        2,
        "fieldcrm: say which server: --server URL, or --db with a database that joined the team\n",
    )


def test_hand_over_an_account_by_its_name(
    pg: Server,
    team_db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = joined_laptop(pg, team_db, tmp_path, capsys, monkeypatch, accounts=3)
    mia = pg.url(user="mia", password="mia-secret", database=team_db)
    assert run(capsys, "team", "add-user", "rob", "--role", "rep", "--server", mia)[0] == 0
    engine = open_db(db)
    with engine.connect() as conn:
        name = conn.execute(text("SELECT name FROM account ORDER BY id LIMIT 1")).scalar_one()
    engine.dispose()
    code, out, _ = run(capsys, "--db", str(db), "team", "hand-over", name.upper(), "--to", "rob")
    assert code == 0 and out.startswith(f"{name} is now rob's: their laptop receives it at its next sync.\n")
    engine = open_db(db)
    with engine.connect() as conn:  # mia, a manager, still sees it: now rob's
        assert conn.execute(text("SELECT owner FROM account WHERE name = :n"), {"n": name}).scalar() == "rob"
    engine.dispose()
    code, _, err = run(capsys, "--db", str(db), "team", "hand-over", "Nobody Ltd", "--to", "rob")
    assert (code, err) == (1, "fieldcrm: no account here is named Nobody Ltd\n")
    code, _, err = run(capsys, "--db", str(db), "team", "hand-over", name, "--to", "eve")
    assert code == 1 and "eve is not a member you may hand this account to" in err
