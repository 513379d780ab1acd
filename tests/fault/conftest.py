"""Fault tests: real processes, signals, pseudo-terminals, damaged files and fuzzed input.

Every test is bounded in time; the ones that start processes are marked ``slow`` (they still
run in the default suite: ``-m "not slow"`` skips them while iterating).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fault_support import TODAY

from fieldcrm import clock
from fieldcrm.i18n import set_language


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: starts processes or terminals (a few seconds)")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A frozen clock, English afterwards, and crash logs kept inside the test's folder."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    clock.freeze(TODAY)
    yield
    clock.freeze(None)
    set_language("en")
