"""A reason of the decision simulation: which list, what it says, how much it weighs."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy import Engine

from fieldcrm.i18n import t
from fieldcrm.store.models import SimReason, SimReasonCreate
from fieldcrm.store.models.simulation import ReasonKind, SimReasonFields
from fieldcrm.store.simulation import add_reason, update_reason
from fieldcrm.tui.screens.account.form import Field, FormDialog, values_of

REASON_FIELDS: tuple[Field, ...] = (
    Field(
        "kind",
        "reason.list",
        "select",
        blank=False,
        options=tuple((f"reason.kind.{k}", k.value) for k in ReasonKind),
    ),
    Field("text", "reason.text"),
    Field("weight", "reason.weight", "int"),
)


class ReasonForm(FormDialog):
    """Add a reason to a list, or edit one (moving it to the other list is allowed)."""

    MODEL = SimReasonCreate

    def __init__(self, engine: Engine, account_id: int, kind: str, reason: SimReason | None = None) -> None:
        if reason is None:
            title, values = t("form.reason_new"), {"kind": kind, "weight": 3}
        else:
            title, values = t("form.reason"), values_of(reason, REASON_FIELDS)
        super().__init__(title, values, REASON_FIELDS)
        self.engine = engine
        self.account_id = account_id
        self.reason_id = None if reason is None else reason.id

    def build(self, values: dict[str, object]) -> BaseModel:
        if self.reason_id is None:
            return SimReasonCreate.model_validate({**values, "account_id": self.account_id})
        return SimReasonFields.model_validate(values)

    def store(self, model: BaseModel) -> None:
        if isinstance(model, SimReasonCreate):
            add_reason(self.engine, model)
        else:
            assert isinstance(model, SimReasonFields) and self.reason_id is not None
            update_reason(self.engine, self.reason_id, model)
