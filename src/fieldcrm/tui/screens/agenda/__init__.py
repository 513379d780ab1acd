"""The agenda screen (``a`` on the board), its table columns and its limits dialog."""

from fieldcrm.tui.screens.agenda.screen import AgendaScreen

__all__ = ["AgendaScreen"]
