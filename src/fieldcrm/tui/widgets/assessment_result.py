"""The live result of the scoring form: value, difficulty, total, grade, action, and why."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.widget import Widget

from fieldcrm.domain.scoring import FACTORS, MAX_UNKNOWN, Grade, Result, Thresholds
from fieldcrm.i18n import factor_name, grade_action, t

BAR_CELLS = 20


def number(x: float | None) -> str:
    """87.5 as '87.5', 65.0 as '65', unknown as '—'."""
    return "—" if x is None else f"{x:g}"


def why(result: Result, scores: Mapping[str, int | None], limits: Thresholds) -> str:
    """A plain sentence or two: which rule gave the grade, and which factors carried it."""
    n = {
        "value": number(result.value),
        "difficulty": number(result.difficulty),
        "value_low": number(limits.value_low),
        "value_high": number(limits.value_high),
        "difficulty_ok": number(limits.difficulty_ok),
        "difficulty_max": number(limits.difficulty_max),
    }
    if result.grade is None:
        if len(result.unknown) > MAX_UNKNOWN:
            reason = t(
                "why.too_many_unknown",
                count=len(result.unknown),
                factors=", ".join(result.unknown),
                max=MAX_UNKNOWN,
            )
        else:
            reason = t("why.no_value" if result.value is None else "why.no_difficulty")
        return f"{reason} {t('why.back_to_information')}"
    if result.grade is Grade.D:
        low = result.value is not None and result.value < limits.value_low
        hard = result.difficulty is not None and result.difficulty >= limits.difficulty_max
        rule = t("why.D.both" if low and hard else "why.D.value" if low else "why.D.difficulty", **n)
    else:
        rule = t(f"why.{result.grade.value}", **n)
    if not result.drivers:
        return f"{rule} {t('why.no_drivers')}"
    carried = t("why.list_sep").join(
        t("why.driver", factor=f, name=factor_name(f), score=scores[f]) for f in result.drivers
    )
    return f"{rule} {t('why.drivers', factors=carried)}"


class ResultPanel(Widget):
    """Redrawn on every change of a score, a weight or a threshold."""

    COMPONENT_CLASSES = {
        "result-panel--bar",
        "result-panel--muted",
        "result-panel--insufficient",
        "result-panel--grade-a",
        "result-panel--grade-b",
        "result-panel--grade-c",
        "result-panel--grade-d",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = t("result.title")
        self._shown: tuple[Result, dict[str, int | None], dict[str, int], Thresholds] | None = None

    def show(
        self, result: Result, scores: Mapping[str, int | None], weights: Mapping[str, int], limits: Thresholds
    ) -> None:
        self._shown = (result, dict(scores), dict(weights), limits)
        self.refresh(layout=True)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"result-panel--{name}", partial=True)

    def _bar(self, x: float | None) -> Text:
        filled = 0 if x is None else round(x * BAR_CELLS / 100)
        return Text("█" * filled, self._style("bar")).append("░" * (BAR_CELLS - filled), self._style("muted"))

    def render(self) -> RenderableType:
        if self._shown is None:
            return ""
        result, scores, weights, limits = self._shown
        axes = Table.grid(padding=(0, 2))
        axes.add_column(no_wrap=True)
        axes.add_column(justify="right", no_wrap=True)
        axes.add_column(no_wrap=True)
        axes.add_row(t("result.value"), number(result.value), self._bar(result.value))
        axes.add_row(t("result.difficulty"), number(result.difficulty), self._bar(result.difficulty))
        axes.add_row(t("result.total"), number(result.total), "")
        grade = Text()
        if result.grade is None:
            grade.append(f" {t('result.insufficient')} ", self._style("insufficient"))
        else:
            grade.append(f" {result.grade.value} ", self._style(f"grade-{result.grade.value.lower()}"))
            grade.append("  " + grade_action(result.grade), style="bold")
        unknown = ", ".join(result.unknown) or t("result.none")
        setup = Text(t("result.unknown", factors=unknown) + "\n", self._style("muted"))
        setup.append(
            t("result.weights", weights=" · ".join(f"{f} {weights[f]}" for f in FACTORS)) + "\n",
            self._style("muted"),
        )
        setup.append(
            t(
                "result.thresholds",
                value_low=number(limits.value_low),
                value_high=number(limits.value_high),
                difficulty_ok=number(limits.difficulty_ok),
                difficulty_max=number(limits.difficulty_max),
            ),
            self._style("muted"),
        )
        return Group(axes, "", grade, "", Text(why(result, scores, limits)), "", setup)
