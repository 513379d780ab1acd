"""The one error type of the io package: a message key and its parameters, shown via t()."""

from __future__ import annotations

from typing import Any


class FileError(Exception):
    """An export, import, backup, restore or check that could not be done, and why."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
