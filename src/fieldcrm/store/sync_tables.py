"""What syncs with the team's server, and how each table's rows merge.

Every table of the local store is either synced (with a merge rule) or local-only (with the
reason); ``tests/team/test_tables.py`` fails when a table is neither, so a new table cannot be
forgotten. Derived columns (``store.derived``) are never sent: each replica recomputes them; an
account's stage and status follow its stage events.
"""

from __future__ import annotations

from enum import StrEnum


class Merge(StrEnum):
    FIELDS = "fields"  # editable: per field, the later stamp wins; the overwritten value is a conflict
    GROW = "grow"  # only grows: rows merge by union (a delete travels as a tombstone)
    EVENTS = "events"  # grows, and the account's stage and status are its latest event


SYNCED: dict[str, Merge] = {
    "account": Merge.FIELDS,  # company information, the deal's probability and path, owner
    "person": Merge.FIELDS,  # role, stance, influence, the profile, the insider's points
    "activity": Merge.FIELDS,  # the contact log: corrected contacts and their next steps change
    "plan_task": Merge.FIELDS,  # plan steps: text, owner and due day change; done marks grow
    "sim_reason": Merge.FIELDS,  # decision simulation: text, weight and order change
    "milestone": Merge.FIELDS,  # one per item and account: its day and note change
    "material_sent": Merge.FIELDS,
    "setting": Merge.FIELDS,  # the team's weights, thresholds and agenda limits
    "support_request": Merge.FIELDS,  # a rep's request to the managers, then its answer
    "stage_event": Merge.EVENTS,
    "ladder_event": Merge.GROW,
    "assessment": Merge.GROW,  # assessments and their history are never rewritten
    "assessment_factor": Merge.GROW,
    "next_step_change": Merge.GROW,
    "person_change": Merge.GROW,
    "forces_review": Merge.GROW,
}

# local-only tables, with why they stay on the laptop
LOCAL_ONLY: dict[str, str] = {
    "team_link": "which team this laptop joined, as whom",
    "outbox": "this laptop's changes waiting to be sent",
    "team_member": "the team's members as the server last listed them",
}

DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {
    "account": (
        "grade", "score", "next_step", "next_due", "last_contact", "search_text", "name_key", "updated_at",
        "stage", "status", "status_reason", "stage_since",  # these follow the stage events
    ),
}  # fmt: skip
NOT_FIELDS = ("id", "uid")  # a row's local key and its global id: identities, not values
# columns the server sets and laptops only read: an account's owner changes by fieldcrm.reassign
SERVER_SET: dict[str, tuple[str, ...]] = {"account": ("owner",)}


def synced_fields(table: str, columns: list[str]) -> list[str]:
    """The columns of ``table`` whose changes are sent, in the table's order."""
    left_out = set(NOT_FIELDS) | set(DERIVED_COLUMNS.get(table, ())) | set(SERVER_SET.get(table, ()))
    return [c for c in columns if c not in left_out]
