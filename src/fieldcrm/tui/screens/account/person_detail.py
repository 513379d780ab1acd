"""One person in full: the decision-maker profile and approach plan, the insider's ladder and checks."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical

from fieldcrm.domain.closeness import level
from fieldcrm.domain.forces import Role, roles_of
from fieldcrm.domain.insider import CANDIDATE_CRITERIA, QUALIFICATION, Ladder, is_qualified
from fieldcrm.domain.profile import PROFILE_FIELDS, Birthday, completeness
from fieldcrm.i18n import ladder_name, t
from fieldcrm.store.account_view import AccountView
from fieldcrm.store.models import LadderEvent, Person
from fieldcrm.store.people import has_role
from fieldcrm.tui.plain import PlainLabel, PlainStatic, plain
from fieldcrm.tui.screens.account.names import DASH, clip, dots, label, shown
from fieldcrm.tui.widgets.checklist import Checklist
from fieldcrm.tui.widgets.meter import Meter
from fieldcrm.untrusted import visible

HISTORY = 5  # ladder steps listed under the ladder
CONTACTS = 8  # contacts listed in the person's timeline
STEP_CELLS = 30


def ladder_line(step: int, events: list[LadderEvent]) -> Text:
    """认识 10-01 → 约会 11-02 → [认同 11-20] → 信赖 → 同盟: when each step was reached."""
    reached = {e.step: e.on for e in events}  # oldest first: the latest date wins
    parts = []
    for rung in Ladder:
        name = ladder_name(rung)
        if rung <= step and rung in reached:
            name += f" {reached[rung]:%m-%d}"
        if rung == step:
            parts.append(Text(f" {name} ", style="bold reverse"))
        else:
            parts.append(Text(name, style="" if rung < step else "dim"))
    return Text(" → ").join(parts)


def ladder_history(events: list[LadderEvent]) -> str:
    lines = []
    for before, event in reversed(list(zip([None, *events], events, strict=False))[-HISTORY:]):
        arrow = "•" if before is None else ("↑" if event.step > before.step else "↓")
        lines.append(f"{event.on.isoformat()}  {arrow} {ladder_name(event.step)}")
    return "\n".join(lines)


def _roles(p: Person) -> list[str]:
    """The main role first, then the others in the order of the method."""
    others = roles_of(p.role, p.other_roles) - {Role(p.role)}
    return [p.role, *(r.value for r in Role if r in others)]


def confirmed(p: Person, data: AccountView) -> Text:
    """Who confirmed the ladder step and the six points last: the newest contact with the
    person, and whether the step was set after it (then the next contact should confirm it)."""
    contacts = data.contacts_with(p.id)
    if not contacts:
        return Text(t("people.unconfirmed"), style="bold")
    last = contacts[0]  # newest first
    text = Text(t("people.confirmed", kind=t(f"kind.{last.kind}"), day=last.occurred_on.isoformat()))
    if p.ladder_since and p.ladder_since > last.occurred_on:
        text.append("\n" + t("people.step_after_contact"), style="bold")
    return text


class PersonDetail(Vertical):
    """The selected person; the profile shows for decision makers, the ladder for insiders."""

    def compose(self) -> ComposeResult:
        yield PlainStatic(id="person-head")
        with Vertical(id="profile-box", classes="box"):
            yield PlainLabel(t("people.profile"), classes="heading")
            yield Meter(id="profile-meter")
            yield PlainStatic(id="profile-fields")
            yield PlainStatic(id="profile-birthday")
            yield PlainLabel(t("people.approach"), classes="heading")
            yield PlainStatic(id="approach")
        with Vertical(id="insider-box", classes="box"):
            yield PlainLabel(t("people.ladder"), classes="heading")
            yield PlainStatic(id="ladder")
            yield PlainStatic(id="ladder-history", classes="muted")
            yield PlainLabel(id="qualification-title", classes="heading")
            yield Checklist(id="qualification")
            yield PlainStatic(id="confirmed", classes="muted")
            yield PlainLabel(t("people.candidate"), classes="heading")
            yield Checklist(id="candidates")
        yield PlainLabel(id="person-contacts-title", classes="heading")
        yield PlainStatic(id="person-contacts")
        yield PlainStatic(id="person-notes")

    def show(self, person: Person | None, data: AccountView) -> None:
        self.query_one("#person-head", PlainStatic).update(
            self._head(person, data) if person else t("people.none")
        )
        profile = {f: getattr(person, f) for f in PROFILE_FIELDS} if person else {}
        filled = completeness(profile)
        self.query_one("#profile-box").display = person is not None and (
            has_role(person, Role.DECISION_MAKER) or filled > 0
        )
        insider = person is not None and has_role(person, Role.INSIDER)
        self.query_one("#insider-box").display = insider
        notes = person.notes if person else None
        self.query_one("#person-notes", PlainStatic).update(
            Text.assemble((f"{t('person.notes')}: ", "bold"), visible(notes)) if notes else ""
        )
        self.query_one("#person-contacts-title").display = person is not None
        if person is None:
            self.query_one("#person-contacts", PlainStatic).update("")
            return
        self._profile(person, profile, filled, data)
        self._contacts(person, data)
        if insider:
            self._insider(person, data.ladder.get(person.id or 0, []))
            self.query_one("#confirmed", PlainStatic).update(confirmed(person, data))

    @staticmethod
    def _head(p: Person, data: AccountView) -> Text:
        score = data.closeness_of(p)
        text = plain(p.name, style="bold")
        if p.title:
            text.append(" · " + visible(p.title))
        if p.phone:
            text.append(" · " + visible(p.phone))
        text.append(
            "\n"
            + " · ".join(
                (
                    t("list.sep").join(t(f"role.{r}") for r in _roles(p)),
                    t(f"stance.{p.stance}"),
                    f"{t('person.influence')} {dots(p.influence)}",
                    t("people.closeness", score=score, level=t(f"closeness.{level(score)}")),
                    t("people.contacts", count=len(data.contacts_with(p.id))),
                )
            )
        )
        return text

    def _contacts(self, p: Person, data: AccountView) -> None:
        """The contacts with this person, newest first: day, kind, influence, time, next step."""
        contacts = data.contacts_with(p.id)
        title = t("people.timeline", count=len(contacts))
        self.query_one("#person-contacts-title", PlainLabel).update(title)
        lines = []
        for a in contacts[:CONTACTS]:
            minutes = t("record.minutes", minutes=f"{a.duration_minutes:>3}") if a.duration_minutes else DASH
            lines.append(
                Text.assemble(
                    f"{a.occurred_on}  ",
                    (t(f"kind.{a.kind}"), "bold"),
                    f"  {dots(a.influence)}  {minutes}  → ",
                    clip(a.next_step, STEP_CELLS),
                )
            )
        body = Text("\n").join(lines) if lines else Text(t("people.no_contacts"), style="dim")
        self.query_one("#person-contacts", PlainStatic).update(body)

    def _profile(self, p: Person, profile: dict[str, object], filled: int, data: AccountView) -> None:
        meter = self.query_one("#profile-meter", Meter)
        meter.label, meter.value = t("people.completeness"), filled
        table = Table.grid(padding=(0, 2))
        for field in PROFILE_FIELDS:
            value = shown(profile[field])
            table.add_row(
                Text(label(f"profile.{field}"), style="dim"),
                Text(value, style="dim" if value == DASH else ""),
            )
        self.query_one("#profile-fields", PlainStatic).update(table)
        self.query_one("#profile-birthday", PlainStatic).update(self._birthday(p, data))
        plan = Text.assemble(
            visible(p.approach_plan) if p.approach_plan else (t("people.no_plan"), "dim"),
            "\n",
            t("people.executive_meet", answer=shown(p.executive_meet)),
        )
        self.query_one("#approach", PlainStatic).update(plan)

    @staticmethod
    def _birthday(p: Person, data: AccountView) -> str:
        if not p.birthday:
            return t("people.birthday_unknown")
        birthday = Birthday.parse(p.birthday)
        days = birthday.days_until(data.today)
        when = birthday.next_after(data.today).strftime("%m-%d")
        line = t("people.birthday_today") if days == 0 else t("people.birthday_in", days=days, on=when)
        age = birthday.age_on(data.today)  # known when the birthday has a year
        return line if age is None else f"{line} · {t('people.turns', age=age + (days > 0))}"

    def _insider(self, p: Person, events: list[LadderEvent]) -> None:
        step = p.ladder_step or Ladder.ACQUAINTED
        self.query_one("#ladder", PlainStatic).update(
            Text.assemble(ladder_line(step, events), "\n", (t("people.ladder_keys"), "dim"))
        )
        self.query_one("#ladder-history", PlainStatic).update(ladder_history(events))
        checks = {q: bool(getattr(p, f"q_{q}")) for q in QUALIFICATION}
        met = sum(checks.values())
        title = t("people.qualification_count", met=met, total=len(QUALIFICATION))
        if is_qualified(checks):
            title += " · " + t("people.qualified")
        self.query_one("#qualification-title", PlainLabel).update(title)
        self.query_one("#qualification", Checklist).show(
            (label(f"qualification.{q}"), ok) for q, ok in checks.items()
        )
        self.query_one("#candidates", Checklist).show(
            (label(f"candidate.{c}"), bool(getattr(p, f"c_{c}"))) for c in CANDIDATE_CRITERIA
        )
