"""The forms of the method's records: a milestone ticked, material sent, a forces review, a
counter-plan for an opponent."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from fieldcrm.domain.forces import Stance
from fieldcrm.i18n import t
from fieldcrm.store.account_view import AccountView
from fieldcrm.store.forces import record_review, set_counter_plan
from fieldcrm.store.milestones import add_material, record_milestone, update_material
from fieldcrm.store.models import (
    CounterPlanCreate,
    ForcesReviewCreate,
    Material,
    MaterialCreate,
    MaterialFields,
    MilestoneCreate,
    Person,
)
from fieldcrm.tui.plain import plain
from fieldcrm.tui.screens.account.fields import Field
from fieldcrm.tui.screens.account.form import FormDialog

COUNTER_STEP_DAYS = 7  # the counter-plan step's due day the form proposes


def _people(people: list[Person]) -> Field:
    return Field(
        "person_id", "material.person", "select", choices=tuple((plain(p.name), p.id) for p in people)
    )


class _AddOnly(FormDialog):
    """A form that only adds (a second record of the same thing replaces the first), for a
    thing the form does not show (``fixed_values``: the milestone, the person)."""

    fixed_values: dict[str, object]

    def fixed(self) -> dict[str, object]:
        return dict(getattr(self, "fixed_values", {}))


class MilestoneForm(_AddOnly):
    """Tick a proposal point or a closing step: the day it was done and a note."""

    MODEL = UPDATE = MilestoneCreate
    ADD = staticmethod(record_milestone)

    def __init__(self, engine: Engine, data: AccountView, item: str) -> None:
        assert data.account.id is not None
        now = data.milestones.get(item)
        values = {"on": now.on if now else data.today, "note": now.note if now else None}
        fields = (Field("on", "milestone.on", "date"), Field("note", "milestone.note", "area"))
        title = t("form.milestone", item=t(f"milestone.{item}"))
        super().__init__(engine, title, fields, account_id=data.account.id, new=values)
        self.fixed_values = {"item": item}


class MaterialForm(FormDialog):
    """Tailored material sent: what, when, to whom."""

    MODEL, UPDATE = MaterialCreate, MaterialFields
    ADD, CHANGE = staticmethod(add_material), staticmethod(update_material)

    def __init__(self, engine: Engine, data: AccountView, row: Material | None = None) -> None:
        assert data.account.id is not None
        fields = (
            Field("what", "material.what"),
            Field("on", "material.on", "date"),
            _people(data.people),
        )
        title = t("form.material" if row is None else "form.material_edit")
        super().__init__(engine, title, fields, account_id=data.account.id, row=row, new={"on": data.today})


class ReviewForm(_AddOnly):
    """Keep the forces as they stand today, with a note."""

    MODEL = UPDATE = ForcesReviewCreate
    ADD = staticmethod(record_review)

    def __init__(self, engine: Engine, data: AccountView) -> None:
        assert data.account.id is not None
        fields = (Field("on", "review.on", "date"), Field("note", "review.note", "area"))
        super().__init__(engine, t("form.review"), fields, account_id=data.account.id, new={"on": data.today})


def opponents(data: AccountView) -> list[Person]:
    """The people who oppose us, the most influential first."""
    return sorted((p for p in data.people if p.stance == Stance.OPPOSE), key=lambda p: -p.influence)


class CounterPlanForm(_AddOnly):
    """What we do to defuse an opponent, and its next step (a plan step on the agenda)."""

    MODEL = UPDATE = CounterPlanCreate
    ADD = staticmethod(set_counter_plan)
    MODEL_ERROR_FIELD = "due_on"

    def __init__(self, engine: Engine, data: AccountView, person: Person) -> None:
        assert data.account.id is not None and person.id is not None
        step = data.counter_steps.get(person.id)
        values = {
            "plan": person.counter_plan,
            "step": step.step if step else None,
            "due_on": step.due_on if step and step.due_on else data.today + timedelta(days=COUNTER_STEP_DAYS),
        }
        fields = (
            Field("plan", "counter.plan", "area"),
            Field("step", "counter.step"),
            Field("due_on", "counter.due", "date"),
        )
        title = t("form.counter", name=person.name)
        super().__init__(engine, title, fields, account_id=data.account.id, new=values)
        self.fixed_values = {"person_id": person.id}
