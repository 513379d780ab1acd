"""SVG snapshots of the board on fixed demo data, a frozen clock and a 160x48 terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldcrm.demo.generate import write_demo
from fieldcrm.store.db import open_db
from fieldcrm.tui.app import FieldCRM
from started import started

SIZE = (160, 48)


def demo_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> FieldCRM:
    """The board on 60 demo accounts (seed 7); the path shown is relative, so it is stable."""
    monkeypatch.chdir(tmp_path)
    path = Path("demo.db")
    engine = open_db(path)
    write_demo(engine, accounts=60, seed=7, lang=lang, force=False)
    return FieldCRM(engine, path, lang, offer_demo=False)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_board(snap_compare, tmp_path, monkeypatch, lang) -> None:
    assert snap_compare(demo_app(tmp_path, monkeypatch, lang), terminal_size=SIZE, press=["j", "right"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_gate_dialog(snap_compare, tmp_path, monkeypatch, lang) -> None:
    app = demo_app(tmp_path, monkeypatch, lang)
    assert snap_compare(app, terminal_size=SIZE, press=["right_square_bracket"])


def test_help(snap_compare, tmp_path, monkeypatch) -> None:
    assert snap_compare(demo_app(tmp_path, monkeypatch, "en"), terminal_size=SIZE, press=["question_mark"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_board_in_team_mode_offline(snap_compare, tmp_path, monkeypatch, lang) -> None:
    """A database that joined a team, its server out of reach: the header says offline and how
    many changes wait; the footer gains the sync key and packs closer to keep every key."""
    from datetime import datetime

    from sqlalchemy import text

    from fieldcrm.store import outbox

    app = demo_app(tmp_path, monkeypatch, lang)
    with app.engine.begin() as conn:
        outbox.join(conn, f"host={tmp_path / 'nowhere'} dbname=team", "rae", "n1", datetime(2026, 11, 27, 9))
        conn.execute(text("UPDATE account SET city = 'Ningbo' WHERE id <= 2"))  # two changes wait

    assert snap_compare(app, terminal_size=SIZE, run_before=started)


def lead_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> FieldCRM:
    """The demo board on lou's laptop (a lead of rae and rob), the server out of reach: some
    accounts are rae's and rob's."""
    from datetime import datetime

    from sqlalchemy import text

    from fieldcrm.store import outbox

    app = demo_app(tmp_path, monkeypatch, lang)
    with app.engine.begin() as conn:
        outbox.join(conn, f"host={tmp_path / 'nowhere'} dbname=team", "lou", "n1", datetime(2026, 11, 27, 9))
        conn.execute(text("DELETE FROM outbox"))
        conn.execute(
            text("INSERT INTO team_member (login, role, lead) VALUES (:l, :r, :d)"),
            [{"l": "lou", "r": "lead", "d": None}, {"l": "rae", "r": "rep", "d": "lou"},
             {"l": "rob", "r": "rep", "d": "lou"}],
        )  # fmt: skip
        conn.execute(text("UPDATE account SET owner = CASE WHEN id % 3 = 0 THEN 'rae' ELSE 'rob' END"))
        conn.execute(text("UPDATE account SET owner = 'lou' WHERE id % 5 = 0"))
    return app


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_leads_board_names_the_owners(snap_compare, tmp_path, monkeypatch, lang) -> None:
    """My team's accounts: cards of rae's and rob's name them; lou's own name no one."""
    assert snap_compare(lead_app(tmp_path, monkeypatch, lang), terminal_size=SIZE, run_before=started)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_conflicts_screen(snap_compare, tmp_path, monkeypatch, lang) -> None:
    """The conflicts screen with two kept values (as the server would list them)."""
    from datetime import datetime

    from fieldcrm.team.conflicts import Conflict
    from fieldcrm.tui.screens.conflicts import ConflictsRead
    from fieldcrm.tui.team_sync import Outcome

    at = datetime(2026, 11, 27, 9, 41)
    kept = [
        Conflict(12, "Acme Trading 华为", "account", "city", "Ningbo", "rae", "lou", at, "Wuxi"),
        Conflict(13, "Blue River", "person", "title", "Buyer\x1b]52;c;x\x07", "rob", "lou", at, None),
    ]

    async def opened(pilot) -> None:  # type: ignore[no-untyped-def]
        await started(pilot)
        await pilot.press("c")
        await pilot.app.workers.wait_for_complete()
        pilot.app.screen.post_message(ConflictsRead(kept, Outcome()))
        await pilot.pause()

    assert snap_compare(lead_app(tmp_path, monkeypatch, lang), terminal_size=SIZE, run_before=opened)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_leads_agenda_to_assess(snap_compare, tmp_path, monkeypatch, lang) -> None:
    """On a lead's laptop: his reps' accounts that entered Assessment and wait to be scored."""
    from sqlalchemy import text

    app = lead_app(tmp_path, monkeypatch, lang)
    with app.engine.begin() as conn:  # two of the reps' accounts entered Assessment today
        conn.execute(
            text(
                "UPDATE account SET stage_since = '2026-11-27 09:00:00.000000'"
                " WHERE id IN (SELECT id FROM account WHERE stage = 3 AND status = 'active'"
                " AND owner IN ('rae', 'rob')"
                " ORDER BY id LIMIT 2)"
            )
        )

    async def opened(pilot) -> None:  # type: ignore[no-untyped-def]
        await started(pilot)
        await pilot.press("a")
        await pilot.app.workers.wait_for_complete()
        await pilot.press("0")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=opened)
