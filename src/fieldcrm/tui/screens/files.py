"""Export and import dialogs: the work runs in a thread worker that reports back by messages.

``ExportDialog`` is shared by every screen with an ``x`` key (board, report, agenda): the
caller chooses which exports it offers and which comes first, and the report's period (the
report screen passes the one it shows). The worker never touches a widget; it posts
``Progressed`` (each replaces the one before), then a finished or failed message, and the
dialog updates itself on the UI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, ProgressBar, RadioButton, RadioSet
from textual.worker import get_current_worker

from fieldcrm import clock
from fieldcrm.domain.periods import DEFAULT_PERIOD, period_key
from fieldcrm.i18n import language, t
from fieldcrm.io.errors import FileError
from fieldcrm.io.export import ExportOptions, export
from fieldcrm.io.import_report import report_lines
from fieldcrm.io.import_run import run_import
from fieldcrm.io.options import CALENDAR, EXPORT_ENCODINGS, EXPORTS, IMPORT_ENCODINGS, ON_DUPLICATE
from fieldcrm.io.targets import checked_target
from fieldcrm.store.engine import database_of
from fieldcrm.store.export_queries import Scope
from fieldcrm.store.sqlite_file import StoreError
from fieldcrm.tui.dialog import CANCEL, Dialog, ask
from fieldcrm.tui.keys import KeySpec
from fieldcrm.tui.plain import PlainLabel, PlainStatic
from fieldcrm.tui.stylesheets import stylesheet

REPORT_LINES = 200  # notices shown in the import dialog; the CLI prints them all
STYLES = stylesheet("files")


class Cancelled(Exception):
    """The user closed the dialog while the worker ran; the export leaves no file."""


@dataclass
class Progressed(Message):
    """A worker got this far (rows done of rows in all)."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, Progressed)


@dataclass
class Exported(Message):
    """The export was written."""

    rows: int
    path: Path


@dataclass
class TransferFailed(Message):
    """The export or import stopped; the message says why (nothing was written)."""

    text: str


@dataclass
class ImportChecked(Message):
    """The import was checked (and written, if ``written``); the lines report it."""

    lines: list[str]
    ok: bool
    written: bool


def _chosen(radios: RadioSet, prefix: str, default: str) -> str:
    pressed = radios.pressed_button
    return (pressed.id or "").removeprefix(prefix) if pressed is not None else default


class _Transfer(Dialog[object]):
    """What both dialogs share: a progress bar, a status line, a worker that reports back."""

    CSS_PATH = STYLES

    def _progress_for_worker(self, done: int, total: int) -> None:
        """Called in the worker thread: post progress, stop if the dialog was closed."""
        if get_current_worker().is_cancelled:
            raise Cancelled
        self.post_message(Progressed(done, total))

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#status", PlainStatic)
        status.update(text)
        status.set_class(error, "field-error")

    @on(Progressed)
    def _progressed(self, message: Progressed) -> None:
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=max(message.total, 1), progress=message.done)

    @on(TransferFailed)
    def _failed(self, message: TransferFailed) -> None:
        self.query_one(ProgressBar).display = False
        self._status(message.text, error=True)
        self._busy(False)

    def _busy(self, busy: bool) -> None:
        for button in self.query(".run"):
            button.disabled = busy

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "transfer")
        super().action_cancel()


class ExportDialog(_Transfer):
    """Pick what to export, the file and the encoding; personal fields only when ticked."""

    KEYS = (CANCEL, KeySpec("export.run", "ctrl+s", "export"))

    def __init__(
        self,
        engine: Engine,
        what: str = "pipeline",
        offer: Sequence[str] = EXPORTS,
        scope: Scope | None = None,
        folder: Path | None = None,
        period: int | None = DEFAULT_PERIOD,
    ) -> None:
        super().__init__()
        self.engine = engine
        self.what, self.offer, self.scope = what, tuple(offer), scope or Scope()
        self.period = period  # the report's, as its screen shows it (from elsewhere: its default)
        self.folder = folder if folder is not None else Path.cwd()

    def default_file(self, what: str) -> str:
        suffix = ".ics" if what == CALENDAR else ".csv"  # a calendar file is always UTF-8
        return str(self.folder / f"fieldcrm-{what}-{clock.today().isoformat()}{suffix}")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog transfer"):
            yield PlainLabel(t("transfer.export.title"), classes="dialog-title")
            yield PlainLabel(t("transfer.what"))
            with RadioSet(id="what"):
                for name in self.offer:
                    label = t(f"export.what.{name}", period=t(f"report.period.{period_key(self.period)}"))
                    yield RadioButton(label, id=f"what-{name}", value=name == self.what)
            yield PlainLabel(t("transfer.file"))
            yield Input(self.default_file(self.what), id="file")
            yield PlainLabel(t("transfer.encoding"))
            with RadioSet(id="encoding"):
                for enc in EXPORT_ENCODINGS:
                    yield RadioButton(
                        t(f"export.encoding.{enc}"), id=f"enc-{enc}", value=enc == EXPORT_ENCODINGS[0]
                    )
            yield Checkbox(t("transfer.personal"), id="personal")
            yield ProgressBar(id="progress", show_eta=False)
            yield PlainStatic("", id="status")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("transfer.export.button"), id="export", variant="primary", classes="run")
                yield Button(t("dialog.cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False

    @on(RadioSet.Changed, "#what")
    def _what_changed(self, event: RadioSet.Changed) -> None:
        """Follow the choice in the file name, unless the user typed one."""
        box = self.query_one("#file", Input)
        untouched = box.value == self.default_file(self.what)
        self.what = _chosen(event.radio_set, "what-", self.what)
        if untouched:
            box.value = self.default_file(self.what)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self.action_export()
        else:
            self.action_cancel()

    def on_input_submitted(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        name = self.query_one("#file", Input).value.strip()
        if not name:
            self._status(t("transfer.file_required"), error=True)
            return
        encoding = _chosen(self.query_one("#encoding", RadioSet), "enc-", EXPORT_ENCODINGS[0])
        personal = self.query_one("#personal", Checkbox).value
        out = Path(name).expanduser()
        options = ExportOptions(self.what, out, encoding, language(), self.scope, personal, self.period)
        try:
            target = checked_target(out, database_of(self.engine))
        except FileError as exc:
            self._status(t(exc.key, **exc.params), error=True)
            return
        if target.exists():
            ask(
                self.app,
                t("transfer.replace.title"),
                t("transfer.replace.text", path=str(out)),
                t("transfer.replace.yes"),
                lambda: self._start_export(options),
            )
            return
        self._start_export(options)

    def _start_export(self, options: ExportOptions) -> None:
        self._busy(True)
        self._status(t("transfer.working"))
        self.run_worker(lambda: self._export(options), thread=True, group="transfer", exclusive=True)

    def _export(self, options: ExportOptions) -> None:
        """In the worker thread: write the file, post the outcome."""
        try:
            rows = export(self.engine, options, self._progress_for_worker)
        except Cancelled:
            return
        except (FileError, StoreError) as exc:
            self.post_message(TransferFailed(t(exc.key, **exc.params)))
            return
        assert options.out is not None  # the app always names a file
        self.post_message(Exported(rows, options.out))

    @on(Exported)
    def _exported(self, message: Exported) -> None:
        done = "export.done_calendar" if self.what == CALENDAR else "export.done"
        self.app.notify(t(done, rows=message.rows, path=message.path))
        self.dismiss(message.path)


class ImportDialog(_Transfer):
    """Check a CSV of prospects, then import it; dismisses with True if anything was written."""

    KEYS = (
        CANCEL,
        KeySpec("import.check", "ctrl+r", "check"),
        KeySpec("import.run", "ctrl+s", "run"),
    )

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        self.written = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog transfer"):
            yield PlainLabel(t("transfer.import.title"), classes="dialog-title")
            yield PlainLabel(t("transfer.file"))
            yield Input(id="file", placeholder="prospects.csv")
            yield PlainLabel(t("transfer.encoding"))
            with RadioSet(id="encoding"):
                for enc in IMPORT_ENCODINGS:
                    label = (
                        t(f"export.encoding.{enc}")
                        if enc in EXPORT_ENCODINGS
                        else t(f"import.encoding.{enc}")
                    )
                    yield RadioButton(label, id=f"enc-{enc}", value=enc == IMPORT_ENCODINGS[0])
            yield PlainLabel(t("transfer.on_duplicate"))
            with RadioSet(id="duplicates"):
                for choice in ON_DUPLICATE:
                    yield RadioButton(
                        t(f"import.on_duplicate.{choice}"),
                        id=f"dup-{choice}",
                        value=choice == ON_DUPLICATE[0],
                    )
            yield ProgressBar(id="progress", show_eta=False)
            yield PlainStatic("", id="status")
            with VerticalScroll(id="report"):
                yield PlainStatic("", id="report-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("transfer.check.button"), id="check", classes="run")
                yield Button(t("transfer.import.button"), id="run", variant="primary", classes="run")
                yield Button(t("transfer.close.button"), id="cancel")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#file", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"check": self.action_check, "run": self.action_run}.get(event.button.id or "", self.action_cancel)()

    def on_input_submitted(self) -> None:
        self.action_check()

    def action_check(self) -> None:
        self._start(dry_run=True)

    def action_run(self) -> None:
        self._start(dry_run=False)

    def action_cancel(self) -> None:
        self.workers.cancel_group(self, "transfer")
        self.dismiss(self.written)

    def _start(self, dry_run: bool) -> None:
        name = self.query_one("#file", Input).value.strip()
        if not name:
            self._status(t("transfer.import_file_required"), error=True)
            return
        encoding = _chosen(self.query_one("#encoding", RadioSet), "enc-", IMPORT_ENCODINGS[0])
        duplicates = _chosen(self.query_one("#duplicates", RadioSet), "dup-", ON_DUPLICATE[0])
        self._busy(True)
        self._status(t("transfer.working"))
        self.query_one("#report-text", PlainStatic).update("")
        path = Path(name).expanduser()
        self.run_worker(
            lambda: self._import(path, encoding, duplicates, dry_run),
            thread=True,
            group="transfer",
            exclusive=True,
        )

    def _import(self, path: Path, encoding: str, duplicates: str, dry_run: bool) -> None:
        """In the worker thread: check (and write) the file, post the report."""
        try:
            result = run_import(self.engine, path, encoding, duplicates, dry_run, self._progress_for_worker)
        except Cancelled:
            return
        except (FileError, StoreError) as exc:
            self.post_message(TransferFailed(t(exc.key, **exc.params)))
            return
        self.post_message(ImportChecked(report_lines(result, REPORT_LINES), result.ok, result.written))

    @on(ImportChecked)
    def _checked(self, message: ImportChecked) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#report-text", PlainStatic).update("\n".join(message.lines))
        self._status(message.lines[-1], error=not message.ok)
        self._busy(False)
        if message.written:
            self.written = True
            self.query_one("#run", Button).disabled = True
            self.app.notify(message.lines[-1])
