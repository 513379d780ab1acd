"""The pipeline board: its screen, changes, keys, card model and dialogs."""

from fieldcrm.tui.screens.board.screen import BoardScreen

__all__ = ["BoardScreen"]
