"""Labels and small formats shared by the account panes and forms."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from fieldcrm.domain.insider import CANDIDATE_NAMES, QUALIFICATION_NAMES
from fieldcrm.domain.profile import PROFILE_NAMES
from fieldcrm.i18n import language, t
from fieldcrm.untrusted import visible

# Names the domain already carries in both languages, by the prefix of their label key.
_DOMAIN_NAMES: dict[str, dict[str, tuple[str, str]]] = {
    "profile": PROFILE_NAMES,
    "qualification": QUALIFICATION_NAMES,
    "candidate": CANDIDATE_NAMES,
}
DASH = "—"


def label(key: str) -> str:
    """The text of a label key: 'profile.age' and the like from the domain, others via t()."""
    area, _, name = key.partition(".")
    names = _DOMAIN_NAMES.get(area)
    if names is not None and name in names:
        en, zh = names[name]
        return zh if language() == "zh" else en
    return t(key)


def shown(value: object) -> str:
    """A stored value as the panes show it: yes/no, ISO dates, a dash for nothing."""
    if value is None or value == "":
        return DASH
    if isinstance(value, bool):
        return t("value.yes" if value else "value.no")
    if isinstance(value, date):
        return value.isoformat()
    return visible(str(value))


def dots(n: int, of: int = 5) -> str:
    """Influence or weight 1-5 as ●●●○○."""
    return "●" * n + "○" * (of - n)


def clip(text: str, width: int) -> Text:
    """One line of at most ``width`` cells (double-width safe), with an ellipsis if cut."""
    out = Text(visible(" ".join(text.split())))
    out.truncate(width, overflow="ellipsis")
    return out
