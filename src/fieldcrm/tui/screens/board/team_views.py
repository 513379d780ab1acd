"""The board in team mode: views of whose accounts (Mine, My team, All, as the role allows)
and handing the selected account to another member (a lead or a manager)."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from fieldcrm.i18n import t
from fieldcrm.tui.dialog import ChoiceDialog
from fieldcrm.tui.keys import localized
from fieldcrm.untrusted import one_line

_ONE_AT_A_TIME = {"exclusive": True, "group": "team-sync", "exit_on_error": False}

if TYPE_CHECKING:
    from fieldcrm.store.team_view import Team
    from fieldcrm.tui.screens.board.screen import BoardScreen
    from fieldcrm.tui.team_sync import Outcome


class TeamViews:
    """The team as this laptop knows it, and what the board does with it."""

    def __init__(self, board: BoardScreen) -> None:
        self.board = board
        self.team: Team | None = None

    def load(self) -> bool:
        """Read the team again (after a sync lists its members); True when the user's login
        changed (their cards name no owner: the board must be read again)."""
        from fieldcrm.store.team_view import team_of  # after the first frame: SQLAlchemy is in

        self.team = team_of(self.board.engine)
        me = self.team.login if self.team else None
        changed, self.board.model.me = me != self.board.model.me, me
        return changed

    def views(self) -> list[tuple[str, tuple[str, ...] | None]]:
        return self.team.views() if self.team else []

    def current(self) -> str | None:
        """The name of the view shown, when the user has views to choose from."""
        owners = self.board.model.filter.owners
        return next((name for name, shown in self.views() if shown == owners), None)

    def cycle(self) -> None:
        views = self.views()
        if not views:
            self.board.notify(t("board.whose_alone"), timeout=4)
            return
        names = [name for name, _ in views]
        now = self.current()
        name, owners = views[(names.index(now) + 1) % len(views) if now in names else 0]
        self.board.model.filter = replace(self.board.model.filter, owners=owners)
        self.board.reload()
        self.board.notify(t(f"whose.{name}"), timeout=2)

    def hand_over(self) -> None:
        """Ask whom to hand the selected account to; hand it over in a worker."""
        card = self.board.selected()
        team = self.team
        if card is None or team is None or not team.sees_others:
            self.board.notify(t("board.hand_over_lead"), timeout=4)
            return
        owner = card.owner or team.login
        choices = [(m, one_line(m)) for m in team.may_hand_to() if m != owner][:9]
        if not choices:
            self.board.notify(t("team.handover_none"), timeout=4)
            return
        title = t("team.handover_title", account=one_line(card.name))

        def chosen(login: str | None) -> None:
            if login:  # one server call at a time: the sync's group
                work = partial(self._hand, card.id, card.name, login)
                self.board.run_worker(
                    work, thread=True, exclusive=True, group="team-sync", exit_on_error=False
                )

        self.board.app.push_screen(localized(ChoiceDialog)(title, "", choices), chosen)

    def _hand(self, account_id: int, name: str, login: str) -> None:
        from fieldcrm.tui.team_sync import handed_over

        outcome = handed_over(self.board.engine, account_id, login)
        self.board.app.call_from_thread(self._handed, outcome, name, login)

    def _handed(self, outcome: Outcome, name: str, login: str) -> None:
        if outcome.done is None:
            problem = outcome.problem or t("sync.offline_short")
            self.board.notify(t("team.handover_offline", problem=problem), severity="error", timeout=10)
            return
        self.board.notify(t("team.handed", account=one_line(name), login=one_line(login)), timeout=6)
        self.load()
        self.board.reload_kept()
