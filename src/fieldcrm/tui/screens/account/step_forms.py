"""A next step moved to another day or time, or handed to a colleague, without a contact."""

from __future__ import annotations

from sqlalchemy import Engine

from fieldcrm.i18n import t
from fieldcrm.store.activities import hand_step, reschedule_step
from fieldcrm.store.models import Activity, StepHandover, StepReschedule
from fieldcrm.tui.screens.account.fields import Field
from fieldcrm.tui.screens.account.form import FormDialog


class MoveStepForm(FormDialog):
    """A new day (never before the contact) and, if it matters, a time; the old ones are kept."""

    MODEL = UPDATE = StepReschedule
    CHANGE = staticmethod(reschedule_step)
    MODEL_ERROR_FIELD = "next_due"

    def __init__(self, engine: Engine, step: Activity) -> None:
        fields = (Field("next_due", "contact.due", "date"), Field("next_time", "contact.time", "time"))
        self.occurred_on = step.occurred_on
        super().__init__(
            engine, t("step.move_title", step=step.next_step), fields, account_id=step.account_id, row=step
        )

    def fixed(self) -> dict[str, object]:
        return {"occurred_on": self.occurred_on}


class HandStepForm(FormDialog):
    """The colleague who takes the step over (empty: it is the rep's own again)."""

    MODEL = UPDATE = StepHandover
    CHANGE = staticmethod(hand_step)

    def __init__(self, engine: Engine, step: Activity) -> None:
        fields = (Field("next_owner", "step.owner"),)
        super().__init__(
            engine, t("step.hand_title", step=step.next_step), fields, account_id=step.account_id, row=step
        )
