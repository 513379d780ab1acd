"""A reason of the decision simulation: which list, whose (a decision maker's reasons are held
per person), what it says, how much it weighs."""

from __future__ import annotations

from sqlalchemy import Engine

from fieldcrm.domain.forces import Role
from fieldcrm.i18n import t
from fieldcrm.store.account_view import AccountView
from fieldcrm.store.models import SimReason, SimReasonCreate
from fieldcrm.store.models.simulation import ReasonKind, SimReasonFields
from fieldcrm.store.people import has_role
from fieldcrm.store.simulation import add_reason, update_reason
from fieldcrm.tui.plain import plain
from fieldcrm.tui.screens.account.fields import Field, choice
from fieldcrm.tui.screens.account.form import FormDialog


class ReasonForm(FormDialog):
    """Add a reason to a list, or edit one (moving it to the other list is allowed)."""

    MODEL, UPDATE = SimReasonCreate, SimReasonFields
    ADD, CHANGE = staticmethod(add_reason), staticmethod(update_reason)
    MODEL_ERROR_FIELD = "person_id"

    def __init__(
        self,
        engine: Engine,
        data: AccountView,
        kind: str,
        person_id: int | None = None,
        reason: SimReason | None = None,
    ) -> None:
        assert data.account.id is not None
        deciders = [p for p in data.people if has_role(p, Role.DECISION_MAKER)]
        fields = (
            choice("kind", "reason.list", ReasonKind, "reason.kind"),
            Field(
                "person_id", "reason.person", "select", choices=tuple((plain(p.name), p.id) for p in deciders)
            ),
            Field("text", "reason.text"),
            Field("weight", "reason.weight", "int"),
        )
        title = t("form.reason_new") if reason is None else t("form.reason")
        new = {
            "kind": kind,
            "weight": 3,
            "person_id": person_id if kind == ReasonKind.DECISION_MAKER else None,
        }
        super().__init__(engine, title, fields, account_id=data.account.id, row=reason, new=new)
