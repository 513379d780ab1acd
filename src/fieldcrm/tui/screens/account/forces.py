"""The forces pane (支持与反对力量): who supports, who is neutral, who opposes, weighted by influence."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll

from fieldcrm.domain.forces import Role, Stance, forces
from fieldcrm.i18n import t
from fieldcrm.store.account_view import AccountView
from fieldcrm.store.models import Person
from fieldcrm.tui.plain import PlainLabel, PlainStatic
from fieldcrm.tui.screens.account.names import dots
from fieldcrm.tui.widgets.meter import BalanceBar, Meter
from fieldcrm.untrusted import visible

TO_WIN = 5  # people listed under "where support must grow"


def _who(p: Person) -> Text:
    return Text.assemble(
        f"{dots(p.influence)} ",
        (visible(p.name), "bold" if p.role == Role.DECISION_MAKER else ""),
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

    @staticmethod
    def _to_win(data: AccountView) -> Text:
        """Neutrals and opponents, decision makers and the most influential first."""
        rest = [p for p in data.people if p.stance != Stance.SUPPORT]
        rest.sort(key=lambda p: (p.role != Role.DECISION_MAKER, -p.influence, p.stance != Stance.NEUTRAL))
        if not rest:
            return Text(t("forces.all_support"), "dim")
        lines = [Text.assemble(_who(p), (f" · {t(f'stance.{p.stance}')}", "italic")) for p in rest[:TO_WIN]]
        return Text("\n").join(lines)
