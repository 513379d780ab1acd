"""Account writes: create, move between stages, change status, undo; each one transaction."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from fieldcrm import clock
from fieldcrm.domain import gates, transitions
from fieldcrm.domain.stages import Stage, Status
from fieldcrm.domain.transitions import Verdict
from fieldcrm.store import prospects
from fieldcrm.store.board import card_in
from fieldcrm.store.changes import AccountGone, Change, Gated, Refused
from fieldcrm.store.facts import facts_of
from fieldcrm.store.models import Account, AccountCreate, PlanTaskCreate, StageEvent
from fieldcrm.store.models.account import CONTACT_TARGETS
from fieldcrm.store.models.events import EventKind
from fieldcrm.store.plan import append_task
from fieldcrm.store.prospects import NewAccount
from fieldcrm.store.session import existing, transaction
from fieldcrm.store.team_view import login_in


def create_account(engine: Engine, data: AccountCreate) -> Account:
    """One new account, as the new-account form sends it (store.prospects writes it)."""
    with transaction(engine) as s:
        (account_id,) = prospects.add_accounts(s.connection(), [NewAccount(data.model_dump())], clock.now())
        account = s.get(Account, account_id)
        assert account is not None
    return account


def duplicate_of(engine: Engine, name: str, phone: str | None = None) -> tuple[int, str, str] | None:
    """The account a new one named ``name`` with ``phone`` would duplicate (store.prospects)."""
    with engine.connect() as conn:
        return prospects.duplicate_of(conn, name, phone)


def get_account(engine: Engine, account_id: int) -> Account | None:
    with Session(engine) as s:
        return s.get(Account, account_id)


def _load(s: Session, account_id: int) -> Account:
    return existing(s, Account, account_id, AccountGone)


def _record(
    s: Session,
    account: Account,
    kind: EventKind,
    *,
    stage: int,
    status: str,
    reason: str | None = None,
    missing: str | None = None,
) -> int:
    """Apply a stage/status change to ``account`` with its event; returns the event id."""
    now = clock.now()
    assert account.id is not None
    event = StageEvent(
        account_id=account.id,
        at=now,
        kind=kind,
        from_stage=account.stage,
        to_stage=stage,
        from_status=account.status,
        to_status=status,
        reason=reason,
        overridden=bool(missing),
        missing=missing,
        from_since=account.stage_since,
        from_reason=account.status_reason,
        made_by=login_in(s.connection()),
    )
    if stage != account.stage:
        account.stage_since = now
    account.stage, account.status, account.updated_at = stage, status, now
    account.status_reason = reason if Status(status) != Status.ACTIVE else None
    s.add(account)
    s.add(event)
    s.flush()
    assert event.id is not None
    return event.id


def _allow(verdict: Verdict) -> None:
    """Refuse a change the method does not allow: Refused, or Gated with what is missing."""
    if verdict.refused is not None:
        raise Refused(verdict.refused)
    if verdict.missing:
        raise Gated(verdict.missing)


def move_stage(
    engine: Engine, account_id: int, to_stage: Stage, overridden: list[str] | None = None
) -> Change:
    """Move to ``to_stage``, one stage from where the account is, if the method allows it
    (domain.transitions: Refused, or Gated with what is missing); ``overridden`` lists the
    gate items the user chose to skip."""
    with transaction(engine) as s:
        account = _load(s, account_id)
        stage, status, to = Stage(account.stage), Status(account.status), int(to_stage)
        items = gates.exit_checklist(facts_of(s, account)) if transitions.gated(stage, to) else []
        missing = [i.key for i in items if not i.met]
        _allow(transitions.move(stage, status, to, missing, overridden or ()))
        event_id = _record(
            s,
            account,
            EventKind.MOVED,
            stage=int(to_stage),
            status=account.status,
            reason=account.status_reason,
            missing=gates.override_record(items, [k for k in overridden or () if k in missing]),
        )
        card = card_in(s.connection(), account_id)
    return Change(account_id, event_id, card)


def set_status(
    engine: Engine,
    account_id: int,
    status: Status,
    reason: str | None = None,
    overridden: list[str] | None = None,
    review_on: date | None = None,
) -> Change:
    """Pause, resume, terminate, lose or win, if the method allows it (Refused, Gated);
    terminate and lose need a reason. A pause may carry the day it comes back to the agenda
    (``review_on``); resuming keeps that day, so an undone resume is paused as before."""
    reason = (reason or "").strip() or None
    if status.needs_reason and not reason:
        raise ValueError("status.reason_required")
    with transaction(engine) as s:
        account = _load(s, account_id)
        stage, now = Stage(account.stage), Status(account.status)
        gated = transitions.gated(stage, status=status)
        items = gates.exit_checklist(facts_of(s, account)) if gated else []
        missing = [i.key for i in items if not i.met]
        _allow(transitions.change_status(stage, now, status, missing, overridden or ()))
        event_id = _record(
            s,
            account,
            EventKind.STATUS,
            stage=account.stage,
            status=status,
            reason=reason,
            missing=gates.override_record(items, [k for k in overridden or () if k in missing]),
        )
        if status == Status.PAUSED:
            account.review_on = review_on
            s.add(account)
            s.flush()
        card = card_in(s.connection(), account_id)
    return Change(account_id, event_id, card)


def set_contact_target(engine: Engine, account_id: int, days: int | None) -> None:
    """Contact the account at most ``days`` apart (one of CONTACT_TARGETS) instead of its
    stage's limit; None goes back to the stage's."""
    if days is not None and days not in CONTACT_TARGETS:
        raise ValueError("contact_target.unknown")
    with transaction(engine) as s:
        account = _load(s, account_id)
        account.contact_days, account.updated_at = days, clock.now()
        s.add(account)


def back_to_information(engine: Engine, account_id: int, steps: list[str], due_on: date) -> Change:
    """Move an account in Assessment back to Information, each of ``steps`` (what is still to
    find out) becoming a plan step due ``due_on``: one transaction."""
    with transaction(engine) as s:
        account = _load(s, account_id)
        stage, status = Stage(account.stage), Status(account.status)
        _allow(transitions.move(stage, status, int(Stage.INFORMATION)))
        if stage != Stage.ASSESSMENT:
            raise Refused(transitions.Refusal.NOT_NEXT)
        event_id = _record(
            s,
            account,
            EventKind.MOVED,
            stage=int(Stage.INFORMATION),
            status=account.status,
            reason=account.status_reason,
        )
        for step in steps:
            append_task(s, PlanTaskCreate(account_id=account_id, step=step, due_on=due_on))
        card = card_in(s.connection(), account_id)
    return Change(account_id, event_id, card)


def undo(engine: Engine, change: Change) -> Change:
    """Put the account back as it was before ``change``, recording an undo event."""
    with transaction(engine) as s:
        account = _load(s, change.account_id)
        done = s.get(StageEvent, change.event_id)
        if done is None or done.from_stage is None or done.from_status is None:
            raise AccountGone(change.account_id)
        since = done.from_since
        event_id = _record(
            s,
            account,
            EventKind.UNDO,
            stage=done.from_stage,
            status=done.from_status,
            reason=done.from_reason,
        )
        if since is not None:
            account.stage_since = since
            s.add(account)
        s.flush()
        card = card_in(s.connection(), change.account_id)
    return Change(change.account_id, event_id, card)


def events_of(engine: Engine, account_id: int) -> list[StageEvent]:
    with Session(engine) as s:
        query = select(StageEvent).where(StageEvent.account_id == account_id)
        return list(s.exec(query.order_by(col(StageEvent.at), col(StageEvent.id))))
