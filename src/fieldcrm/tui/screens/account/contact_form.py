"""Logging a contact: who, how, what was said, its influence and how long it lasts, the next step."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from fieldcrm.i18n import t
from fieldcrm.store.account_view import AccountView
from fieldcrm.store.activities import log_contact, update_contact
from fieldcrm.store.models import Activity, ActivityCreate, ActivityUpdate
from fieldcrm.store.models.activity import ActivityKind
from fieldcrm.tui.plain import plain
from fieldcrm.tui.screens.account.fields import Field, choice
from fieldcrm.tui.screens.account.form import FormDialog

NEXT_STEP_DAYS = 7  # the next step's due date the form proposes


class ContactForm(FormDialog):
    """Every contact sets up the next step (下一步): it and its due date are required."""

    MODEL = ActivityCreate
    ADD = staticmethod(log_contact)
    UPDATE = ActivityUpdate
    CHANGE = staticmethod(update_contact)
    MODEL_ERROR_FIELD = "next_due"  # the one whole-form rule: due on or after the contact

    def __init__(
        self, engine: Engine, data: AccountView, person_id: int | None = None, row: Activity | None = None
    ) -> None:
        """Log a new contact (with ``person_id`` chosen), or correct the logged ``row``."""
        assert data.account.id is not None
        fields = (
            Field("occurred_on", "contact.date", "date"),
            Field(
                "person_id",
                "contact.person",
                "select",
                choices=tuple((plain(p.name), p.id) for p in data.people),
            ),
            choice("kind", "contact.kind", ActivityKind, "kind"),
            Field("summary", "contact.summary", "area"),
            Field("influence", "contact.influence", "int"),
            Field("duration_minutes", "contact.minutes", "int"),
            Field("persistence_days", "contact.lasts", "int"),
            Field("next_step", "contact.next", section="contact.next_section"),
            Field("next_due", "contact.due", "date"),
            Field("next_time", "contact.time", "time"),
            Field("note", "contact.note", "area"),
        )
        values = {
            "occurred_on": data.today,
            "person_id": person_id,
            "kind": ActivityKind.VISIT.value,
            "influence": 3,
            "persistence_days": 14,
            "next_due": data.today + timedelta(days=NEXT_STEP_DAYS),
        }
        title = t("form.contact_edit" if row else "form.contact", name=data.account.name)
        super().__init__(engine, title, fields, account_id=data.account.id, row=row, new=values)
