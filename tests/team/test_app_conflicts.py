"""The conflicts screen (c on the board, in team mode): each value that lost, the value that won,
who wrote each; r restores a kept value (written here and synced), d dismisses one, and only its
author or a manager may. Pilot tests against the suite's PostgreSQL."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from fieldcrm.demo.generate import write_demo
from fieldcrm.store.account_info import update_account_info
from fieldcrm.store.models import AccountUpdate
from fieldcrm.team.conflicts import open_conflicts
from fieldcrm.team.join import join_team
from fieldcrm.team.sync import sync
from fieldcrm.tui.app import FieldCRM
from fieldcrm.tui.plain import PlainStatic, PlainTable
from fieldcrm.tui.screens.conflicts import ConflictsScreen

from .conftest import NOW, PASSWORDS, member
from .pg_server import Server
from .test_app_sync import SIZE, pressed, settled
from .test_sync import account_id, city


def clash(pg: Server, team: str, laptops: dict[str, Engine], cities: list[str]) -> list[str]:
    """rae's values of the city of her first accounts lose to lou's later ones: conflicts."""
    rae_laptop, lou_laptop = laptops["rae1"], laptops["lou"]
    write_demo(rae_laptop, accounts=3, seed=7, lang="en", force=False)
    uids = []
    with member(pg, team, "rae") as rae, member(pg, team, "lou") as lou:
        join_team(rae_laptop, rae, pg.url(user="rae", database=team), NOW)
        join_team(lou_laptop, lou, pg.url(user="lou", database=team), NOW)
        sync(lou_laptop, lou, NOW)
        with rae_laptop.connect() as conn:
            accounts = conn.execute(text("SELECT uid, name FROM account ORDER BY name")).all()
        for (uid, name), kept in zip(accounts, cities, strict=False):
            update_account_info(rae_laptop, account_id(rae_laptop, uid), AccountUpdate(name=name, city=kept))
            time.sleep(0.01)
            update_account_info(
                lou_laptop, account_id(lou_laptop, uid), AccountUpdate(name=name, city="Wuxi")
            )
            uids.append(uid)
        sync(rae_laptop, rae, NOW)
        sync(lou_laptop, lou, NOW)
    return uids


async def test_rae_restores_one_value_and_dismisses_another(
    pg: Server, team: str, laptops: dict[str, Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = clash(pg, team, laptops, ["Ningbo", "Wenzhou"])
    monkeypatch.setenv("PGPASSWORD", PASSWORDS["rae"])
    rae_laptop = laptops["rae1"]
    app = FieldCRM(rae_laptop, tmp_path / "rae.db", "en", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        board = await settled(app, pilot)
        assert city(rae_laptop, first) == "Wuxi"
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, ConflictsScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = screen.query_one(PlainTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert [row[1:6] for row in rows] == [
            ["account.city", "Ningbo", "Wuxi", "rae", "lou"],
            ["account.city", "Wenzhou", "Wuxi", "rae", "lou"],
        ]
        await pilot.press("r")  # the first: Ningbo again
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert city(rae_laptop, first) == "Ningbo"
        assert table.row_count == 1
        await pilot.press("d")  # the second: Wuxi stays
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.row_count == 0
        assert "No conflicts" in str(screen.query_one("#conflicts-note", PlainStatic).render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is board
    assert city(rae_laptop, second) == "Wuxi"
    with member(pg, team, "lou") as lou:
        assert open_conflicts(lou) == []
        sync(laptops["lou"], lou, NOW)
    assert city(laptops["lou"], first) == "Ningbo"


async def test_a_conflict_not_yours_is_not_yours_to_settle(
    pg: Server, team: str, laptops: dict[str, Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (uid,) = clash(pg, team, laptops, ["Ningbo"])
    monkeypatch.setenv("PGPASSWORD", PASSWORDS["lou"])
    app = FieldCRM(laptops["lou"], tmp_path / "lou.db", "en", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pressed(app, pilot, "c")
        screen = app.screen
        assert isinstance(screen, ConflictsScreen) and screen.query_one(PlainTable).row_count == 1
        await pressed(app, pilot, "d")
        note = str(screen.query_one("#conflicts-note", PlainStatic).render())
        assert "not yours to dismiss" in note
        assert screen.query_one(PlainTable).row_count == 1
    assert city(laptops["lou"], uid) == "Wuxi"


async def test_offline_the_screen_says_so(
    pg: Server, team: str, laptops: dict[str, Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clash(pg, team, laptops, ["Ningbo"])
    with laptops["rae1"].begin() as conn:  # a server nobody listens on
        conn.execute(text("UPDATE team_link SET server = 'postgresql://rae@127.0.0.1:9/team'"))
    app = FieldCRM(laptops["rae1"], tmp_path / "rae.db", "en", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pressed(app, pilot, "c")
        note = str(app.screen.query_one("#conflicts-note", PlainStatic).render())
        assert "cannot be reached" in note
