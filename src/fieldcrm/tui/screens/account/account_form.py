"""The account form: the name and every stage-1/stage-2 field of the company information."""

from __future__ import annotations

from sqlalchemy import Engine

from fieldcrm.domain.gates import gathered_in
from fieldcrm.domain.stages import Stage
from fieldcrm.i18n import t
from fieldcrm.store.account_info import update_account_info
from fieldcrm.store.models import Account, AccountUpdate
from fieldcrm.tui.screens.account.fields import Field
from fieldcrm.tui.screens.account.form import FormDialog

YES_NO = (("value.yes", True), ("value.no", False))


def _field(name: str, section: str | None = None) -> Field:
    """A text field, or a number one where the model takes an int."""
    kind = "int" if AccountUpdate.model_fields[name].annotation == int | None else "text"
    return Field(name, f"field.{name}", kind, section=section)


def _stage(stage: Stage, section: str | None) -> list[Field]:
    """The fields ``stage`` gathers (domain.gates.GATHERED_IN), under the heading ``section``."""
    names = gathered_in(stage)
    return [_field(name, section if i == 0 else None) for i, name in enumerate(names)]


# In the method's order; the overview shows the same sections (all but the name).
ACCOUNT_FIELDS: tuple[Field, ...] = (
    _field("name", "overview.basics"),
    _field("industry"),
    _field("phone"),
    _field("address"),
    _field("city"),
    *_stage(Stage.PROSPECT, "overview.stage1"),
    Field("opportunity", "field.opportunity", "select", options=YES_NO),
    Field("proposal_provided", "field.proposal_provided", "check", section="overview.stage2"),
    *_stage(Stage.INFORMATION, None),  # its heading is on proposal_provided
    *_stage(Stage.ASSESSMENT, "overview.stage3"),
    Field("notes", "field.notes", "area", section="overview.notes"),
)


class AccountForm(FormDialog):
    """Edit the account's name and company information."""

    MODEL = UPDATE = AccountUpdate
    CHANGE = staticmethod(update_account_info)

    def __init__(self, engine: Engine, account: Account) -> None:
        assert account.id is not None
        super().__init__(
            engine, t("form.account", name=account.name), ACCOUNT_FIELDS, account_id=account.id, row=account
        )
