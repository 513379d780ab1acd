"""Syncing with the team's server from the app: in a worker thread at start, every few minutes
(``[team] sync_minutes`` in the settings file) and on a key. The board's header says how it
stands ("synced 3 min ago · 2 waiting", "offline · 12 waiting"). Being offline is normal and
says nothing more; a real problem (a password refused, the clock wrong, a version too old, no
longer a member) is shown once, plainly, with what to do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from fieldcrm import clock
from fieldcrm.i18n import t
from fieldcrm.store.upload import Link, link_of

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from fieldcrm.team.sync import Synced

T = TypeVar("T")
CONNECT_SECONDS = 10
CLOCK_WRONG = "FC001"  # the server's error code for a stamp too far ahead (team.schema)


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a sync ended: done (with what moved), offline, or a problem to show (its words)."""

    done: Synced | None = None
    offline: bool = False
    problem: str | None = None
    link: Link | None = None  # the link as the sync left it (read in the worker, not on screen)


def problem_of(exc: BaseException) -> Outcome:
    """What a failed sync means for the user: offline (quietly), or a problem in words."""
    from fieldcrm.team.admin import TeamError

    if isinstance(exc, TeamError):
        return Outcome(problem=t(exc.key, **exc.params))
    try:
        import psycopg
    except ImportError:  # pragma: no cover - the sync never started without it
        return Outcome(problem=t("team.needs_psycopg"))
    if isinstance(exc, psycopg.OperationalError):
        text = str(exc).lower()
        if "password authentication failed" in text:
            return Outcome(problem=t("sync.problem.password"))
        if "no password supplied" in text:
            return Outcome(problem=t("sync.problem.no_password"))
        return Outcome(offline=True)
    if isinstance(exc, psycopg.Error):
        if exc.sqlstate == CLOCK_WRONG:
            return Outcome(problem=t("team.clock_wrong"))
        lines = str(exc).strip().splitlines()
        return Outcome(problem=t("team.refused", reason=lines[0] if lines else type(exc).__name__))
    raise exc


def sync_once(engine: Engine, link: Link) -> Outcome:
    """One sync with the link's server (no password prompt: ~/.pgpass or PGPASSWORD), and the
    link read again after it (how many changes wait)."""
    from fieldcrm.team.sync import sync

    done, outcome = on_server(engine, lambda conn: sync(engine, conn, clock.now()), link)
    return replace(outcome, done=done)


def on_server(engine: Engine, act: Callable[[Any], T], link: Link | None = None) -> tuple[T | None, Outcome]:
    """``act`` on a connection to the team's server (``link``'s, or this database's), in the
    caller's thread: what it returned, and how it went (offline, or a problem in words), with
    the link read again after it."""
    link = link or link_of(engine)
    if link is None:
        return None, Outcome(problem=t("team.not_joined_error"))
    try:
        import psycopg
    except ImportError:
        return None, Outcome(problem=t("team.needs_psycopg"))
    try:
        with psycopg.connect(link.server, connect_timeout=CONNECT_SECONDS) as conn:
            result = act(conn)
    except Exception as exc:  # sorted into offline and problems; anything else goes on up
        return None, problem_of(exc)
    return result, Outcome(link=link_of(engine))


class SyncStatus:
    """What the header says about syncing, and which problem was shown last."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.link: Link | None = link_of(engine)
        self.offline = False
        self.last: datetime | None = self.link.last_sync if self.link else None
        self.waiting = self.link.waiting if self.link else 0
        self.shown_problem: str | None = None

    @property
    def joined(self) -> bool:
        return self.link is not None

    def took(self, outcome: Outcome) -> str | None:
        """Note how a sync ended; the problem to show now (None when it was shown already)."""
        self.link = outcome.link or self.link
        self.waiting = self.link.waiting if self.link else 0
        self.offline = outcome.offline
        if outcome.done is not None:
            self.last = clock.now()
        if outcome.problem is None:
            self.shown_problem = None
            return None
        if outcome.problem == self.shown_problem:
            return None
        self.shown_problem = outcome.problem
        return outcome.problem

    def header(self) -> str:
        """ "synced 3 min ago · 2 waiting", "offline · 12 waiting", or "" alone."""
        if not self.joined:
            return ""
        if self.offline:
            return t("sync.header_offline", waiting=self.waiting)
        if self.last is None:
            return t("sync.header_never", waiting=self.waiting)
        minutes = max(0, int((clock.now() - self.last).total_seconds() // 60))
        ago = t("sync.just_now") if minutes < 1 else t("sync.minutes_ago", minutes=minutes)
        return t("sync.header_synced", ago=ago, waiting=self.waiting)


def moved(outcome: Outcome) -> bool:
    """Whether the sync brought anything the board shows."""
    done: Any = outcome.done
    return done is not None and bool(done.received or done.removed)


def handed_over(engine: Engine, account_id: int, login: str) -> Outcome:
    """Hand the account to ``login`` on the team's server, then sync (store: team.handover)."""
    from fieldcrm.team.handover import hand_over

    done, outcome = on_server(engine, lambda conn: hand_over(engine, conn, account_id, login, clock.now()))
    return replace(outcome, done=done)
