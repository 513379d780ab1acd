"""The forces pane (支持与反对力量): who supports, who is neutral, who opposes, weighted by
influence; how net support and penetration moved over time, who moved and when, the reviews
kept, and a counter-plan for each opponent."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll

from fieldcrm.domain.forces import Role, Stance, Standing, forces, forces_on, moves
from fieldcrm.i18n import t
from fieldcrm.store.account_view import AccountView
from fieldcrm.store.models import Person
from fieldcrm.store.people import has_role
from fieldcrm.tui.plain import PlainLabel, PlainStatic, PlainTable
from fieldcrm.tui.screens.account.names import DASH, clip, dots
from fieldcrm.tui.screens.account.tables import keep_cursor, selected_key
from fieldcrm.tui.screens.account.work_forms import opponents
from fieldcrm.tui.widgets.meter import BalanceBar, Meter
from fieldcrm.untrusted import visible

TO_WIN = 5  # people listed under "where support must grow"
POINTS = 24  # the days the chart over time shows, at most
MOVES = 5  # the latest moves listed
REVIEWS = 3  # the latest reviews listed
SPARKS = "▁▂▃▄▅▆▇█"
PLAN_CELLS = 36


def move_text(before: Standing, after: Standing) -> str:
    """A change of stance, with the influence when that changed too."""
    stances = {"before": t(f"stance.{before.stance}"), "after": t(f"stance.{after.stance}")}
    if before.influence == after.influence:
        return t("forces.stance_move", **stances)
    return t("forces.move", **stances, influence_before=before.influence, influence=after.influence)


def spark(values: list[float]) -> str:
    """One block per value, 0 to 1 from lowest to highest."""
    return "".join(SPARKS[min(len(SPARKS) - 1, max(0, round(v * (len(SPARKS) - 1))))] for v in values)


def over_time(data: AccountView) -> Text:
    """Net support and penetration on each day something changed (or was reviewed), as two
    sparklines with the first and last day and today's figures."""
    days = sorted({s.on for s in data.standings if s.on} | {r.on for r in data.reviews} | {data.today})
    days = [d for d in days if d <= data.today][-POINTS:]
    if len(days) < 2:
        return Text(t("forces.no_history"), "dim")
    series = [forces_on(d, data.standings) for d in days]
    net = spark([(f.net_support + 100) / 200 for f in series])
    pen = spark([f.penetration / 100 for f in series])
    labels = t("forces.net"), t("forces.penetration")
    width = max(cell_len(text) for text in labels)
    now = series[-1]
    return Text.assemble(
        (t("forces.span", first=days[0].isoformat(), last=days[-1].isoformat()) + "\n", "dim"),
        labels[0] + " " * (width - cell_len(labels[0])) + "  ",
        (net, "bold"),
        f"  {now.net_support:+d}\n",
        labels[1] + " " * (width - cell_len(labels[1])) + "  ",
        (pen, "bold"),
        f"  {now.penetration}%",
    )


def _who(p: Person) -> Text:
    return Text.assemble(
        f"{dots(p.influence)} ",
        (visible(p.name), "bold" if has_role(p, Role.DECISION_MAKER) else ""),
        (f" · {t(f'role.{p.role}')}", "dim"),
    )


class ForcesPane(VerticalScroll):
    """Three columns of people by stance, net support, penetration, and whom to win over next."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="stances"):
            for stance in Stance:
                with Vertical(classes=f"stance stance-{stance.value}"):
                    yield PlainLabel(id=f"stance-title-{stance.value}", classes="heading")
                    yield PlainStatic(id=f"stance-people-{stance.value}")
        yield PlainLabel(t("forces.balance"), classes="heading")
        yield BalanceBar(id="net-support")
        yield Meter(id="penetration")
        yield PlainStatic(id="forces-explained", classes="muted")
        yield PlainLabel(t("forces.grow"), classes="heading")
        yield PlainStatic(id="forces-grow")
        yield PlainLabel(t("forces.counter_title"), classes="heading")
        yield PlainTable(id="opponents-table", cursor_type="row")
        yield PlainStatic(t("forces.no_opponents"), id="no-opponents", classes="muted")
        yield PlainLabel(t("forces.over_time"), classes="heading")
        yield PlainStatic(id="forces-history")
        yield PlainLabel(t("forces.moved"), classes="heading")
        yield PlainStatic(id="forces-moves")
        yield PlainLabel(t("forces.reviews"), classes="heading")
        yield PlainStatic(id="forces-reviews")

    def on_mount(self) -> None:
        table = self.query_one("#opponents-table", PlainTable)
        for key in ("person.name", "person.influence", "counter.plan", "counter.step", "counter.due"):
            table.add_column(t(key), key=key)

    data: AccountView | None = None

    @property
    def selected(self) -> Person | None:
        """The opponent under the cursor."""
        key = selected_key(self.query_one("#opponents-table", PlainTable))
        return self.data.person(int(key)) if self.data is not None and key else None

    def focus_main(self) -> None:
        self.focus()

    def show(self, data: AccountView) -> None:
        f = forces((p.stance, p.influence) for p in data.people)
        for stance, weight in zip(Stance, (f.support, f.neutral, f.oppose), strict=True):
            people = sorted((p for p in data.people if p.stance == stance), key=lambda p: -p.influence)
            share = round(100 * weight / f.total) if f.total else 0
            self.query_one(f"#stance-title-{stance.value}", PlainLabel).update(
                t("forces.column", stance=t(f"stance.{stance.value}"), weight=weight, share=share)
            )
            body = Text("\n").join(_who(p) for p in people) if people else Text(t("forces.nobody"), "dim")
            self.query_one(f"#stance-people-{stance.value}", PlainStatic).update(body)
        net, meter = self.query_one("#net-support", BalanceBar), self.query_one("#penetration", Meter)
        labels = t("forces.net"), t("forces.penetration")
        width = max(cell_len(text) for text in labels)  # the two bars start in one column
        net.label, meter.label = (text + " " * (width - cell_len(text)) for text in labels)
        net.value, meter.value = f.net_support, f.penetration
        self.query_one("#forces-explained", PlainStatic).update(t("forces.explained"))
        self.query_one("#forces-grow", PlainStatic).update(self._to_win(data))
        self.data = data
        self._opponents(data)
        self.query_one("#forces-history", PlainStatic).update(over_time(data))
        self.query_one("#forces-moves", PlainStatic).update(self._moves(data))
        self.query_one("#forces-reviews", PlainStatic).update(self._reviews(data))

    def _opponents(self, data: AccountView) -> None:
        table = self.query_one("#opponents-table", PlainTable)
        with keep_cursor(table):
            for p in opponents(data):
                step = data.counter_steps.get(p.id) if p.id is not None else None
                table.add_row(
                    clip(p.name, PLAN_CELLS),
                    dots(p.influence),
                    clip(p.counter_plan, PLAN_CELLS)
                    if p.counter_plan
                    else Text(t("forces.no_counter"), "bold"),
                    clip(step.step, PLAN_CELLS) if step else DASH,
                    step.due_on.isoformat() if step and step.due_on else DASH,
                    key=str(p.id),
                )
        table.display = table.row_count > 0
        self.query_one("#no-opponents").display = table.row_count == 0

    @staticmethod
    def _moves(data: AccountView) -> Text:
        """The latest changes of stance or influence, newest first."""
        latest = moves(data.standings)[-MOVES:][::-1]
        if not latest:
            return Text(t("forces.no_moves"), "dim")
        lines = []
        for m in latest:
            person = data.person(m.person)
            lines.append(
                Text.assemble(
                    f"{m.on}  ",
                    (visible(person.name) if person else DASH, "bold"),
                    "  ",
                    move_text(m.before, m.after),
                )
            )
        return Text("\n").join(lines)

    @staticmethod
    def _reviews(data: AccountView) -> Text:
        """The latest forces reviews, newest first."""
        if not data.reviews:
            return Text(t("forces.no_reviews"), "dim")
        lines = []
        for r in data.reviews[:REVIEWS]:
            line = Text(
                t(
                    "forces.review_line",
                    day=r.on.isoformat(),
                    net=f"{r.net_support:+d}",
                    penetration=r.penetration,
                )
            )
            if r.note:
                line.append("  " + visible(r.note), style="italic")
            lines.append(line)
        return Text("\n").join(lines)

    @staticmethod
    def _to_win(data: AccountView) -> Text:
        """Neutrals and opponents, decision makers and the most influential first."""
        rest = [p for p in data.people if p.stance != Stance.SUPPORT]
        rest.sort(
            key=lambda p: (not has_role(p, Role.DECISION_MAKER), -p.influence, p.stance != Stance.NEUTRAL)
        )
        if not rest:
            return Text(t("forces.all_support"), "dim")
        lines = [Text.assemble(_who(p), (f" · {t(f'stance.{p.stance}')}", "italic")) for p in rest[:TO_WIN]]
        return Text("\n").join(lines)
