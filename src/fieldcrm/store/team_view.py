"""What a laptop in team mode knows of its team: who its user is, their role, the members they
may see (the server's list at the last sync), and an account's global id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, or_, text


@dataclass(frozen=True, slots=True)
class Team:
    """This laptop's user in the team, and the members they may see (logins, sorted)."""

    login: str
    role: str | None  # None until the first sync has listed the members
    members: tuple[str, ...]
    led: tuple[str, ...]  # the members whose lead the user is

    @property
    def sees_others(self) -> bool:
        """A lead or a manager: their laptop holds others' accounts too."""
        return self.role in ("lead", "manager")

    def views(self) -> list[tuple[str, tuple[str, ...] | None]]:
        """The board's views of whose accounts, as the role allows: name and owners (None: all
        on this laptop; "" stands for the user's own not yet sent). A lead's laptop holds their
        team's, a manager's everyone's."""
        mine = ("", self.login)
        if self.role == "lead":
            return [("team", None), ("mine", mine)]
        if self.role == "manager":
            return [("all", None), ("team", (*mine, *self.led)), ("mine", mine)]
        return []

    def report_views(self) -> list[tuple[str, tuple[str, ...] | None]]:
        """Whose figures the report can show: everyone's on this laptop, the user's own, and
        each other member's (name: "all", "team", "mine", or the member's login)."""
        if not self.sees_others:
            return []
        everyone = "all" if self.role == "manager" else "team"
        others = [(m, (m,)) for m in self.members if m != self.login]
        return [(everyone, None), ("mine", ("", self.login)), *others]

    def may_hand_to(self) -> tuple[str, ...]:
        """Who this user may hand an account to: a lead their team and themselves, a manager
        anyone (the members this laptop knows)."""
        if self.role == "manager":
            return self.members
        if self.role == "lead":
            return tuple(m for m in self.members if m == self.login or m in self.led)
        return ()


def team_of(engine: Engine) -> Team | None:
    """The team as this laptop knows it; None when the database has not joined one."""
    with engine.connect() as conn:
        link = conn.execute(text("SELECT login FROM team_link")).first()
        if link is None:
            return None
        login = str(link[0])
        rows = conn.execute(text("SELECT login, role, lead FROM team_member ORDER BY login")).all()
    role = next((str(r) for m, r, _ in rows if m == login), None)
    return Team(
        login,
        role,
        tuple(str(m) for m, _, _ in rows),
        tuple(str(m) for m, _, lead in rows if lead == login),
    )


def global_id_of(engine: Engine, account_id: int) -> str | None:
    """The account's global id, once it has left the laptop (None before, or no such account)."""
    with engine.connect() as conn:
        found = conn.execute(text("SELECT uid FROM account WHERE id = :i"), {"i": account_id}).first()
    return None if found is None or found[0] is None else str(found[0])


def owned_by(owner: Any, owners: tuple[str, ...]) -> ColumnElement[bool]:
    """``owner`` (an account's owner column) is one of ``owners``; "" stands for the user's
    own accounts not yet sent (no owner)."""
    named = [o for o in owners if o]
    return or_(owner.in_(named), owner.is_(None)) if "" in owners else owner.in_(named)


def stage_holder(conn: Connection, stage: int, owner: str | None) -> str | None:
    """Who holds the stage's role for an account, in team mode: its owner in Prospect and
    Information (the BD specialist), the owner's lead in Assessment (the outreach team lead).
    None when used alone, and for the later stages (their managers and executives are not
    members this laptop may list)."""
    me = login_in(conn)
    if me is None or stage > 3:
        return None
    whose = owner or me
    if stage <= 2:
        return whose
    lead = conn.execute(text("SELECT lead FROM team_member WHERE login = :w"), {"w": whose}).scalar()
    return None if lead is None else str(lead)


def login_in(conn: Connection) -> str | None:
    """This laptop's user in their team (None when used alone): who a new record is by."""
    found = conn.execute(text("SELECT login FROM team_link")).scalar()
    return None if found is None else str(found)


def accounts_named(engine: Engine, name: str) -> list[tuple[int, str]]:
    """The accounts whose name is ``name`` as the importer compares names (case, width and
    traditional or simplified characters aside): their keys and names."""
    from fieldcrm.domain.names import name_key

    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, name FROM account WHERE name_key = :k ORDER BY id"), {"k": name_key(name)}
        ).all()
    return [(int(i), str(n)) for i, n in rows]
