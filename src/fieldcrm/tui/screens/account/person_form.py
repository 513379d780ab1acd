"""The person form: role, stance, influence, the decision-maker profile, the insider checks."""

from __future__ import annotations

from sqlalchemy import Engine
from textual import on
from textual.widgets import Select, SelectionList

from fieldcrm.domain.forces import Role, Stance
from fieldcrm.domain.insider import CANDIDATE_CRITERIA, QUALIFICATION
from fieldcrm.domain.profile import PROFILE_FIELDS
from fieldcrm.i18n import t
from fieldcrm.store.models import Person, PersonCreate, PersonUpdate
from fieldcrm.store.people import create_person, update_person
from fieldcrm.tui.screens.account.fields import Field, choice
from fieldcrm.tui.screens.account.form import FormDialog

_KIND = {"age": "int", "birthday": "birthday"}
INSIDER = "insider-only"  # the class of the fields that only insiders show


def _checks(prefix: str, names: tuple[str, ...], area: str, section: str) -> tuple[Field, ...]:
    return tuple(
        Field(f"{prefix}_{n}", f"{area}.{n}", "check", group=INSIDER, section=section if i == 0 else None)
        for i, n in enumerate(names)
    )


PERSON_FIELDS: tuple[Field, ...] = (
    Field("name", "person.name"),
    Field("title", "person.title"),
    Field("phone", "person.phone"),
    choice("role", "person.role", Role, "role"),
    Field(
        "other_roles",
        "person.other_roles",
        "multi",
        options=tuple((f"role.{r.value}", r.value) for r in Role),
    ),
    choice("stance", "person.stance", Stance, "stance"),
    Field("influence", "person.influence", "int"),
    *(
        Field(name, f"profile.{name}", _KIND.get(name, "text"), section="people.profile" if i == 0 else None)
        for i, name in enumerate(PROFILE_FIELDS)
    ),
    Field("approach_plan", "person.approach_plan", "area", section="people.approach"),
    Field("executive_meet", "person.executive_meet", "check"),
    *_checks("q", QUALIFICATION, "qualification", "people.qualification"),
    *_checks("c", CANDIDATE_CRITERIA, "candidate", "people.candidate"),
    Field("notes", "person.notes", "area", section="people.more"),
)
NEW_PERSON = {"role": Role.OTHER.value, "stance": Stance.NEUTRAL.value, "influence": 3}


class PersonForm(FormDialog):
    """Add a person to the account, or edit one; the insider checks show for insiders only."""

    MODEL, UPDATE = PersonCreate, PersonUpdate
    ADD, CHANGE = staticmethod(create_person), staticmethod(update_person)

    def __init__(self, engine: Engine, account_id: int, person: Person | None = None) -> None:
        title = t("form.person_new") if person is None else t("form.person", name=person.name)
        super().__init__(engine, title, PERSON_FIELDS, account_id=account_id, row=person, new=NEW_PERSON)

    def on_mount(self) -> None:
        super().on_mount()
        self._roles_changed()

    @on(Select.Changed, "#f-role")
    @on(SelectionList.SelectedChanged, "#f-other_roles")
    def _roles_changed(self) -> None:
        """The insider checks show for an insider, by the main role or another."""
        values = self.read()
        roles = {values.get("role"), *str(values.get("other_roles") or "").split(",")}
        self.set_class(Role.INSIDER.value in roles, "-insider")
