"""The private parts of Textual that fieldcrm relies on, each named here once.

Textual offers no public way to do these seven things. tests/tui/test_textual_private.py
checks each one against the installed Textual, so an upgrade that changes them fails there,
loudly, instead of somewhere in the app:

- ``App._handle_exception``: the hook every unhandled error of the app goes through
  (fieldcrm ends the session with a plain message instead of a traceback holding data);
- ``textual.drivers._writer_thread.WriterThread``, and the Linux driver's use of it: the
  thread that writes to the terminal (fieldcrm's keeps going when the terminal is gone);
- ``textual.widgets._footer.FooterKey``: the footer's keys (what the footer shows);
- ``DOMNode._bindings``: where App puts its own command-palette key, labelled in English
  (fieldcrm labels it in the interface's language);
- ``Widget._vertical_scrollbar`` and ``App._start_widget``: where a widget keeps the vertical
  scroll bar it makes on first use, and how it starts it (a stage column makes its own kind);
- ``App._begin_batch`` and ``App._end_batch``: ``App.batch_update`` as two calls, for a hold
  on painting that ends in another message than the one it began in (the board's search);
- ``textual.widgets._toast.Toast._timeout``: the delay after which a notification's toast
  goes, read when the toast is made (fieldcrm keeps it above zero: on a negative delay
  Textual's timer loops forever).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.app import App
from textual.dom import DOMNode
from textual.drivers import linux_driver
from textual.drivers._writer_thread import WriterThread
from textual.scrollbar import ScrollBar
from textual.widget import Widget
from textual.widgets._footer import FooterKey
from textual.widgets._toast import Toast

HANDLE_EXCEPTION = "_handle_exception"  # App's method that every unhandled error reaches
assert callable(getattr(App, HANDLE_EXCEPTION, None)), "Textual changed App._handle_exception"

TOAST_AT_LEAST = 0.05  # seconds a toast stays at the least

__all__ = [
    "HANDLE_EXCEPTION",
    "TOAST_AT_LEAST",
    "WriterThread",
    "footer_keys",
    "frames_held",
    "hold_frames",
    "keep_toast_delays_positive",
    "own_vertical_scrollbar",
    "relabel_palette_key",
    "release_frames",
    "use_writer_thread",
]


def use_writer_thread(thread: type[WriterThread]) -> None:
    """Have Textual's Linux driver write to the terminal through ``thread``."""
    linux_driver.WriterThread = thread  # type: ignore[attr-defined]  # re-exported by accident


def footer_keys(root: DOMNode) -> list[tuple[str, str, int, int]]:
    """The keys the footer under ``root`` shows: key, description, and the first and last
    column they take on screen."""
    return [(k.key, k.description, k.region.x, k.region.right) for k in root.query(FooterKey)]


def relabel_palette_key(app: App[Any], description: str, tooltip: str) -> None:
    """Give the key App binds to its command palette (``ctrl+p``, 'palette') our words."""
    bindings = app._bindings.key_to_bindings
    for key, found in bindings.items():
        bindings[key] = [
            replace(b, description=description, tooltip=tooltip) if b.action == "command_palette" else b
            for b in found
        ]


def own_vertical_scrollbar(widget: Widget, make: type[ScrollBar]) -> ScrollBar:
    """``widget``'s vertical scroll bar, made on first use as Textual makes its own
    (``Widget.vertical_scrollbar``), but of the class ``make``."""
    if widget._vertical_scrollbar is None:
        bar = make(thickness=widget.scrollbar_size_vertical)
        bar.display = False
        widget._vertical_scrollbar = bar
        widget.app._start_widget(widget, bar)
    return widget._vertical_scrollbar


def hold_frames(app: App[Any]) -> None:
    """Paint nothing until :func:`release_frames` (``App.batch_update`` as two calls, for a
    batch that ends in another message than it began)."""
    app._begin_batch()


def frames_held(app: App[Any]) -> bool:
    """True while :func:`hold_frames` (or a batch) keeps the screen from being painted."""
    return app._batch_count > 0


def release_frames(app: App[Any]) -> None:
    """End a :func:`hold_frames`: what changed meanwhile is painted in one frame."""
    app._end_batch()
    if not app._batch_count:
        app.screen.refresh()


def keep_toast_delays_positive() -> None:
    """Give every toast at least TOAST_AT_LEAST seconds. A toast goes after its notification's
    time left, read when the toast is made; a notification that expires between the toast
    rack's look at it and the toast's making (microseconds, or longer on a busy machine) gives
    a negative delay, and Textual's timer loops forever on one: the app hangs at full CPU."""
    made = Toast.__init__
    if getattr(made, "keeps_delay_positive", False):
        return

    def __init__(self: Toast, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        self._timeout = max(self._timeout, TOAST_AT_LEAST)

    __init__.keeps_delay_positive = True  # type: ignore[attr-defined]
    Toast.__init__ = __init__  # type: ignore[method-assign]
