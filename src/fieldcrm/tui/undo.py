"""The app's one undo stack: ``u`` takes back the latest change, whichever screen made it."""

from __future__ import annotations

from typing import Any

from fieldcrm.store.changes import Undoable

UNDO_DEPTH = 50


def undo_stack(app: Any) -> list[Undoable]:
    """The app's one undo stack (``FieldCRM.undo_stack``), newest last: every screen's
    changes go on it."""
    stack: list[Undoable] = app.undo_stack
    return stack


def remember(app: Any, change: Undoable) -> None:
    """Put ``change`` on the undo stack (the oldest drop off past UNDO_DEPTH)."""
    stack = undo_stack(app)
    stack.append(change)
    del stack[:-UNDO_DEPTH]
