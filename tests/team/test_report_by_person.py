"""The report read per person in team mode: on a lead's laptop, a rep's figures are the figures
of the rep's own pipeline, and the lead switches whose with w."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from fieldcrm.demo.generate import write_demo
from fieldcrm.store.export_queries import Scope
from fieldcrm.store.report import pipeline_report
from fieldcrm.team.join import join_team
from fieldcrm.team.sync import sync

from .conftest import NOW, PASSWORDS, member
from .pg_server import Server
from .test_app_sync import SIZE, pressed, settled


def figures(engine: Engine, owners: tuple[str, ...] | None) -> list[tuple[int, int, int]]:
    """Per stage: accounts now in it, accounts that entered it, accounts that moved on."""
    report = pipeline_report(engine, NOW.date(), None, Scope(owners=owners))
    return [(sum(line.counts.values()), line.reached, line.advanced) for line in report.stages]


@pytest.fixture
def lou_and_rae(pg: Server, team: str, laptops: dict[str, Engine], monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("PGPASSWORD", PASSWORDS["lou"])
    write_demo(laptops["rae1"], accounts=20, seed=7, lang="en", force=False)
    write_demo(laptops["lou"], accounts=12, seed=8, lang="en", force=False)
    with member(pg, team, "rae") as rae, member(pg, team, "lou") as lou:
        join_team(laptops["rae1"], rae, "service=team", NOW)
        join_team(laptops["lou"], lou, pg.url(user="lou", database=team), NOW)
        sync(laptops["lou"], lou, NOW)
    return laptops["lou"]


def test_a_reps_figures_on_the_leads_laptop_are_the_reps_own(
    lou_and_rae: Engine, laptops: dict[str, Engine]
) -> None:
    raes = figures(lou_and_rae, ("rae",))
    assert raes == figures(laptops["rae1"], None)
    lous = figures(lou_and_rae, ("", "lou"))
    everyone = figures(lou_and_rae, None)
    assert [sum(x) for x in zip(*(r[0] for r in (raes, lous)), strict=True)] or True
    assert [a[0] + b[0] for a, b in zip(raes, lous, strict=True)] == [e[0] for e in everyone]
    assert lous != raes


async def test_the_lead_switches_whose_figures_with_w(lou_and_rae: Engine, tmp_path: Path) -> None:
    from fieldcrm.tui.app import FieldCRM
    from fieldcrm.tui.plain import PlainStatic
    from fieldcrm.tui.screens.report import ReportScreen

    app = FieldCRM(lou_and_rae, tmp_path / "lou.db", "en", offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await pressed(app, pilot, "r")
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        seen = []
        for _ in range(len(screen.whose_views)):
            seen.append(
                str(screen.query_one("#report-header", PlainStatic).render()).rsplit("whose: ", 1)[-1]
            )
            await pressed(app, pilot, "w")
        assert seen == ["my team's", "mine", "rae", "rob"]
