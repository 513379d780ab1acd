"""An empty Textual app for bench_board.py's start-up reference: it shows "ready" and waits.

bench_board.py starts it, and the real ``fieldcrm`` command, in a pseudo-terminal and times
each from the process start to its first frame on the terminal.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static


class Empty(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("ready")
        yield Footer()


if __name__ == "__main__":
    Empty().run()
