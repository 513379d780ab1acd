"""Deleting from the account screen: always asked first, and then erased for good."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from fieldcrm.i18n import t
from fieldcrm.store.account_view import AccountView
from fieldcrm.store.activities import delete_contact
from fieldcrm.store.erase import delete_account, delete_person
from fieldcrm.store.milestones import clear_milestone, delete_material
from fieldcrm.store.models import Activity, Material, Person, SimReason
from fieldcrm.store.simulation import delete_reason
from fieldcrm.tui.dialog import ask
from fieldcrm.tui.undo import remember

if TYPE_CHECKING:
    from fieldcrm.tui.screens.account.screen import AccountScreen


def _erasing(
    screen: AccountScreen, erase: Callable[[], None], done: str, leave: bool = False
) -> Callable[[], None]:
    """Run ``erase``, say so, and redraw (or leave the screen when the account itself went)."""

    def run() -> None:
        try:
            erase()
        except LookupError:
            screen.notify(t("account.gone"), severity="error")
        else:
            screen.notify(done, timeout=3)
        if leave:
            screen.dismiss(None)
        else:
            screen.reload()

    return run


def _delete_contact(screen: AccountScreen, activity_id: int) -> None:
    """Delete a contact; ``u`` brings it back."""
    remember(screen.app, delete_contact(screen.engine, activity_id))


def _untick(engine: Engine, account_id: int, item: str) -> None:
    clear_milestone(engine, account_id, item)


def confirm_delete(screen: AccountScreen, data: AccountView) -> None:
    """Ask before deleting what the current pane has selected (on the overview: the account)."""
    engine, selected = screen.engine, screen.selected_item()
    erase: Callable[[], None]
    if screen.pane == "overview":
        a = data.account
        assert a.id is not None
        title = t("delete.account_title")
        text = t(
            "delete.account_text",
            name=a.name,
            people=len(data.people),
            contacts=len(data.activities),
            reasons=len(data.reasons),
        )
        erase, done = partial(delete_account, engine, a.id), t("delete.done", name=a.name)
    elif isinstance(selected, Person) and selected.id is not None:
        title = t("delete.person_title")
        text = t("delete.person_text", name=selected.name, contacts=len(data.contacts_with(selected.id)))
        erase, done = partial(delete_person, engine, selected.id), t("delete.done", name=selected.name)
    elif isinstance(selected, Activity) and selected.id is not None:
        title = t("delete.contact_title")
        text = t("delete.contact_text", day=selected.occurred_on.isoformat(), step=selected.next_step)
        erase, done = partial(_delete_contact, screen, selected.id), t("delete.contact_done")
    elif isinstance(selected, SimReason) and selected.id is not None:
        title, text = t("delete.reason_title"), t("delete.reason_text", text=selected.text)
        erase, done = partial(delete_reason, engine, selected.id), t("delete.reason_done")
    elif isinstance(selected, Material) and selected.id is not None:
        title, text = t("delete.material_title"), t("delete.material_text", what=selected.what)
        erase, done = partial(delete_material, engine, selected.id), t("delete.material_done")
    elif isinstance(selected, str) and selected in data.milestones and data.account.id is not None:
        item = t(f"milestone.{selected}")
        title, text = t("delete.milestone_title"), t("delete.milestone_text", item=item)
        erase, done = (
            partial(_untick, engine, data.account.id, selected),
            t("delete.milestone_done", item=item),
        )
    else:
        screen.app.bell()
        return
    ask(
        screen.app,
        title,
        text,
        t("delete.yes"),
        _erasing(screen, erase, done, leave=screen.pane == "overview"),
    )
