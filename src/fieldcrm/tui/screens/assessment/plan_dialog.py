"""Add or edit one development-plan step: step, task, company support, owner role, due date."""

from __future__ import annotations

from textual.suggester import SuggestFromList
from textual.widgets import Input

from fieldcrm.i18n import t
from fieldcrm.store.models import PlanTask
from fieldcrm.store.models.plan import PlanTaskFields
from fieldcrm.tui.dialog import CANCEL, InputsDialog
from fieldcrm.tui.keys import KeySpec

FIELDS = ("step", "task", "support", "owner_role", "due_on")


class PlanTaskDialog(InputsDialog[PlanTaskFields]):
    """The step is required; the due date is YYYY-MM-DD; the rest is free text."""

    KEYS = (CANCEL, KeySpec("plan_task.save", "ctrl+s", "save"))
    FIELDS = FIELDS
    DIALOG_ID = "plan-task-dialog"

    def __init__(self, task: PlanTask | None = None) -> None:
        super().__init__()
        self.editing = task

    def heading(self) -> str:
        return t("plan.edit_title" if self.editing else "plan.add_title")

    def label(self, name: str) -> str:
        return t(f"plan.field.{name}")

    def save_label(self) -> str:
        return t("plan.button.save")

    def make_input(self, name: str) -> Input:
        value = getattr(self.editing, name) if self.editing else None
        roles = SuggestFromList(t("plan.roles").split("|"), case_sensitive=False)
        return Input(
            "" if value is None else str(value),
            id=name,
            placeholder=t(f"plan.placeholder.{name}"),
            suggester=roles if name == "owner_role" else None,
        )

    def build(self, values: dict[str, str]) -> PlanTaskFields:
        return PlanTaskFields.model_validate(values)
