"""The account screen and its panes and forms."""

from fieldcrm.tui.screens.account.screen import AccountScreen

__all__ = ["AccountScreen"]
