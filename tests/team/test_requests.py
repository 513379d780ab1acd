"""Requests to the managers (the method's 高层会面 and 系统支持): a rep asks from Relationship on,
for a decision maker, with the reason; the request reaches the manager's agenda at the next
sync; the manager's answer returns to the rep's agenda. Only a manager answers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from fieldcrm.demo.generate import write_demo
from fieldcrm.domain.forces import Role
from fieldcrm.store import agenda
from fieldcrm.store.models import RequestCreate, RequestKind
from fieldcrm.store.requests import RequestRefused, answer, ask
from fieldcrm.store.settings import AgendaLimits
from fieldcrm.team.join import join_team
from fieldcrm.team.sync import sync

from .conftest import NOW, PASSWORDS, member
from .pg_server import Server

TODAY = date(2026, 11, 27)


def requests_on(engine: Engine) -> list[tuple[str, str | None, str | None, str | None]]:
    """The agenda's requests: account, decision maker, reason, kind and answer."""
    rows = agenda.page(engine, "requests", TODAY, AgendaLimits(), 0, 50)
    return [(e.account, e.who, e.text, e.state) for e in rows]


def a_decision_maker(engine: Engine, stage: int) -> tuple[int, str, int, str]:
    """An active account in ``stage`` with a decision maker: its id and name, theirs."""
    with engine.connect() as conn:
        return tuple(
            conn.execute(
                text(
                    "SELECT a.id, a.name, p.id, p.name FROM account a JOIN person p ON p.account_id = a.id"
                    " WHERE a.stage = :s AND a.status = 'active'"
                    " AND (p.role = :r OR p.other_roles LIKE :like) ORDER BY a.id, p.id LIMIT 1"
                ),
                {"s": stage, "r": Role.DECISION_MAKER.value, "like": f"%{Role.DECISION_MAKER.value}%"},
            ).one()
        )  # type: ignore[return-value]


@pytest.fixture
def mia_laptop(another_laptop: Engine) -> Engine:
    return another_laptop


def test_a_rep_asks_a_manager_answers_and_the_answer_comes_back(
    pg: Server, team: str, laptops: dict[str, Engine], mia_laptop: Engine
) -> None:
    rae_laptop, lou_laptop = laptops["rae1"], laptops["lou"]
    write_demo(rae_laptop, accounts=20, seed=7, lang="en", force=False)
    with member(pg, team, "rae") as rae, member(pg, team, "lou") as lou, member(pg, team, "mia") as mia:
        join_team(rae_laptop, rae, "service=team", NOW)
        join_team(lou_laptop, lou, "service=team", NOW)
        join_team(mia_laptop, mia, "service=team", NOW)
        account, name, person, who = a_decision_maker(rae_laptop, 4)
        early, *_ = a_decision_maker(rae_laptop, 2)
        with pytest.raises(RequestRefused) as refused:
            ask(
                rae_laptop,
                RequestCreate(account_id=early, person_id=person, kind=RequestKind.MEETING, reason="x"),
            )
        assert refused.value.key == "request.too_early"
        why = "Their chairman decides; he wants to meet ours"
        ask(
            rae_laptop,
            RequestCreate(account_id=account, person_id=person, kind=RequestKind.MEETING, reason=why),
        )
        assert requests_on(rae_laptop) == [(name, who, why, "meeting:open")]
        sync(rae_laptop, rae, NOW)
        sync(lou_laptop, lou, NOW)
        sync(mia_laptop, mia, NOW)
        assert requests_on(lou_laptop) == []  # a lead neither asked it nor answers it
        assert requests_on(mia_laptop) == [(name, who, why, "meeting:open")]
        (on_mias,) = [e.ref for e in agenda.page(mia_laptop, "requests", TODAY, AgendaLimits(), 0, 9)]
        assert on_mias is not None
        with lou_laptop.connect() as conn:
            (on_lous,) = conn.execute(text("SELECT id FROM support_request")).one()
        with pytest.raises(RequestRefused) as refused:
            answer(lou_laptop, on_lous, True)
        assert refused.value.key == "request.managers_answer"
        answer(mia_laptop, on_mias, True)
        assert requests_on(mia_laptop) == []  # answered: off the manager's agenda
        sync(mia_laptop, mia, NOW)
        sync(rae_laptop, rae, NOW)
    assert requests_on(rae_laptop) == [(name, who, why, "meeting:accepted")]
    with rae_laptop.connect() as conn:
        assert conn.execute(text("SELECT answered_by FROM support_request")).scalar() == "mia"


async def test_the_manager_answers_from_the_agenda_with_y(
    pg: Server,
    team: str,
    laptops: dict[str, Engine],
    mia_laptop: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fieldcrm.tui.app import FieldCRM
    from fieldcrm.tui.plain import PlainTable

    from .test_app_sync import SIZE, pressed, settled

    rae_laptop = laptops["rae1"]
    write_demo(rae_laptop, accounts=20, seed=7, lang="en", force=False)
    with member(pg, team, "rae") as rae, member(pg, team, "mia") as mia:
        join_team(rae_laptop, rae, "service=team", NOW)
        join_team(mia_laptop, mia, pg.url(user="mia", database=team), NOW)
        account, _, person, _ = a_decision_maker(rae_laptop, 4)
        reason = "Their IT wants our system team on site"
        ask(
            rae_laptop,
            RequestCreate(account_id=account, person_id=person, kind=RequestKind.SUPPORT, reason=reason),
        )
        sync(rae_laptop, rae, NOW)
    monkeypatch.setenv("PGPASSWORD", PASSWORDS["mia"])
    app = FieldCRM(mia_laptop, tmp_path / "mia.db", "en", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)  # the sync at start brings the request
        await pressed(app, pilot, "a")
        screen = app.screen
        await pilot.press("right")
        while screen.section != "requests":  # type: ignore[attr-defined]
            await pressed(app, pilot, "right")
        table = screen.query_one("#entries", PlainTable)
        row = [str(c) for c in table.get_row_at(0)]
        assert row[3] == "System support · waiting" and row[5].startswith("Their IT wants")
        await pressed(app, pilot, "y")
        assert screen.entries == []  # type: ignore[attr-defined]  # answered: off the agenda
    with mia_laptop.connect() as conn:
        assert conn.execute(text("SELECT answer FROM support_request")).scalar() == "accepted"


async def test_the_rep_asks_from_the_account_screen_with_a(
    pg: Server, team: str, laptops: dict[str, Engine], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldcrm.tui.app import FieldCRM
    from fieldcrm.tui.keys import localized
    from fieldcrm.tui.screens.account import AccountScreen

    from .test_app_sync import SIZE, settled

    rae_laptop = laptops["rae1"]
    write_demo(rae_laptop, accounts=20, seed=7, lang="en", force=False)
    with member(pg, team, "rae") as rae:
        join_team(rae_laptop, rae, pg.url(user="rae", database=team), NOW)
    account, _, person, _ = a_decision_maker(rae_laptop, 4)
    monkeypatch.setenv("PGPASSWORD", PASSWORDS["rae"])
    app = FieldCRM(rae_laptop, tmp_path / "rae.db", "en", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await app.push_screen(localized(AccountScreen)(rae_laptop, account))
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        await pilot.press("1")  # an executive meeting
        await pilot.pause()
        await pilot.press("1")  # for the first decision maker
        await pilot.pause()
        await pilot.press(*"Board visit", "ctrl+s")
        await pilot.pause()
    with rae_laptop.connect() as conn:
        asked = conn.execute(text("SELECT kind, person_id, reason, asked_by FROM support_request")).all()
    assert [tuple(r) for r in asked] == [("meeting", person, "Board visit", "rae")]
