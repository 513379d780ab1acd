"""Key bindings with ids, shared by footer, help and palette; what they do is in the catalogs.

A binding's texts are the messages ``key.<id>`` (the footer's label) and ``key.<id>.long``
(the help screen's and the palette's, when it says more) of fieldcrm.i18n.keys. Textual
reads ``BINDINGS`` when a class is defined, so each screen declares ``KEYS`` and is used
through :func:`localized`, which makes (once per language) a subclass of the same name whose
``BINDINGS`` carry the descriptions of that language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar, TypeVar, cast

from textual.binding import Binding

from fieldcrm.i18n import catalogs, language


@dataclass(frozen=True, slots=True)
class KeySpec:
    """One binding: id (its texts' key, and what a keymap remaps), keys and action."""

    id: str
    keys: str
    action: str
    show: bool = True
    priority: bool = False
    key_display: str | None = None

    def description(self, lang: str | None = None) -> str:
        """The footer's short label."""
        return _text(f"key.{self.id}", lang)

    def explanation(self, lang: str | None = None) -> str:
        """The help screen's and palette's text."""
        return _text(f"key.{self.id}.long", lang) or self.description(lang)

    def binding(self, lang: str) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.description(lang),
            show=self.show,
            priority=self.priority,
            tooltip=self.explanation(lang),
            id=self.id,
            key_display=self.key_display,
        )


def _text(key: str, lang: str | None) -> str:
    """The message ``key`` in ``lang`` (default: the interface's); "" if it has none."""
    return catalogs()[lang or language()].get(key, "")


class HasKeys:
    """A node whose bindings come from ``KEYS``."""

    KEYS: ClassVar[tuple[KeySpec, ...]] = ()


T = TypeVar("T", bound=type[Any])


@cache
def _localized(cls: type[Any], lang: str) -> type[Any]:
    bindings = [spec.binding(lang) for spec in cls.KEYS]
    return type(
        cls.__name__, (cls,), {"BINDINGS": bindings, "__module__": cls.__module__, "__doc__": cls.__doc__}
    )


def localized(cls: T) -> T:
    """``cls`` with its KEYS bound in the current language."""
    return cast(T, _localized(cast(Any, cls), language()))


_SYMBOLS = {
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "question_mark": "?",
    "plus": "+",
    "minus": "-",
    "greater_than_sign": ">",
    "less_than_sign": "<",
    "slash": "/",
    "escape": "esc",
    "shift+right": "shift+→",
    "shift+left": "shift+←",
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
}


def display_keys(spec: KeySpec, keymap: Mapping[str, str] | None = None) -> str:
    """Every key of a binding (as the user's keymap sets them), as the help screen shows
    them: 'j / ↓'."""
    keys = (keymap or {}).get(spec.id, spec.keys)
    return " / ".join(_SYMBOLS.get(k.strip(), k.strip()) for k in keys.split(","))


def all_binding_ids() -> frozenset[str]:
    """The id of every binding of every screen and dialog (each module of fieldcrm.tui is
    imported: for checking a keymap, off the UI thread)."""
    import pkgutil
    from importlib import import_module

    import fieldcrm.tui

    ids: set[str] = set()
    for found in pkgutil.walk_packages(fieldcrm.tui.__path__, "fieldcrm.tui."):
        module = import_module(found.name)
        for value in vars(module).values():
            keys = getattr(value, "KEYS", None) if isinstance(value, type) else None
            ids.update(spec.id for spec in keys or () if isinstance(spec, KeySpec))
    return frozenset(ids)
