"""Layering: the domain is pure (no UI, no storage, no IO); the store never reaches the UI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "fieldcrm"
DOMAIN_FILES = sorted((SRC / "domain").glob("*.py"))
STORE_FILES = sorted((SRC / "store").rglob("*.py"))

FRAMEWORKS = ("textual", "sqlmodel", "sqlalchemy", "pydantic", "fieldcrm.store", "fieldcrm.tui")
IO_MODULES = ("os", "pathlib", "sqlite3", "io", "shutil", "tempfile", "subprocess", "socket", "platformdirs")
IO_CALLS = ("open", "input", "print")


def imported_modules(tree: ast.AST, package: str) -> list[str]:
    """Absolute names of every module imported anywhere in the file (relative ones resolved)."""
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names.append(base)
            names += [f"{base}.{alias.name}" for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("__import__", "import_module")
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.append(str(node.args[0].value))
    return names


def under(module: str, roots: tuple[str, ...]) -> bool:
    return any(module == r or module.startswith(f"{r}.") for r in roots)


def parse(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def package_of(path: Path) -> str:
    """The package a file's relative imports start from (its folder, as a dotted name)."""
    return ".".join(path.relative_to(SRC.parent).parts[:-1])


def test_the_layers_exist():
    assert len(DOMAIN_FILES) >= 9
    assert any(p.name == "engine.py" for p in STORE_FILES)


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: p.name)
def test_domain_imports_no_framework_and_no_io(path):
    tree = parse(path)
    bad = [
        m for m in imported_modules(tree, package_of(path)) if under(m, FRAMEWORKS) or under(m, IO_MODULES)
    ]
    assert bad == [], f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: p.name)
def test_domain_calls_no_io(path):
    calls = [
        node.func.id
        for node in ast.walk(parse(path))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in IO_CALLS
    ]
    assert calls == [], f"{path.name} calls {calls}"


@pytest.mark.parametrize("path", STORE_FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_store_never_imports_the_ui(path):
    bad = [
        m for m in imported_modules(parse(path), package_of(path)) if under(m, ("textual", "fieldcrm.tui"))
    ]
    assert bad == [], f"{path.relative_to(SRC)} imports {bad}"


def test_the_checker_catches_violations():
    """The checks above would fail on code that breaks the rules."""
    tree = ast.parse(
        "import os.path\nfrom ..store import db\nfrom textual.app import App\nx = __import__('sqlite3')\n"
    )
    mods = imported_modules(tree, "fieldcrm.domain")
    assert under("os.path", IO_MODULES)
    assert "fieldcrm.store" in mods and "fieldcrm.store.db" in mods
    assert any(under(m, FRAMEWORKS) for m in mods if m.startswith("textual"))
    assert "sqlite3" in mods
    assert not under("osmosis", IO_MODULES)
