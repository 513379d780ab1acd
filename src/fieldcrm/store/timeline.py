"""The account's record (时间线), newest first: stage and status changes (with each gate
override and what it lacked), ladder steps, grades, forces reviews and moves, contacts,
milestones and material sent; in team mode, who made each stage change, grade and contact.
Built from the rows the account screen has read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fieldcrm.domain.forces import moves
from fieldcrm.domain.gates import read_override
from fieldcrm.store.account_view import AccountView


@dataclass(frozen=True, slots=True)
class Happening:
    """One line of the record: its day, its kind, the person it concerns, and its facts
    (kind-specific, named as the catalog's ``timeline.<kind>`` message wants them)."""

    day: date
    kind: str
    person: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    order: int = 0  # within a day: the later the higher
    by: str | None = None  # in team mode, the member who did it


def timeline(view: AccountView) -> list[Happening]:
    """Everything that happened at the account, newest first."""
    names = {p.id: p.name for p in view.people}
    out: list[Happening] = []
    for e in view.events:
        facts: dict[str, Any] = {
            "from_stage": e.from_stage,
            "to_stage": e.to_stage,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "reason": e.reason,
            "overrides": read_override(e.missing),
        }
        out.append(Happening(e.at.date(), f"event.{e.kind}", None, facts, e.id or 0, e.made_by))
    for person_id, steps in view.ladder.items():
        for step in steps:
            out.append(Happening(step.on, "ladder", names.get(person_id), {"step": step.step}, step.id or 0))
    previous: str | None = None
    for a in view.assessments:
        facts = {"grade": a.grade, "total": a.total, "before": previous, "note": a.note}
        out.append(Happening(a.created_at.date(), "assessment", None, facts, a.id or 0, a.assessed_by))
        previous = a.grade
    for r in view.reviews:
        facts = {"net": r.net_support, "penetration": r.penetration, "note": r.note}
        out.append(Happening(r.on, "review", None, facts, r.id or 0))
    for m in moves(view.standings):
        facts = {
            "stance_before": m.before.stance,
            "stance": m.after.stance,
            "influence_before": m.before.influence,
            "influence": m.after.influence,
        }
        out.append(Happening(m.on, "stance", names.get(m.person), facts))
    for c in view.activities:
        facts = {"kind": c.kind, "summary": c.summary, "minutes": c.duration_minutes}
        out.append(Happening(c.occurred_on, "contact", names.get(c.person_id), facts, c.id or 0, c.made_by))
    for item, ms in view.milestones.items():
        out.append(Happening(ms.on, "milestone", None, {"item": item, "note": ms.note}, ms.id or 0))
    for sent in view.materials:
        out.append(
            Happening(sent.on, "material", names.get(sent.person_id), {"what": sent.what}, sent.id or 0)
        )
    return sorted(out, key=lambda h: (h.day, h.order), reverse=True)
