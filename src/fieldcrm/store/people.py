"""The people at an account: reading, creating and editing them, and the insider ladder."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from fieldcrm import clock
from fieldcrm.domain.forces import Role, roles_of
from fieldcrm.domain.insider import Ladder
from fieldcrm.store.models import LadderEvent, Person, PersonChange, PersonCreate, PersonUpdate
from fieldcrm.store.session import edit, existing, touch, transaction

_ROLE_ORDER = {role.value: i for i, role in enumerate(Role)}


class PersonGone(LookupError):
    """The person no longer exists."""


def people_of(engine: Engine, account_id: int) -> list[Person]:
    """Everyone at the account, decision makers first, then insiders, influencers...; by name."""
    with Session(engine) as s:
        return people_in(s, account_id)


def people_in(s: Session, account_id: int) -> list[Person]:
    """:func:`people_of`, read in the caller's session."""
    people = list(s.exec(select(Person).where(Person.account_id == account_id).order_by(Person.name)))
    return sorted(people, key=lambda p: _ROLE_ORDER.get(p.role, len(_ROLE_ORDER)))


def get_person(engine: Engine, person_id: int) -> Person | None:
    with Session(engine) as s:
        return s.get(Person, person_id)


def ladder_events_of(engine: Engine, account_id: int) -> dict[int, list[LadderEvent]]:
    """Each person's ladder steps at the account, oldest first."""
    with Session(engine) as s:
        return ladder_in(s, account_id)


def ladder_in(s: Session, account_id: int) -> dict[int, list[LadderEvent]]:
    """:func:`ladder_events_of`, read in the caller's session."""
    query = (
        select(LadderEvent)
        .join(Person, col(Person.id) == LadderEvent.person_id)
        .where(Person.account_id == account_id)
        .order_by(col(LadderEvent.on), col(LadderEvent.id))
    )
    out: dict[int, list[LadderEvent]] = defaultdict(list)
    for event in s.exec(query):
        out[event.person_id].append(event)
    return dict(out)


def _set_ladder(s: Session, person: Person, step: Ladder) -> None:
    """Put an insider on ``step`` today, with its dated event."""
    today = clock.today()
    person.ladder_step, person.ladder_since = int(step), today
    s.add(person)
    s.flush()
    assert person.id is not None
    s.add(LadderEvent(person_id=person.id, step=int(step), on=today))


def has_role(person: Person, role: Role) -> bool:
    """Whether ``role`` is the person's main role or one of their others."""
    return role in roles_of(person.role, person.other_roles)


def _apply_role(s: Session, person: Person) -> None:
    """Only insiders have a ladder: a new insider starts on its first step."""
    if not has_role(person, Role.INSIDER):
        person.ladder_step = person.ladder_since = None
    elif person.ladder_step is None:
        _set_ladder(s, person, Ladder.ACQUAINTED)


def _note_forces(s: Session, person: Person, before: tuple[str, int] | None) -> None:
    """Keep the person's stance and influence, dated today, when new or changed."""
    if before != (person.stance, person.influence):
        assert person.id is not None
        s.add(
            PersonChange(
                account_id=person.account_id,
                person_id=person.id,
                on=clock.today(),
                stance=person.stance,
                influence=person.influence,
            )
        )


def create_person(engine: Engine, data: PersonCreate) -> Person:
    with transaction(engine) as s:
        person = Person(**data.model_dump())
        s.add(person)
        s.flush()
        _apply_role(s, person)
        _note_forces(s, person, None)
        touch(s, person.account_id)
    return person


def update_person(engine: Engine, person_id: int, data: PersonUpdate) -> Person:
    with transaction(engine) as s:
        person = existing(s, Person, person_id, PersonGone)
        before = (person.stance, person.influence)
        person = edit(s, Person, person_id, data, PersonGone)
        _apply_role(s, person)
        _note_forces(s, person, before)
        s.add(person)
        touch(s, person.account_id)
    return person


def step_ladder(engine: Engine, person_id: int, up: bool) -> Person | None:
    """Move an insider one step up or down the ladder, dated today; None at either end."""
    with transaction(engine) as s:
        person = existing(s, Person, person_id, PersonGone)
        if not has_role(person, Role.INSIDER) or person.ladder_step is None:
            raise ValueError("ladder.not_insider")
        current = Ladder(person.ladder_step)
        step = current.up() if up else current.down()
        if step is None:
            return None
        _set_ladder(s, person, step)
    return person
