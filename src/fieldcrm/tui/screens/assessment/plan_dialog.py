"""Add or edit one development-plan step: step, task, company support, owner role, due date;
in team mode, the member it is given to (its agenda and calendar then hold it)."""

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

    def __init__(self, task: PlanTask | None = None, members: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.editing = task
        self.members = members

    def fields(self) -> tuple[str, ...]:
        return (*FIELDS, "assignee") if self.members else FIELDS  # in team mode: given to whom

    def heading(self) -> str:
        return t("plan.edit_title" if self.editing else "plan.add_title")

    def label(self, name: str) -> str:
        return t(f"plan.field.{name}")

    def save_label(self) -> str:
        return t("plan.button.save")

    def make_input(self, name: str) -> Input:
        value = getattr(self.editing, name) if self.editing else None
        suggested = {
            "owner_role": SuggestFromList(t("plan.roles").split("|"), case_sensitive=False),
            "assignee": SuggestFromList(self.members),
        }
        return Input(
            "" if value is None else str(value),
            id=name,
            placeholder=t(f"plan.placeholder.{name}"),
            suggester=suggested.get(name),
        )

    def build(self, values: dict[str, str]) -> PlanTaskFields:
        context = {"members": self.members} if self.members else None
        return PlanTaskFields.model_validate(values, context=context)
