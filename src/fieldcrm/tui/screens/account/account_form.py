"""The account form: the name and every stage-1/stage-2 field of the company information."""

from __future__ import annotations

from sqlalchemy import Engine

from fieldcrm.i18n import t
from fieldcrm.store.account_info import update_account_info
from fieldcrm.store.models import Account, AccountUpdate
from fieldcrm.tui.screens.account.fields import Field
from fieldcrm.tui.screens.account.form import FormDialog

YES_NO = (("value.yes", True), ("value.no", False))


def _text(name: str, section: str | None = None) -> Field:
    return Field(name, f"field.{name}", section=section)


def _int(name: str) -> Field:
    return Field(name, f"field.{name}", "int")


# In the method's order; the overview shows the same sections (all but the name).
ACCOUNT_FIELDS: tuple[Field, ...] = (
    _text("name", "overview.basics"),
    _text("industry"),
    _text("phone"),
    _text("address"),
    _text("need_reason", "overview.stage1"),
    _int("urgency"),
    _int("years_in_business"),
    _text("scale"),
    _text("current_state"),
    _text("business_plans"),
    _int("need_strength"),
    Field("opportunity", "field.opportunity", "select", options=YES_NO),
    Field("proposal_provided", "field.proposal_provided", "check", section="overview.stage2"),
    _text("supplier_structure"),
    _text("supplier_problems"),
    _text("change_wish"),
    _int("change_strength"),
    _text("supplier_tenure"),
    _text("supplier_how_won"),
    _text("customer_base"),
    _text("stability"),
    _text("after_sales"),
    _text("other_sources"),
    _text("cooperation", "overview.stage3"),
    _text("obstacles"),
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
