"""What an export writes: one table or several, each with its headers, and the labels in the
export's language.

Columns are spelled as one string of header keys (``csv.<key>``, or a full key when it has
a dot); a leading ``#`` marks a number column, left as a number; every other column is text
and is neutralised on writing. Labels come in the export's language, not the interface's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from fieldcrm.domain.insider import Ladder
from fieldcrm.domain.stages import Stage
from fieldcrm.i18n import catalogs, ladder_name, stage_name


@dataclass(frozen=True, slots=True)
class Sheet:
    """A table: headers, which columns are numbers, the rows, and how many there will be; and
    the tables written below it (``below``), each after a blank row and under its own headers,
    so a summary reads in sections in a spreadsheet."""

    headers: list[str]
    numbers: frozenset[int]
    rows: Iterable[Sequence[Any]]
    total: Callable[[], int]
    label: int = 0  # the column that names a row in messages (the account)
    below: tuple[Sheet, ...] = ()

    @property
    def text_columns(self) -> list[int]:
        return [i for i in range(len(self.headers)) if i not in self.numbers]

    @property
    def tables(self) -> tuple[Sheet, ...]:
        """This table and those below it, in the order they are written."""
        return (self, *self.below)


class Words:
    """Labels in one language, whatever language the interface speaks."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._catalog = catalogs()[lang]
        self._fallback = catalogs()["en"]

    def __call__(self, key: str) -> str:
        return self._catalog.get(key) or self._fallback.get(key) or key

    def table(self, prefix: str, values: Iterable[str]) -> dict[str, str]:
        return {v: self(f"{prefix}.{v}") for v in values}

    def stages(self) -> dict[int, str]:
        return {int(s): stage_name(s, self.lang) for s in Stage}

    def ladder(self) -> dict[int, str]:
        return {int(step): ladder_name(step, self.lang) for step in Ladder}

    def yes_no(self) -> tuple[str, str]:
        return self("csv.no"), self("csv.yes")

    def columns(self, spec: str) -> tuple[list[str], frozenset[int]]:
        """Headers and the indexes of the number columns of a column string."""
        keys = spec.split()
        names = [k.lstrip("#") for k in keys]
        headers = [self(n if "." in n else f"csv.{n}") for n in names]
        return headers, frozenset(i for i, k in enumerate(keys) if k.startswith("#"))

    def sheet(
        self, spec: str, rows: Sequence[Sequence[Any]], label: int = 0, below: Sequence[Sheet] = ()
    ) -> Sheet:
        """A table of rows already read, under the columns of ``spec``, and the tables below it."""
        headers, numbers = self.columns(spec)
        return Sheet(headers, numbers, rows, lambda: len(rows), label, tuple(below))


def one_decimal(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
