"""Where the data lives and which language to speak; nothing is created at import time."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "fieldcrm"
DB_ENV = "FIELDCRM_DB"
DB_FILENAME = "fieldcrm.db"
LANGUAGES = ("en", "zh")
CONFIG_FILENAME = "config.toml"


class ConfigError(ValueError):
    """The settings file cannot be used: a message key and its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def default_db_path() -> Path:
    """The SQLite file in the platformdirs user data dir (the folder is made on first use)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def log_dir() -> Path:
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


def resolve_db_path(cli_value: str | None, env: Mapping[str, str] | None = None) -> Path:
    """``--db`` wins over ``FIELDCRM_DB``, which wins over the default."""
    env = os.environ if env is None else env
    if cli_value:
        return Path(cli_value).expanduser()
    if env.get(DB_ENV):
        return Path(env[DB_ENV]).expanduser()
    return default_db_path()


def resolve_language(cli_value: str | None, env: Mapping[str, str] | None = None) -> str:
    """``--lang`` wins; otherwise LC_ALL, LC_MESSAGES, LANG (zh_* gives Chinese); else English."""
    if cli_value in LANGUAGES:
        return cli_value
    env = os.environ if env is None else env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def config_path() -> Path:
    """The settings file in the platformdirs user config dir (it need not exist)."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / CONFIG_FILENAME


def _settings(path: Path | None) -> tuple[Path, dict[str, object]]:
    """The settings file, read (empty when it does not exist). Raises ConfigError."""
    path = config_path() if path is None else path
    try:
        with path.open("rb") as f:
            import tomllib  # only for a file there is: most starts have none

            try:
                return path, tomllib.load(f)
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError("config.invalid", path=str(path), error=str(exc)) from exc
    except FileNotFoundError:
        return path, {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError("config.unreadable", path=str(path), error=str(exc)) from exc


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """The ``[keys]`` table of the settings file: binding id -> keys (``"board.next_stage" =
    "right_square_bracket,>"``); empty when the file does not exist. Raises ConfigError."""
    path, settings = _settings(path)
    keys = settings.get("keys", {})
    if not isinstance(keys, dict):
        raise ConfigError("config.keys_table", path=str(path))
    wrong = [name for name, value in keys.items() if not isinstance(value, str) or not value.strip()]
    if wrong:
        raise ConfigError("config.keys_value", path=str(path), ids=", ".join(wrong))
    return {name: value.replace(" ", "") for name, value in keys.items()}


SYNC_MINUTES = 5  # how often the app syncs with the team's server, by default
SYNC_LIMITS = (1, 1440)


def load_sync_minutes(path: Path | None = None) -> int:
    """``sync_minutes`` of the settings file's ``[team]`` table: how often the app syncs with
    the team's server (1 to 1440; 5 when absent). Raises ConfigError."""
    path, settings = _settings(path)
    team = settings.get("team", {})
    value = team.get("sync_minutes", SYNC_MINUTES) if isinstance(team, dict) else None
    low, high = SYNC_LIMITS
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ConfigError("config.sync_minutes", path=str(path), low=low, high=high)
    return value
