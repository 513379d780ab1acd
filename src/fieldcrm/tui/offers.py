"""The method's "do not advance" paths, offered where the verdict is given and acted on at
once: too little information to assess (back to Information, a plan step per unknown factor),
grade D (pause with a review day, terminate, or contact less often), and the stage-1 verdict
of no deal opportunity (terminate with that reason). Each change is one transaction, and the
stage and status changes can be undone with ``u``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial

from sqlalchemy import Engine
from textual.app import App

from fieldcrm import clock
from fieldcrm.domain.scoring import MAX_UNKNOWN, Grade, Result
from fieldcrm.domain.stages import Stage, Status
from fieldcrm.i18n import factor_name, t
from fieldcrm.store import accounts
from fieldcrm.store.changes import AccountGone, Change, Refused
from fieldcrm.store.models import Account
from fieldcrm.store.models.account import CONTACT_TARGETS, Pause
from fieldcrm.tui.dialog import ChoiceDialog
from fieldcrm.tui.keys import localized
from fieldcrm.tui.undo import remember

FIND_OUT_DAYS = 7  # when the plan steps of going back to Information fall due

Done = Callable[[], None]


def _run(app: App[object], change: Callable[[], Change] | Callable[[], None], said: str, done: Done) -> None:
    """Make the change, remember it for undo, say so, then ``done``."""
    try:
        made = change()
    except (AccountGone, Refused):
        app.notify(t("board.gone"), severity="error")
    else:
        if made is not None:
            remember(app, made)
        app.notify(said, timeout=3)
    done()


def after_scoring(app: App[object], engine: Engine, account: Account, result: Result, done: Done) -> None:
    """Offer what the method asks when the result says not to advance; ``done`` runs after."""
    active = account.status == Status.ACTIVE
    if (
        active
        and result.grade is None
        and len(result.unknown) > MAX_UNKNOWN
        and account.stage == Stage.ASSESSMENT
    ):
        _offer_back(app, engine, account, result, done)
    elif active and result.grade is Grade.D:
        _offer_d(app, engine, account, done)
    else:
        done()


def _offer_back(app: App[object], engine: Engine, account: Account, result: Result, done: Done) -> None:
    assert account.id is not None
    steps = [t("offer.find_out", factor=f, name=factor_name(f)) for f in result.unknown]
    due = clock.today() + timedelta(days=FIND_OUT_DAYS)
    back = partial(accounts.back_to_information, engine, account.id, steps, due)

    def chosen(choice: str | None) -> None:
        if choice == "back":
            _run(app, back, t("offer.moved_back", name=account.name, steps=len(steps)), done)
        else:
            done()

    text = t("offer.back_text", count=len(result.unknown), factors=", ".join(result.unknown))
    choices = [("back", t("offer.back"))]
    app.push_screen(localized(ChoiceDialog)(t("offer.back_title"), text, choices), chosen)


def _offer_d(app: App[object], engine: Engine, account: Account, done: Done) -> None:
    assert account.id is not None
    account_id = account.id

    def paused(pause: Pause | None) -> None:
        if pause is None:
            done()
            return
        change = partial(
            accounts.set_status, engine, account_id, Status.PAUSED, pause.reason, review_on=pause.review_on
        )
        _run(app, change, t("board.paused_done", name=account.name), done)

    def ended(end: tuple[Status, str] | None) -> None:
        if end is None:
            done()
            return
        change = partial(accounts.set_status, engine, account_id, end[0], end[1])
        _run(app, change, t("offer.ended", name=account.name, status=t(f"status.{end[0].value}")), done)

    def targeted(days: str | None) -> None:
        if days is None:
            done()
            return

        def lower() -> None:
            accounts.set_contact_target(engine, account_id, int(days))

        _run(app, lower, t("offer.target_set", name=account.name, days=days), done)

    def chosen(choice: str | None) -> None:
        from fieldcrm.tui.screens.board.dialogs import CloseDialog, PauseDialog

        if choice == "pause":
            app.push_screen(localized(PauseDialog)(account.name, t("offer.pause_reason")), paused)
        elif choice == "terminate":
            app.push_screen(localized(CloseDialog)(account.name, t("offer.end_reason")), ended)
        elif choice == "target":
            options = [(str(d), t("offer.every", days=d)) for d in CONTACT_TARGETS]
            app.push_screen(
                localized(ChoiceDialog)(t("offer.target_title"), t("offer.target_text"), options), targeted
            )
        else:
            done()

    choices = [
        ("pause", t("offer.pause")),
        ("terminate", t("offer.terminate")),
        ("target", t("offer.target")),
    ]
    app.push_screen(localized(ChoiceDialog)(t("offer.d_title"), t("offer.d_text"), choices), chosen)


def after_verdict(app: App[object], engine: Engine, account: Account, done: Done) -> None:
    """The stage-1 verdict "no deal opportunity": offer to terminate with that reason."""
    if account.id is None or account.opportunity is not False or account.status != Status.ACTIVE:
        done()
        return
    change = partial(accounts.set_status, engine, account.id, Status.TERMINATED, t("offer.no_opportunity"))

    def chosen(choice: str | None) -> None:
        if choice == "terminate":
            _run(app, change, t("offer.ended", name=account.name, status=t("status.terminated")), done)
        else:
            done()

    choices = [("terminate", t("offer.terminate_verdict"))]
    app.push_screen(
        localized(ChoiceDialog)(t("offer.verdict_title"), t("offer.verdict_text"), choices), chosen
    )
