"""Where the data lives and which language to speak."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldcrm.config import (
    DB_ENV,
    DB_FILENAME,
    default_db_path,
    resolve_db_path,
    resolve_language,
)


def test_cli_beats_env_beats_default(tmp_path):
    cli, env_path = tmp_path / "cli.db", tmp_path / "env.db"
    env = {DB_ENV: str(env_path)}
    assert resolve_db_path(str(cli), env) == cli
    assert resolve_db_path(None, env) == env_path
    assert resolve_db_path(None, {}) == default_db_path()
    assert resolve_db_path("", {DB_ENV: ""}) == default_db_path()


def test_default_is_in_the_user_data_dir():
    path = default_db_path()
    assert path.name == DB_FILENAME
    assert path.parent.name == "fieldcrm"


def test_user_is_expanded(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_db_path("~/crm.db", {}) == tmp_path / "crm.db"
    assert resolve_db_path(None, {DB_ENV: "~/env.db"}) == tmp_path / "env.db"


def test_reads_the_process_environment_by_default(monkeypatch, tmp_path):
    monkeypatch.setenv(DB_ENV, str(tmp_path / "x.db"))
    assert resolve_db_path(None) == tmp_path / "x.db"
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    assert resolve_language(None) == "zh"


def test_resolving_creates_nothing(tmp_path):
    target = tmp_path / "new" / "fieldcrm.db"
    assert resolve_db_path(str(target), {}) == target
    assert not target.parent.exists()


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "en_US"}, "en"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({}, "en"),
        ({"LANG": ""}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),  # LC_ALL first
        ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_MESSAGES": "zh_CN", "LANG": "en_US"}, "zh"),  # then LC_MESSAGES
        ({"LC_ALL": "", "LANG": "zh_CN.UTF-8"}, "zh"),  # empty means unset
    ],
)
def test_language_from_environment(env, lang):
    assert resolve_language(None, env) == lang


@pytest.mark.parametrize("cli", ["en", "zh"])
def test_cli_language_wins(cli):
    other = {"LC_ALL": "en_US.UTF-8" if cli == "zh" else "zh_CN.UTF-8"}
    assert resolve_language(cli, other) == cli


def test_unknown_cli_language_falls_back_to_environment():
    assert resolve_language("fr", {"LANG": "zh_CN.UTF-8"}) == "zh"
    assert resolve_language("fr", {}) == "en"


def test_path_type():
    assert isinstance(resolve_db_path("x.db", {}), Path)
