"""Reading back an export written in sections (the agenda, the report): tables one under the
other, each with its own header row, a blank row between two."""

from __future__ import annotations

import csv
from pathlib import Path

Table = list[list[str]]  # the header row, then the rows


def read_tables(path: Path, encoding: str = "utf-8-sig") -> list[Table]:
    """The file's tables, in order."""
    tables: list[Table] = [[]]
    with open(path, encoding=encoding, newline="") as f:
        for row in csv.reader(f):
            if row:
                tables[-1].append(row)
            else:
                tables.append([])
    return tables


def records(table: Table) -> list[dict[str, str]]:
    """A table's rows as dicts by header."""
    header, *rows = table
    return [dict(zip(header, row, strict=True)) for row in rows]
