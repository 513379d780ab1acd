"""A lead's board in team mode: whose accounts it shows (My team, Mine), cards naming their
owner, and an account handed to another member with H. Pilot tests against the suite's
PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from fieldcrm.demo.generate import write_demo
from fieldcrm.team.join import join_team
from fieldcrm.tui.app import FieldCRM
from fieldcrm.tui.dialog import ChoiceDialog

from .conftest import NOW, PASSWORDS, member
from .pg_server import Server
from .test_app_sync import SIZE, header, pressed, settled


@pytest.fixture
def lou_laptop(pg: Server, team: str, laptops: dict[str, Engine], monkeypatch: pytest.MonkeyPatch) -> Engine:
    """lou (a lead) with two accounts of his own; rae, of his team, with four."""
    monkeypatch.setenv("PGPASSWORD", PASSWORDS["lou"])
    write_demo(laptops["rae1"], accounts=4, seed=7, lang="en", force=False)
    write_demo(laptops["lou"], accounts=2, seed=8, lang="en", force=False)
    with member(pg, team, "rae") as rae, member(pg, team, "lou") as lou:
        join_team(laptops["rae1"], rae, "service=team", NOW)
        join_team(laptops["lou"], lou, pg.url(user="lou", database=team), NOW)
    return laptops["lou"]


async def test_a_lead_switches_whose_accounts_and_hands_one_over(
    pg: Server, team: str, lou_laptop: Engine, tmp_path: Path
) -> None:
    app = FieldCRM(lou_laptop, tmp_path / "lou.db", "en", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        board = await settled(app, pilot)  # the sync at start brought rae's accounts
        assert sum(board.model.counts.values()) == 6
        assert "my team's" in header(board)
        await pilot.press("V")
        assert sum(board.model.counts.values()) == 2
        assert "mine" in header(board)
        await pilot.press("V")
        assert sum(board.model.counts.values()) == 6
        with lou_laptop.connect() as conn:
            name, uid = conn.execute(
                text(
                    "SELECT name, uid FROM account WHERE owner = 'rae' AND stage = 1 ORDER BY next_due, name"
                )
            ).first()
        rae_card = next(
            i for i in range(board.model.counts[1]) if board.model.columns[1].card_at(i).name == name
        )
        board.column(1).cursor = rae_card
        board.column(1).scroll_to_cursor()
        await pilot.pause()
        assert board.selected().owner == "rae"
        await pilot.press("H")
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert [login for login, _ in dialog.choices] == ["lou", "rob"]  # his team, not rae herself
        await pressed(app, pilot, "2")
        with lou_laptop.connect() as conn:
            assert (
                conn.execute(text("SELECT owner FROM account WHERE uid = :u"), {"u": uid}).scalar() == "rob"
            )
        with member(pg, team, "mia") as mia:
            assert mia.execute("SELECT owner FROM fieldcrm.account WHERE id = %s", (uid,)).fetchone() == (
                "rob",
            )
        assert board.selected() is not None and board.selected().owner == "rob"


async def test_a_rep_has_no_views_of_whose_and_cannot_hand_over(
    pg: Server, team: str, laptops: dict[str, Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGPASSWORD", PASSWORDS["rae"])
    write_demo(laptops["rae1"], accounts=3, seed=7, lang="en", force=False)
    with member(pg, team, "rae") as rae:
        join_team(laptops["rae1"], rae, pg.url(user="rae", database=team), NOW)
    app = FieldCRM(laptops["rae1"], tmp_path / "rae.db", "en", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        board = await settled(app, pilot)
        assert board.check_action("cycle_whose", ()) is False
        assert board.check_action("hand_over", ()) is False
        await pilot.press("V", "H")
        assert sum(board.model.counts.values()) == 3
        assert app.screen is board


async def test_resetting_the_filter_keeps_whose_accounts(
    pg: Server, team: str, lou_laptop: Engine, tmp_path: Path
) -> None:
    app = FieldCRM(lou_laptop, tmp_path / "lou.db", "en", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        board = await settled(app, pilot)
        await pilot.press("V")  # Mine
        mine = board.model.filter.owners
        assert mine is not None
        await pressed(app, pilot, "f")
        await pilot.click("#reset")
        await pilot.pause()
        assert board.model.filter.owners == mine
        assert sum(board.model.counts.values()) == 2
