"""The account screen's title line: the name, then the stage with its roles (in team mode, who
holds the stage's role for this account), the status and why, the grade and the deal's
probability, the contact target and the next step."""

from __future__ import annotations

from rich.text import Text

from fieldcrm.domain.stages import Stage
from fieldcrm.i18n import stage_name, stage_roles, t
from fieldcrm.store.account_view import AccountView
from fieldcrm.tui.plain import plain
from fieldcrm.untrusted import one_line


def account_title(data: AccountView) -> Text:
    """The title line of the account in ``data``."""
    a = data.account
    stage = Stage(a.stage)
    text = plain(a.name, style="bold")
    status = t(f"status.{a.status}")
    if a.status_reason:  # why it was paused, terminated or lost
        status = t("account.status_reason", status=status, reason=a.status_reason)
    if a.status == "paused" and a.review_on:
        status += " · " + t("account.review_on", day=a.review_on.isoformat())
    roles = stage_roles(stage)
    if data.holder:  # in team mode, the member who holds the role for this account
        roles = t("account.role_held", roles=roles, holder=one_line(data.holder))
    facts = [t("account.stage_roles", number=int(stage), stage=stage_name(stage), roles=roles), status]
    if a.grade:
        grade = t("account.grade", grade=a.grade)
        if a.deal_probability is not None:
            grade += " · " + t("work.percent", pct=a.deal_probability)
        facts.append(grade)
    if a.contact_days:
        facts.append(t("account.contact_target", days=a.contact_days))
    if a.next_step and a.next_due:
        facts.append(t("account.next", step=a.next_step, due=a.next_due.isoformat()))
    else:
        facts.append(t("card.no_next_step"))
    text.append("  ·  " + "  ·  ".join(facts))
    return text
