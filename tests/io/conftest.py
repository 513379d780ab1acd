"""Fixtures of the io tests: a frozen clock, the sample pipeline, CSV reading."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from io_data import TODAY, build_crm
from sqlalchemy import Engine

from fieldcrm import clock
from fieldcrm.i18n import set_language


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[date]:
    clock.freeze(TODAY)
    yield TODAY
    clock.freeze(None)
    set_language("en")


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
