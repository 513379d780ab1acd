"""The pipeline report (``r`` on the board): how each stage performs over a period.

Four charts with their numbers beside them: the funnel of the accounts that entered each
stage and the share that moved on; the active accounts of each stage by grade with the median
days in stage; the outcomes with their reasons; the contacts per account by grade. Every
figure is aggregated in SQL (``store.report``) in a thread worker.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from sqlalchemy import Engine
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Tab, Tabs

from fieldcrm import clock
from fieldcrm.domain.periods import DEFAULT_PERIOD, PERIODS, period_key
from fieldcrm.domain.scoring import GRADES
from fieldcrm.domain.stages import Stage, Status
from fieldcrm.i18n import stage_name, t
from fieldcrm.store.export_queries import Scope
from fieldcrm.store.report import Effort, Outcome, PipelineReport, pipeline_report
from fieldcrm.store.stage_lines import StageLine
from fieldcrm.store.team_view import team_of
from fieldcrm.tui.keys import HasKeys, KeySpec, localized
from fieldcrm.tui.plain import PlainStatic
from fieldcrm.tui.screens.agenda.columns import numbered_stage
from fieldcrm.tui.screens.help import HelpScreen
from fieldcrm.tui.stylesheets import stylesheet
from fieldcrm.tui.widgets.charts import BarChart, Funnel, Legend, Note, Row, Step
from fieldcrm.tui.widgets.footer import KeysFooter
from fieldcrm.untrusted import one_line

STYLES = stylesheet("report")
NARROW = 120  # below this many columns the two columns of charts stack
GRADE_PARTS = (*((grade, grade.lower()) for grade in GRADES), ("", "none"))


@dataclass
class ReportLoaded(Message):
    """The worker read the report for a period."""

    report: PipelineReport
    days: int | None


def _days(value: float) -> str:
    return f"{value:g}"


class ReportScreen(Screen[None], HasKeys):
    """Per stage figures, conversion, outcomes and effort for the chosen period."""

    CSS_PATH = STYLES
    AUTO_FOCUS = "#report-body"
    # fmt: off
    KEYS = (
        KeySpec("report.period", "p", "cycle_period"),
        *(KeySpec(f"report.period_{period_key(days)}", str(n), f"period({days})", show=False)
          for n, days in enumerate(PERIODS, start=1)),
        KeySpec("report.export", "x", "export"),
        KeySpec("report.whose", "w", "cycle_whose"),
        KeySpec("report.help", "question_mark", "help", key_display="?"),
        KeySpec("report.back", "escape,q", "back"),
    )
    # fmt: on

    def __init__(self, engine: Engine, days: int | None = DEFAULT_PERIOD) -> None:
        super().__init__()
        self.engine = engine
        self.days = days
        team = team_of(engine)
        self.whose_views = team.report_views() if team else []  # [] : the user's own only
        self.whose = 0  # which of them is shown
        self.report: PipelineReport | None = None
        self.drawn = False  # the latest read is on screen

    def compose(self) -> ComposeResult:
        yield PlainStatic(id="report-header")
        tabs = [Tab(t(f"report.period.{period_key(d)}"), id=f"period-{period_key(d)}") for d in PERIODS]
        yield Tabs(*tabs, active=f"period-{period_key(self.days)}", id="periods")
        with VerticalScroll(id="report-body"), Horizontal(id="report-columns"):
            with Vertical(id="report-left", classes="report-column"):
                with Vertical(id="funnel-panel", classes="panel"):
                    yield Funnel(id="funnel")
                    yield PlainStatic(t("report.conversion_note"), classes="note")
                with Vertical(id="stages-panel", classes="panel"):
                    yield BarChart(id="stages-chart")
            with Vertical(id="report-right", classes="report-column"):
                with Vertical(id="outcomes-panel", classes="panel"):
                    yield BarChart(id="outcomes-chart")
                with Vertical(id="effort-panel", classes="panel"):
                    yield BarChart(id="effort-chart")
                    yield PlainStatic(t("report.effort_note"), classes="note")
                with Vertical(id="overrides-panel", classes="panel"):
                    yield BarChart(id="overrides-chart")
                    yield PlainStatic(id="overrides-list", classes="note")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#periods", Tabs).can_focus = False
        for panel, key in (
            ("funnel", "report.funnel"),
            ("stages", "report.stages"),
            ("outcomes", "report.outcomes"),
            ("effort", "report.effort"),
            ("overrides", "report.overrides"),
        ):
            self.query_one(f"#{panel}-panel").border_title = t(key)
        self.load()

    @on(Resize)
    def _resized(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW, "-narrow")

    # -- reading ---------------------------------------------------------------------------

    def load(self) -> None:
        """Read the report for ``self.days`` off the UI thread; the charts wait under a spinner."""
        self.query_one("#report-body").loading = True
        self.drawn = False
        self._read(self.days)

    @work(thread=True, exclusive=True, group="report")
    def _read(self, days: int | None) -> None:
        owners = self.whose_views[self.whose][1] if self.whose_views else None
        report = pipeline_report(self.engine, clock.today(), days, Scope(owners=owners))
        self.post_message(ReportLoaded(report, days))

    @on(ReportLoaded)
    def _loaded(self, message: ReportLoaded) -> None:
        if message.days != self.days:  # a period chosen since: its own read is on the way
            return
        self.report = message.report
        self._draw(message.report)
        self.query_one("#report-body").loading = False
        self.drawn = True

    # -- drawing ---------------------------------------------------------------------------

    def _draw(self, report: PipelineReport) -> None:
        today = report.today.isoformat()
        if report.since is None:
            header = t("report.header_all", today=today)
        else:
            period = t(f"report.period.{period_key(self.days)}")
            header = t("report.header", period=period, first=report.since.isoformat(), today=today)
        if self.whose_views:
            name = self.whose_views[self.whose][0]
            whose = t(f"whose.short.{name}") if name in ("all", "team", "mine") else one_line(name)
            header += "  ·  " + t("report.whose", whose=whose)
        self.query_one("#report-header", PlainStatic).update(header)
        self.query_one("#funnel", Funnel).steps = tuple(_funnel_step(line) for line in report.stages)
        self.query_one("#stages-chart", BarChart).rows = _stage_rows(report)
        self.query_one("#outcomes-chart", BarChart).rows = tuple(
            row for outcome in report.outcomes for row in _outcome_rows(outcome)
        )
        self.query_one("#effort-chart", BarChart).rows = tuple(_effort_row(e) for e in report.effort)
        self.query_one("#overrides-chart", BarChart).rows = tuple(
            Row(stage_name(stage), ((n, "overrides"),), f"{n:,}")
            for stage, n in report.overrides.by_stage.items()
        )
        self.query_one("#overrides-list", PlainStatic).update(_overrides_list(report))

    # -- keys ------------------------------------------------------------------------------

    def action_period(self, days: int | None) -> None:
        self.query_one("#periods", Tabs).active = f"period-{period_key(days)}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whose figures to show: for a team's leads and managers."""
        return bool(self.whose_views) if action == "cycle_whose" else True

    def action_cycle_whose(self) -> None:
        if self.whose_views:
            self.whose = (self.whose + 1) % len(self.whose_views)
            self.load()

    def action_cycle_period(self) -> None:
        following = PERIODS[(PERIODS.index(self.days) + 1) % len(PERIODS)]
        self.action_period(following)

    @on(Tabs.TabActivated, "#periods")
    def _period_chosen(self, event: Tabs.TabActivated) -> None:
        key = (event.tab.id or "").removeprefix("period-")
        days = None if key == "all" else int(key)
        if days != self.days:
            self.days = days
            self.load()

    def action_export(self) -> None:
        from fieldcrm.tui.screens.files import ExportDialog

        dialog = localized(ExportDialog)(self.engine, "report", ("report",), period=self.days)
        self.app.push_screen(dialog)

    def action_help(self) -> None:
        usable = tuple(k for k in self.KEYS if self.check_action(k.action, ()) is not False)
        self.app.push_screen(localized(HelpScreen)(t("report.title"), usable))

    def action_back(self) -> None:
        self.workers.cancel_group(self, "report")
        self.dismiss(None)


def _funnel_step(line: StageLine) -> Step:
    """A stage's bar (the accounts that entered it) and the share that went on."""
    percent = "—" if line.conversion is None else f"{line.conversion:.1f}"
    key = "report.won" if line.stage == Stage.CLOSE else "report.onward"
    onward = t(key, percent=percent, count=f"{line.advanced:,}")
    return Step(
        numbered_stage(line.stage), line.reached, t("report.entered", count=f"{line.reached:,}"), onward
    )


def _stage_rows(report: PipelineReport) -> tuple[Row | Note | Legend, ...]:
    """Each stage's active accounts stacked by grade, the median days, then the grade counts."""
    rows: list[Row | Note | Legend] = []
    for line in report.stages:
        grades = line.grades(Status.ACTIVE)
        active = sum(grades.values())
        figure = t("report.active", count=f"{active:,}")
        median = line.median_days(report.today)
        if median is not None:
            figure += " · " + t("report.median", days=_days(median))
        parts = tuple((float(grades[grade]), part) for grade, part in GRADE_PARTS)
        rows.append(Row(numbered_stage(line.stage), parts, figure))
        counts = {("none" if g == "" else g.lower()): f"{n:,}" for g, n in grades.items()}
        rows.append(Note(t("report.grades_line", **counts)))
    legend = tuple((grade or t("report.ungraded"), part) for grade, part in GRADE_PARTS)
    rows.append(Legend(legend))
    return tuple(rows)


def _outcome_rows(outcome: Outcome) -> list[Row | Note]:
    """The outcome's bar, the stages it happened in, and its most given reasons."""
    rows: list[Row | Note] = [
        Row(t(f"status.{outcome.status}"), ((outcome.count, outcome.status),), f"{outcome.count:,}")
    ]
    stages = [f"{stage_name(s)} {n:,}" for s, n in outcome.by_stage.items() if n]
    if stages:
        rows.append(Note(t("report.by_stage", stages=" · ".join(stages))))
    # the count first: a long reason is cut at the edge, never its count
    rows += [
        Note(t("report.reason", count=f"{n:,}", reason=one_line(reason))) for reason, n in outcome.reasons
    ]
    if outcome.other:
        rows.append(Note(t("report.other_reasons", count=f"{outcome.other:,}")))
    return rows


def _overrides_list(report: PipelineReport) -> Text:
    """The latest overrides: when, which account, which stage, what was missing."""
    from fieldcrm.tui.screens.account.record import overrides_text

    if not report.overrides.latest:
        return Text(t("report.no_overrides"))
    lines = [
        Text.assemble(
            f"{o.at:%Y-%m-%d}  ",
            (one_line(o.account), "bold"),
            f"  {stage_name(o.stage)}: ",
            one_line(overrides_text(o.items)),
        )
        for o in report.overrides.latest
    ]
    return Text("\n").join(lines)


def _effort_row(effort: Effort) -> Row:
    label = effort.grade or t("report.ungraded")
    part = effort.grade.lower() or "none"
    if effort.per_account is None:
        return Row(label, ((0.0, part),), t("report.no_accounts"))
    figure = t(
        "report.per_account",
        per=f"{effort.per_account:.1f}",
        contacts=_counted("report.contacts", effort.contacts),
        accounts=_counted("report.accounts", effort.accounts),
    )
    return Row(label, ((effort.per_account, part),), figure)


def _counted(key: str, n: int) -> str:
    """'1 account', '2 accounts' (one word for both in Chinese)."""
    return t(f"{key}_one" if n == 1 else f"{key}_many", count=f"{n:,}")
