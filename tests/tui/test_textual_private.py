"""Textual's private parts that fieldcrm relies on (tui.textual_private) are still there and
still used the way fieldcrm assumes: an upgrade of Textual that changes one fails here."""

from __future__ import annotations

import inspect
import time
from pathlib import Path

from sqlalchemy import Engine
from textual.app import App
from textual.drivers import linux_driver
from textual.widget import Widget

from fieldcrm.tui import terminal
from fieldcrm.tui.app import FieldCRM
from fieldcrm.tui.textual_private import (
    HANDLE_EXCEPTION,
    TOAST_AT_LEAST,
    WriterThread,
    footer_keys,
    frames_held,
    hold_frames,
    keep_toast_delays_positive,
    release_frames,
    use_writer_thread,
)


def test_every_unhandled_error_goes_through_the_hook_fieldcrm_overrides() -> None:
    hook = getattr(App, HANDLE_EXCEPTION)
    assert list(inspect.signature(hook).parameters) == ["self", "error"]
    assert f"self.{HANDLE_EXCEPTION}(" in inspect.getsource(App)  # Textual calls it itself
    assert HANDLE_EXCEPTION in vars(FieldCRM)  # and the app overrides that very name


def test_the_linux_driver_builds_its_writer_from_the_module_attribute() -> None:
    assert linux_driver.WriterThread is WriterThread or issubclass(linux_driver.WriterThread, WriterThread)
    assert "WriterThread(" in inspect.getsource(linux_driver.LinuxDriver)
    assert "_queue" in inspect.getsource(WriterThread.__init__)  # OutputThread drains it
    before = linux_driver.WriterThread
    try:
        terminal.install()
        assert linux_driver.WriterThread is terminal.OutputThread
    finally:
        use_writer_thread(before)


async def test_the_footer_keys_are_found(engine: Engine, db_path: Path) -> None:
    app = FieldCRM(engine, db_path, "en", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        keys = footer_keys(pilot.app.screen)
        assert ("q", "Quit") in [(key, description) for key, description, _, _ in keys]
        assert all(left < right for _, _, left, right in keys)


def test_a_widget_keeps_and_starts_its_vertical_scrollbar_where_fieldcrm_puts_its_own() -> None:
    source = inspect.getsource(Widget.vertical_scrollbar.fget)  # type: ignore[attr-defined]
    assert "self._vertical_scrollbar" in source and "self.app._start_widget(self" in source
    assert "_vertical_scrollbar" in vars(Widget(name="probe"))


async def test_frames_held_are_not_painted_until_released(engine: Engine, db_path: Path) -> None:
    app = FieldCRM(engine, db_path, "en", offer_demo=False)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        screen, painted = app.screen, []
        paint = screen._compositor_refresh
        screen._compositor_refresh = lambda: (painted.append(1), paint())  # type: ignore[method-assign]
        hold_frames(app)
        assert frames_held(app)
        screen.query_one("#board-header").refresh()
        await pilot.pause(0.1)
        assert painted == []
        release_frames(app)
        assert not frames_held(app)
        await pilot.pause(0.1)
        assert painted


def test_a_toast_whose_notification_just_expired_still_gets_a_positive_delay() -> None:
    """A toast reads its delay when it is made; made just after its notification expired, it
    read a negative one, on which Textual's timer loops forever (a CI run hung so, at full
    CPU, in a test that raises notifications)."""
    from textual.notifications import Notification
    from textual.widgets._toast import Toast

    keep_toast_delays_positive()
    keep_toast_delays_positive()  # once is enough: a second app does not wrap it again
    expired = Notification("Saved", timeout=2, raised_at=time.time() - 2.001)
    assert Toast(expired)._timeout == TOAST_AT_LEAST
    later = Notification("Saved", timeout=2)
    assert 1.9 < Toast(later)._timeout <= 2
