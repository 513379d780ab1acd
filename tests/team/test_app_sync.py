"""The app syncs by itself in team mode: at start, on y, and says how it stands in the board's
header; what arrived shows on the board with the selection kept; offline says nothing more; a
refused password is said once. Pilot tests against the suite's PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from textual.widgets import Static

from fieldcrm.demo.generate import write_demo
from fieldcrm.store.account_info import update_account_info
from fieldcrm.store.models import AccountUpdate
from fieldcrm.team.join import join_team
from fieldcrm.team.sync import sync
from fieldcrm.tui.app import FieldCRM
from fieldcrm.tui.screens.board import BoardScreen
from started import started

from .conftest import NOW, PASSWORDS, member
from .pg_server import Server

SIZE = (160, 48)


@pytest.fixture
def rae_laptops(pg: Server, team: str, laptops: dict[str, Engine], monkeypatch: pytest.MonkeyPatch) -> str:
    """rae's two laptops on the team (the password from PGPASSWORD, as from ~/.pgpass)."""
    monkeypatch.setenv("PGPASSWORD", PASSWORDS["rae"])
    write_demo(laptops["rae1"], accounts=8, seed=7, lang="en", force=False)
    url = pg.url(user="rae", database=team)
    with member(pg, team, "rae") as rae:
        join_team(laptops["rae1"], rae, url, NOW)
        join_team(laptops["rae2"], rae, url, NOW)
    return url


async def pressed(app: FieldCRM, pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    """Press ``keys``, then wait for the workers they started and the screen after them."""
    await pilot.press(*keys)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def settled(app: FieldCRM, pilot) -> BoardScreen:  # type: ignore[no-untyped-def]
    """After start-up (and a sync it started) is over: the board."""
    await started(pilot)
    board = app.screen
    assert isinstance(board, BoardScreen)
    return board


def header(board: BoardScreen) -> str:
    return str(board.query_one("#board-header", Static).render())


async def test_the_app_syncs_at_start_and_on_y_keeping_the_selection(
    pg: Server, team: str, laptops: dict[str, Engine], rae_laptops: str, tmp_path: Path
) -> None:
    one, two = laptops["rae1"], laptops["rae2"]
    app = FieldCRM(two, tmp_path / "rae2.db", "en", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        board = await settled(app, pilot)
        assert "synced just now · 0 waiting" in header(board)
        await pilot.press("down")
        chosen = board.selected()
        assert chosen is not None
        with one.connect() as conn:  # the other laptop renames another account of the column
            other, name = conn.execute(
                text(
                    "SELECT id, name FROM account WHERE stage = 1 AND status = 'active' AND name <> :n"
                    " ORDER BY id LIMIT 1"
                ),
                {"n": chosen.name},
            ).one()
        update_account_info(one, other, AccountUpdate(name="Renamed Trading Co"))
        with member(pg, team, "rae") as rae:
            sync(one, rae, NOW)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        column = board.model.columns[1]
        names = [card.name for i in range(column.count) if (card := column.card_at(i))]
        assert "Renamed Trading Co" in names and name not in names
        assert board.selected() is not None and board.selected().id == chosen.id  # kept
        assert not app._notifications  # a sync that went well says nothing


async def test_offline_is_said_quietly_in_the_header(
    laptops: dict[str, Engine], rae_laptops: str, tmp_path: Path
) -> None:
    two = laptops["rae2"]
    with two.begin() as conn:
        conn.execute(text("UPDATE team_link SET server = :s"), {"s": f"host={tmp_path} dbname=nowhere"})
        conn.execute(text("UPDATE account SET city = 'Ningbo' WHERE id = (SELECT min(id) FROM account)"))
    app = FieldCRM(two, tmp_path / "rae2.db", "en", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        board = await settled(app, pilot)
        assert "offline · 1 waiting" in header(board)
        assert not app._notifications


async def test_a_refused_password_is_said_once(
    laptops: dict[str, Engine], rae_laptops: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", "not-the-password")
    app = FieldCRM(laptops["rae2"], tmp_path / "rae2.db", "zh", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        for _ in range(2):  # the same problem again: not said again
            await pilot.press("y")
            await app.workers.wait_for_complete()
            await pilot.pause()
        said = [n.message for n in app._notifications]
    assert said == ["团队服务器拒绝了密码：请把正确的密码写入 ~/.pgpass（fieldcrm 从不保存密码），然后按 y。"]
