"""A reason of the decision simulation: which list, what it says, how much it weighs."""

from __future__ import annotations

from sqlalchemy import Engine

from fieldcrm.i18n import t
from fieldcrm.store.models import SimReason, SimReasonCreate
from fieldcrm.store.models.simulation import ReasonKind, SimReasonFields
from fieldcrm.store.simulation import add_reason, update_reason
from fieldcrm.tui.screens.account.fields import Field, choice
from fieldcrm.tui.screens.account.form import FormDialog

REASON_FIELDS: tuple[Field, ...] = (
    choice("kind", "reason.list", ReasonKind, "reason.kind"),
    Field("text", "reason.text"),
    Field("weight", "reason.weight", "int"),
)


class ReasonForm(FormDialog):
    """Add a reason to a list, or edit one (moving it to the other list is allowed)."""

    MODEL, UPDATE = SimReasonCreate, SimReasonFields
    ADD, CHANGE = staticmethod(add_reason), staticmethod(update_reason)

    def __init__(self, engine: Engine, account_id: int, kind: str, reason: SimReason | None = None) -> None:
        title = t("form.reason_new") if reason is None else t("form.reason")
        super().__init__(
            engine, title, REASON_FIELDS, account_id=account_id, row=reason, new={"kind": kind, "weight": 3}
        )
