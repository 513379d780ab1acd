"""Message catalogs in English and Simplified Chinese, and ``t()`` to look a message up.

Catalogs are split by area: every module of this package (``common``, ``board``...) holds
``EN`` and ``ZH`` dictionaries with the same keys; a test checks that both languages cover
every key. A new area is picked up by adding its module and naming it in AREAS (a test holds
AREAS to the package's modules: listing them at start-up took 9 ms).
"""

from __future__ import annotations

from importlib import import_module
from pathlib import PurePath
from typing import Any

from fieldcrm.untrusted import visible

_lang = "en"
_catalogs: dict[str, dict[str, str]] | None = None


def _load() -> dict[str, dict[str, str]]:
    global _catalogs
    if _catalogs is None:
        merged: dict[str, dict[str, str]] = {"en": {}, "zh": {}}
        for area in AREAS:
            module = import_module(f"fieldcrm.i18n.{area}")
            merged["en"].update(module.EN)
            merged["zh"].update(module.ZH)
        _catalogs = merged
    return _catalogs


AREAS = (
    "account",
    "agenda",
    "assessment",
    "backup",
    "board",
    "cli_help",
    "common",
    "io",
    "keys",
    "keys_account",
    "keys_method",
    "keys_team",
    "method",
    "records",
    "reliability",
    "report",
    "team",
)


def areas() -> list[str]:
    """The catalog modules of this package, in name order, as they are on disk."""
    import pkgutil

    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def set_language(lang: str) -> None:
    global _lang
    if lang not in ("en", "zh"):
        raise ValueError(f"unknown language {lang!r}")
    _lang = lang


def language() -> str:
    return _lang


def t(key: str, **params: Any) -> str:
    """The message for ``key`` in the current language; the key itself if it is missing.

    Text parameters (a company's name, a path, a cell of a file) are put in with their control
    characters shown as stand-ins (fieldcrm.untrusted), so no message carries a terminal
    control from the data, on the screen or on the command line."""
    return _message(_lang, key, params)


def _message(lang: str, key: str, params: dict[str, Any]) -> str:
    catalog = _load()
    text = catalog.get(lang, catalog["en"]).get(key) or catalog["en"].get(key) or key
    if not params:
        return text
    return text.format(
        **{k: visible(str(v)) if isinstance(v, str | PurePath) else v for k, v in params.items()}
    )


def catalogs() -> dict[str, dict[str, str]]:
    return _load()


def t_in(lang: str | None, key: str, **params: Any) -> str:
    """:func:`t` in ``lang`` (an export's language), the interface's when None."""
    return _message(lang or _lang, key, params)


# The method's words (i18n/method.py), by the ids the domain uses.


def stage_name(stage: int, lang: str | None = None) -> str:
    return t_in(lang, f"stage.{int(stage)}.name")


def stage_roles(stage: int, lang: str | None = None) -> str:
    """Who is responsible for the stage (参与人员)."""
    return t_in(lang, f"stage.{int(stage)}.roles")


def stage_full_name(stage: int, lang: str | None = None) -> str:
    return t_in(lang, f"stage.{int(stage)}.full")


def factor_name(factor: str, lang: str | None = None) -> str:
    return t_in(lang, f"factor.{factor}")


def grade_action(grade: str, lang: str | None = None) -> str:
    """What the method asks for an account of ``grade``."""
    return t_in(lang, f"grade.{grade}.action")


def ladder_name(step: int, lang: str | None = None) -> str:
    return t_in(lang, f"ladder.{int(step)}")
