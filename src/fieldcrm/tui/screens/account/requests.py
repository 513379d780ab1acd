"""Asking the team's managers from the account screen (``A``, in team mode, from Relationship
on): an executive meeting or system support, for one of the account's decision makers, with the
reason. Three short steps: what, for whom, why. The request syncs to the managers' agendas; the
answer comes back to the asker's."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.widgets import Input

from fieldcrm.domain.forces import Role
from fieldcrm.domain.stages import Stage
from fieldcrm.i18n import t
from fieldcrm.store.models import RequestCreate, RequestKind
from fieldcrm.store.people import has_role
from fieldcrm.store.team_view import team_of
from fieldcrm.tui.dialog import CANCEL, ChoiceDialog, InputsDialog
from fieldcrm.tui.keys import KeySpec, localized
from fieldcrm.untrusted import one_line

if TYPE_CHECKING:
    from fieldcrm.tui.screens.account.screen import AccountScreen


class ReasonDialog(InputsDialog[RequestCreate]):
    """Why the request: the reason the managers read."""

    KEYS = (CANCEL, KeySpec("request.save", "ctrl+s", "save"))
    FIELDS: ClassVar[tuple[str, ...]] = ("reason",)
    DIALOG_ID = "request-dialog"

    def __init__(self, account_id: int, person_id: int, kind: RequestKind) -> None:
        super().__init__()
        self.account_id, self.person_id, self.kind = account_id, person_id, kind

    def heading(self) -> str:
        return t(f"request.ask.{self.kind.value}")

    def label(self, name: str) -> str:
        return t("request.field.reason")

    def save_label(self) -> str:
        return t("request.button.send")

    def make_input(self, name: str) -> Input:
        return Input(id=name, placeholder=t("request.placeholder.reason"))

    def build(self, values: dict[str, str]) -> RequestCreate:
        return RequestCreate(account_id=self.account_id, person_id=self.person_id, kind=self.kind, **values)


class Asks:
    """The account screen's requests to the managers."""

    def __init__(self, screen: AccountScreen) -> None:
        self.screen = screen
        self.in_team = team_of(screen.engine) is not None

    def ask(self) -> None:
        data = self.screen.data
        if data is None:
            return
        if not self.in_team:
            self.screen.notify(t("request.team_only"), severity="warning")
            return
        if data.account.stage < Stage.RELATIONSHIP:
            self.screen.notify(t("request.too_early"), severity="warning")
            return
        deciders = [p for p in data.people if has_role(p, Role.DECISION_MAKER) and p.id is not None][:9]
        if not deciders:
            self.screen.notify(t("request.no_decider"), severity="warning")
            return
        kinds = [(k.value, t(f"request.kind.{k.value}")) for k in RequestKind]

        def for_whom(kind: str | None) -> None:
            if kind is None:
                return
            people = [(str(p.id), one_line(p.name)) for p in deciders]
            self.screen.app.push_screen(
                localized(ChoiceDialog)(t("request.for_whom"), "", people),
                lambda person: self._why(RequestKind(kind), person),
            )

        self.screen.app.push_screen(localized(ChoiceDialog)(t("request.what"), "", kinds), for_whom)

    def _why(self, kind: RequestKind, person: str | None) -> None:
        if person is None:
            return
        self.screen.app.push_screen(
            localized(ReasonDialog)(self.screen.account_id, int(person), kind), self._send
        )

    def _send(self, data: RequestCreate | None) -> None:
        from fieldcrm.store.requests import RequestRefused, ask

        if data is None:
            return
        try:
            ask(self.screen.engine, data)
        except RequestRefused as refused:
            self.screen.notify(t(refused.key), severity="warning")
            return
        self.screen.notify(t("request.sent"), timeout=4)
        self.screen.reload()
