"""Waiting for an app's start-up to be over, as a person waits for the board to settle."""

from __future__ import annotations

from typing import Any

from textual.worker import WorkerCancelled

from fieldcrm.tui.screens.board.screen import WARM_UP_DELAY


async def started(pilot: Any) -> None:
    """Until the app says start-up is over (the board's warm-up came back, the day's work and
    a first sync begun), however long that takes on a loaded machine; then its workers done."""
    await pilot.pause(WARM_UP_DELAY)
    for _ in range(200):
        if pilot.app.started:
            break
        await pilot.pause(0.05)
    assert pilot.app.started
    try:
        await pilot.app.workers.wait_for_complete()
    except WorkerCancelled:
        if pilot.app.return_code is None:
            raise  # a worker cancelled while the app goes on; an app that ends cancels its own
        return
    await pilot.pause()
