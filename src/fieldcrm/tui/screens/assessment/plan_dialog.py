"""Add or edit one development-plan step: step, task, company support, owner role, due date."""

from __future__ import annotations

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Static

from fieldcrm.i18n import t
from fieldcrm.store.models import PlanTask
from fieldcrm.store.models.plan import PlanTaskFields
from fieldcrm.store.validation import field_errors
from fieldcrm.tui.keys import KeySpec
from fieldcrm.tui.screens.dialogs import CANCEL, Dialog

FIELDS = ("step", "task", "support", "owner_role", "due_on")


class PlanTaskDialog(Dialog[PlanTaskFields]):
    """The step is required; the due date is YYYY-MM-DD; the rest is free text."""

    KEYS = (CANCEL, KeySpec("plan_task.save", "ctrl+s", "save", "Save", "保存"))

    def __init__(self, task: PlanTask | None = None) -> None:
        super().__init__()
        self.editing = task

    def compose(self) -> ComposeResult:
        task = self.editing
        roles = SuggestFromList(t("plan.roles").split("|"), case_sensitive=False)
        with Vertical(classes="dialog", id="plan-task-dialog"):
            yield Label(t("plan.edit_title" if task else "plan.add_title"), classes="dialog-title")
            for name in FIELDS:
                value = getattr(task, name) if task else None
                yield Label(t(f"plan.field.{name}"))
                yield Input(
                    "" if value is None else str(value),
                    id=name,
                    placeholder=t(f"plan.placeholder.{name}"),
                    suggester=roles if name == "owner_role" else None,
                )
                error = Static("", id=f"{name}-error", classes="field-error")
                error.display = False  # room for the buttons on a small terminal
                yield error
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("plan.button.save"), id="save", variant="primary")
                yield Button(t("dialog.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#step", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(None)

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        values = {name: self.query_one(f"#{name}", Input).value for name in FIELDS}
        try:
            data = PlanTaskFields(**values)
        except ValidationError as exc:
            errors = field_errors(exc)
            for name in FIELDS:
                key, params = errors.get(name, ("", {}))
                error = self.query_one(f"#{name}-error", Static)
                error.update(t(key, **params) if key else "")
                error.display = bool(key)
            return
        self.dismiss(data)
