"""Where each screen's styles are: ``tui/styles/<name>.tcss``, theme variables only."""

from __future__ import annotations

from pathlib import Path

STYLES = Path(__file__).resolve().parent / "styles"


def stylesheet(name: str) -> Path:
    """The stylesheet ``name`` (a screen's ``CSS_PATH``)."""
    path = STYLES / f"{name}.tcss"
    assert path.is_file(), path
    return path
