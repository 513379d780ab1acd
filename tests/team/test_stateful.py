"""Two reps and their lead on three laptops work offline at random (create accounts and people,
edit, move stages, delete accounts, erase people) and sync in random orders, some syncs cut off
at random points. At the end, after each syncs twice in turn: every laptop holds exactly the
server's view for its member; laptops that share an account agree on its stage; every value
anyone wrote is present, or a conflict kept on the server, or was knowingly overwritten (the
writer's laptop held it), or its account was deleted; and no erased person is left anywhere."""

from __future__ import annotations

import tempfile
from contextlib import ExitStack, suppress
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule, run_state_machine_as_test
from sqlalchemy import Engine, text

from fieldcrm.domain.stages import Stage
from fieldcrm.store import accounts, erase, people
from fieldcrm.store.account_info import update_account_info
from fieldcrm.store.changes import Gated, Refused
from fieldcrm.store.db import open_db
from fieldcrm.store.models import AccountCreate, AccountUpdate, PersonCreate
from fieldcrm.team.join import join_team
from fieldcrm.team.sync import sync

from .conftest import NOW, fresh_database, member, psycopg, set_up_team
from .pg_server import Server

LAPTOPS = ("rae", "rob", "lou")  # each laptop is its member's; lou leads rae and rob
REPS = ("rae", "rob")
EVERY_GATE_ITEM = [
    "need_known", "first_contact", "opportunity", "proposal", "insider", "info_sufficient", "need_clear",
    "graded", "grade_advance", "obstacles", "plan", "dm_relationship", "influence", "simulation",
]  # fmt: skip
CUTS = {  # where a sync is cut off: what fails there
    "while sending": "fieldcrm.team.sync.push_deletions",
    "after sending": "fieldcrm.team.sync.receive",
    "while applying": "fieldcrm.store.apply._settings",
}


class Cut(Exception):
    """A sync cut off (the network gone, the laptop closed)."""


def local_accounts(engine: Engine) -> list[tuple[int, str, str | None, int]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT id, name, city, stage FROM account ORDER BY id"))]  # type: ignore[misc]


def local_people(engine: Engine) -> list[tuple[int, str]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT id, name FROM person ORDER BY id"))]  # type: ignore[misc]


class Team(RuleBasedStateMachine):
    pg: Server  # set by the test

    def __init__(self) -> None:
        super().__init__()
        self.stack = ExitStack()
        self.db = self.stack.enter_context(fresh_database(self.pg))
        set_up_team(self.pg, self.db)
        folder = Path(self.stack.enter_context(tempfile.TemporaryDirectory()))
        self.engines = {who: open_db(folder / f"{who}.db") for who in LAPTOPS}
        self.conns = {
            who: self.stack.enter_context(member(self.pg, self.db, who, autocommit=True)) for who in LAPTOPS
        }
        for who in LAPTOPS:
            join_team(self.engines[who], self.conns[who], "service=team", NOW)
        self.counter = 0
        self.created = 0
        self.written: set[tuple[str, str]] = set()  # (account, city) anyone wrote
        self.overwritten: set[tuple[str, str]] = set()  # values their writer's laptop held
        self.deleted: set[str] = set()  # accounts
        self.erased: set[str] = set()  # people

    def _next(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    @precondition(lambda self: self.created < 3)  # a few accounts, so laptops meet on them
    @rule(who=st.sampled_from(REPS))
    def create_account(self, who: str) -> None:
        self.created += 1
        name, city = self._next("Account "), self._next("city ")
        accounts.create_account(self.engines[who], AccountCreate(name=name, city=city))
        self.written.add((name, city))

    @rule(who=st.sampled_from(LAPTOPS), pick=st.integers(0, 50))
    def edit_city(self, who: str, pick: int) -> None:
        here = local_accounts(self.engines[who])
        if not here:
            return
        account, name, before, _ = here[pick % len(here)]
        city = self._next("city ")
        update_account_info(self.engines[who], account, AccountUpdate(name=name, city=city))
        self.written.add((name, city))
        if before is not None:
            self.overwritten.add((name, before))

    @rule(who=st.sampled_from(LAPTOPS), pick=st.integers(0, 50), back=st.booleans())
    def move_stage(self, who: str, pick: int, back: bool) -> None:
        here = local_accounts(self.engines[who])
        if not here:
            return
        account, _, _, stage = here[pick % len(here)]
        with suppress(Gated, Refused):
            accounts.move_stage(
                self.engines[who],
                account,
                Stage.clamped(stage + (-1 if back else 1)),
                overridden=EVERY_GATE_ITEM,
            )

    @rule(who=st.sampled_from(LAPTOPS), pick=st.integers(0, 50))
    def add_person(self, who: str, pick: int) -> None:
        here = local_accounts(self.engines[who])
        if here:
            account = here[pick % len(here)][0]
            people.create_person(
                self.engines[who], PersonCreate(account_id=account, name=self._next("Person "))
            )

    @rule(who=st.sampled_from(LAPTOPS), pick=st.integers(0, 50))
    def erase_person(self, who: str, pick: int) -> None:
        here = local_people(self.engines[who])
        if here:
            person, name = here[pick % len(here)]
            erase.delete_person(self.engines[who], person)
            self.erased.add(name)

    @precondition(lambda self: self.counter > 12)  # late, once there is something to lose
    @rule(who=st.sampled_from(LAPTOPS), pick=st.integers(0, 50))
    def delete_account(self, who: str, pick: int) -> None:
        here = local_accounts(self.engines[who])
        if here:
            account, name, _, _ = here[pick % len(here)]
            erase.delete_account(self.engines[who], account)
            self.deleted.add(name)

    @rule(who=st.sampled_from(LAPTOPS), cut=st.sampled_from([None, *CUTS]))
    def sync(self, who: str, cut: str | None) -> None:
        if cut is None:
            sync(self.engines[who], self.conns[who], NOW)
            return
        with mock.patch(CUTS[cut], side_effect=Cut(cut)), suppress(Cut):
            sync(self.engines[who], self.conns[who], NOW)

    def teardown(self) -> None:
        try:
            if hasattr(self, "engines"):
                for _ in range(2):
                    for who in LAPTOPS:
                        sync(self.engines[who], self.conns[who], NOW)
                self._check()
        finally:
            for engine in getattr(self, "engines", {}).values():
                engine.dispose()
            self.stack.close()

    def _check(self) -> None:
        stages: dict[str, int] = {}
        for who in LAPTOPS:
            here = {name: (city, stage) for _, name, city, stage in local_accounts(self.engines[who])}
            server = dict(
                self.conns[who]
                .execute(
                    "SELECT fields ->> 'name', fields ->> 'city' FROM fieldcrm.account WHERE NOT deleted"
                )
                .fetchall()
            )
            assert {name: city for name, (city, _) in here.items()} == server, who
            for name, (_, stage) in here.items():
                assert stages.setdefault(name, stage) == stage, (who, name)
            names = {name for _, name in local_people(self.engines[who])}
            assert not names & self.erased, who
        lead = self.conns["lou"]  # sees every account of the team
        current = set(
            lead.execute("SELECT fields ->> 'name', fields ->> 'city' FROM fieldcrm.account").fetchall()
        )
        kept = set(
            lead.execute(
                "SELECT a.fields ->> 'name', c.value #>> '{}' FROM fieldcrm.conflict c"
                " JOIN fieldcrm.account a ON a.id = c.account_id WHERE c.field = 'city'"
            ).fetchall()
        )
        lost = {
            (name, city)
            for name, city in self.written - current - kept - self.overwritten
            if name not in self.deleted
        }
        assert not lost, lost
        left = lead.execute(
            "SELECT count(*) FROM fieldcrm.record WHERE kind = 'person' AND fields ->> 'name' = ANY(%s)",
            (sorted(self.erased),),
        ).fetchone()
        assert left == (0,)
        strays = lead.execute(  # what a foreign key kept until step 6, the writer keeps
            "SELECT count(*) FROM fieldcrm.record r LEFT JOIN fieldcrm.account a ON a.id = r.account_id"
            " WHERE a.id IS NULL OR (a.deleted AND NOT r.deleted)"
        ).fetchone()
        assert strays == (0,)


def test_three_laptops_at_random_end_as_the_server_sees_it(pg: Server) -> None:
    Team.pg = pg
    run_state_machine_as_test(
        Team,
        settings=settings(
            max_examples=15,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
            database=None,
        ),
    )


assert psycopg  # the team tests' PostgreSQL is this suite's (conftest)
