"""Requests to the team's managers (an executive meeting or system support, from Relationship
on) and their answers: asked on the rep's laptop, answered on a manager's, each a synced row."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ColumnElement, Engine, and_, or_, select

from fieldcrm import clock
from fieldcrm.domain.stages import Stage
from fieldcrm.store.changes import AccountGone
from fieldcrm.store.export_queries import my_login
from fieldcrm.store.models import Account, Person, RequestCreate, SupportRequest, TeamMember
from fieldcrm.store.session import existing, transaction
from fieldcrm.store.team_view import login_in

ANSWERS_SHOWN_DAYS = 14  # an answer stays on the asker's agenda this long

Q = SupportRequest.__table__.c  # type: ignore[attr-defined]


class RequestRefused(ValueError):
    """A request that cannot be made or answered, with the message key that says why."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def ask(engine: Engine, data: RequestCreate) -> SupportRequest:
    """Ask the managers, for one of the account's people; from Relationship on, in team mode."""
    with transaction(engine) as s:
        account = existing(s, Account, data.account_id, AccountGone)
        me = login_in(s.connection())
        if me is None:
            raise RequestRefused("request.team_only")
        if account.stage < Stage.RELATIONSHIP:
            raise RequestRefused("request.too_early")
        person = s.get(Person, data.person_id)
        if person is None or person.account_id != account.id:
            raise RequestRefused("request.no_person")
        row = SupportRequest(
            account_id=account.id,
            person_id=person.id,
            kind=data.kind.value,
            reason=data.reason,
            asked_on=clock.today(),
            asked_by=me,
        )
        s.add(row)
    return row


def answer(engine: Engine, request_id: int, accepted: bool) -> SupportRequest:
    """A manager's answer; it syncs back to whoever asked."""
    with transaction(engine) as s:
        row = s.get(SupportRequest, request_id)
        if row is None:
            raise RequestRefused("request.gone")
        me = login_in(s.connection())
        role = s.get(TeamMember, me) if me else None
        if role is None or role.role != "manager":
            raise RequestRefused("request.managers_answer")
        if row.answer is not None:
            raise RequestRefused("request.answered")
        row.answer = "accepted" if accepted else "declined"
        row.answered_on, row.answered_by = clock.today(), me
    return row


def on_my_agenda() -> ColumnElement[bool]:
    """The requests this laptop's user should see on their agenda: a manager, those waiting for
    an answer; anyone, their own, waiting or answered in the past ANSWERS_SHOWN_DAYS."""
    member = TeamMember.__table__.c  # type: ignore[attr-defined]
    me = my_login()
    role = select(member.role).where(member.login == me).scalar_subquery()
    lately = clock.today() - timedelta(days=ANSWERS_SHOWN_DAYS)
    return or_(
        and_(role == "manager", Q.answer.is_(None)),
        and_(Q.asked_by == me, or_(Q.answer.is_(None), Q.answered_on >= lately)),
    )


def parse_state(state: str) -> tuple[str, str]:
    kind, _, answer = state.partition(":")
    return kind, answer
