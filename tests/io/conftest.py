"""Fixtures of the io tests: a frozen clock, the sample pipeline, CSV reading."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from io_data import build_crm
from sqlalchemy import Engine


@pytest.fixture(autouse=True)
def frozen_clock(frozen_today: date) -> date:
    return frozen_today


@pytest.fixture
def crm(engine: Engine) -> dict[str, int]:
    """Four accounts (see io_data.build_crm); name -> id."""
    return build_crm(engine)


Rows = list[dict[str, str]]


@pytest.fixture
def read_rows() -> Callable[..., Rows]:
    """The rows of a CSV file as dicts by header."""

    def read(path: Path, encoding: str = "utf-8-sig") -> Rows:
        with open(path, encoding=encoding, newline="") as f:
            return list(csv.DictReader(f))

    return read
