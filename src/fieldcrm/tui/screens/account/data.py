"""What every pane of the account screen answers to; what it shows is a store AccountView."""

from __future__ import annotations

from typing import Protocol

from fieldcrm.store.account_view import AccountView


class Pane(Protocol):
    """A pane of the account screen: it draws the account, and focuses its main widget."""

    def show(self, data: AccountView) -> None: ...

    def focus_main(self) -> None: ...
