"""Syncs that go wrong: the client killed (kill -9) while it sends and while it receives, the
server restarted in the middle of a sync, a laptop whose clock is an hour ahead. Each time
nothing is lost and nothing doubled: the next sync completes, and both laptops hold the same."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from fieldcrm.demo.generate import write_demo
from fieldcrm.store import outbox
from fieldcrm.team.join import join_team
from fieldcrm.team.sync import sync

from .conftest import NOW, PASSWORDS, member, psycopg
from .pg_server import Server
from .test_sync import content

SYNCED_SQL = "SELECT count(*) FROM outbox"


@pytest.fixture
def pair(
    pg: Server, team: str, laptops: dict[str, Engine], tmp_path: Path
) -> Iterator[tuple[Engine, Engine]]:
    """rae's two laptops on the team, the first with a pipeline, the second holding it too."""
    one, two = laptops["rae1"], laptops["rae2"]
    write_demo(one, accounts=120, seed=7, lang="en", force=False)
    with member(pg, team, "rae", autocommit=True) as rae:
        join_team(one, rae, pg.url(user="rae", database=team), NOW)
        join_team(two, rae, pg.url(user="rae", database=team), NOW)
    yield one, two


def many_changes(engine: Engine) -> int:
    """Every contact's summary, person's hometown and account's notes changed: a thousand rows
    and more wait to be sent."""
    with engine.begin() as conn:
        conn.execute(text("UPDATE activity SET summary = summary || ' (checked)'"))
        conn.execute(text("UPDATE person SET hometown = coalesce(hometown, '') || ' (checked)'"))
        conn.execute(text("UPDATE account SET notes = coalesce(notes, '') || ' (checked)'"))
        return int(conn.execute(text(SYNCED_SQL)).scalar_one())


def sync_in_a_process(engine: Engine) -> subprocess.Popen[str]:
    """``fieldcrm sync`` on the engine's database, as a user runs it."""
    path = engine.url.database
    assert path is not None
    env = {**os.environ, "PGPASSWORD": PASSWORDS["rae"]}
    return subprocess.Popen(
        [sys.executable, "-m", "fieldcrm", "--lang", "en", "sync", "--db", path],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_query(pg: Server, team: str, like: str, process: subprocess.Popen[str]) -> None:
    """Until rae's connection runs (or has just run) a query like ``like``."""
    with psycopg.connect(pg.url(database=team), autocommit=True) as watcher:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            found = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = 'rae' AND query LIKE %s", (like,)
            ).fetchone()
            if found and found[0]:
                return
            if process.poll() is not None:
                pytest.fail(
                    f"the sync ended before {like!r}: {process.stderr.read() if process.stderr else ''}"
                )
            time.sleep(0.002)
    pytest.fail(f"no query like {like!r} within a minute")


def settle(pg: Server, team: str) -> None:
    """Until the server has noticed the killed client and ended its transaction."""
    with psycopg.connect(pg.url(database=team), autocommit=True) as watcher:
        for _ in range(5000):
            busy = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = 'rae' AND state <> 'idle'"
            ).fetchone()
            if busy == (0,):
                return
            time.sleep(0.01)


def in_step(pg: Server, team: str, one: Engine, two: Engine) -> None:
    """Sync both (each twice over), then they hold the same, and the server holds each row once."""
    with member(pg, team, "rae", autocommit=True) as rae:
        for engine in (one, two, one):
            sync(engine, rae, NOW)
        ids = rae.execute("SELECT count(*), count(DISTINCT (kind, id)) FROM fieldcrm.record").fetchone()
    assert content(one) == content(two)
    assert ids is not None and ids[0] == ids[1]
    for engine in (one, two):
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            assert conn.execute(text(SYNCED_SQL)).scalar_one() == 0
            assert outbox.installed(conn)  # the triggers stepped aside for a big receive, and are back


def test_killed_while_sending(pg: Server, team: str, pair: tuple[Engine, Engine]) -> None:
    one, two = pair
    assert many_changes(one) > 1000
    process = sync_in_a_process(one)
    wait_for_query(pg, team, "%push_batch%", process)
    process.send_signal(signal.SIGKILL)
    process.wait()
    settle(pg, team)
    with one.connect() as conn:  # the server took all or nothing; here, nothing was let go yet
        assert conn.execute(text(SYNCED_SQL)).scalar_one() > 1000
    in_step(pg, team, one, two)
    with two.connect() as conn:
        assert (
            conn.execute(
                text("SELECT count(*) FROM activity WHERE summary NOT LIKE '%(checked)'")
            ).scalar_one()
            == 0
        )


@pytest.mark.parametrize("after", [0.0, 0.15, 0.4])
def test_killed_while_receiving(pg: Server, team: str, pair: tuple[Engine, Engine], after: float) -> None:
    one, two = pair
    many_changes(one)
    with member(pg, team, "rae", autocommit=True) as rae:
        sync(one, rae, NOW)
    process = sync_in_a_process(two)
    wait_for_query(pg, team, "%fieldcrm_receive%", process)  # the read of the rows, a chunk at a time
    time.sleep(after)  # in the server's read, or writing here
    process.send_signal(signal.SIGKILL)
    process.wait()
    settle(pg, team)
    in_step(pg, team, one, two)


def test_the_server_restarted_in_the_middle_of_a_sync(
    pg: Server, team: str, pair: tuple[Engine, Engine]
) -> None:
    one, two = pair
    many_changes(one)
    process = sync_in_a_process(one)
    wait_for_query(pg, team, "%push_batch%", process)
    pg.stop("fast")
    pg.start()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 3 and err.startswith("fieldcrm: the team server cannot be reached")
    in_step(pg, team, one, two)


def test_a_laptop_clock_an_hour_ahead_is_refused_and_nothing_is_lost(
    pg: Server, team: str, pair: tuple[Engine, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = pair
    ahead = time.time() + 3600
    monkeypatch.setattr("fieldcrm.team.send.time.time", lambda: ahead)
    with one.begin() as conn:  # a change made while the laptop's clock is an hour ahead
        conn.execute(text("UPDATE account SET city = 'Lishui' WHERE id = (SELECT min(id) FROM account)"))
        conn.execute(text("UPDATE outbox SET at = strftime('%Y-%m-%dT%H:%M:%f', 'now', '+1 hour')"))
    with member(pg, team, "rae", autocommit=True) as rae:
        with pytest.raises(psycopg.Error, match="the clock of this laptop is wrong") as refused:
            sync(one, rae, NOW)
        assert refused.value.sqlstate == "FC001"
        assert rae.execute(
            "SELECT count(*) FROM fieldcrm.account WHERE fields ->> 'city' = 'Lishui'"
        ).fetchone() == (0,)
    with one.connect() as conn:
        assert conn.execute(text(SYNCED_SQL)).scalar_one() == 1  # still waiting
    monkeypatch.undo()  # the clock is set right: the change goes, stamped now
    in_step(pg, team, one, two)
    with two.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM account WHERE city = 'Lishui'")).scalar_one() == 1
