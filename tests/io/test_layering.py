"""The io package may use the store and the domain, never the UI."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_architecture import SRC, imported_modules, package_of, parse, under

IO_FILES = sorted((SRC / "io").glob("*.py"))


def test_the_io_package_exists():
    assert {p.name for p in IO_FILES} >= {"export.py", "import_csv.py", "backup.py", "restore.py"}


@pytest.mark.parametrize("path", [*IO_FILES, SRC / "store" / "export_queries.py"], ids=lambda p: p.name)
def test_io_never_imports_the_ui(path: Path):
    bad = [m for m in imported_modules(parse(path), package_of(path))
           if under(m, ("textual", "fieldcrm.tui"))]  # fmt: skip
    assert bad == [], f"{path.name} imports {bad}"
