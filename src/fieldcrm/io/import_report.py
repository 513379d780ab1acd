"""What an import found and did, as lines in the interface language (CLI and import dialog)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from fieldcrm.i18n import t
from fieldcrm.io.import_csv import HEADER_KEYS, ImportCheck, Notice
from fieldcrm.store.prospects import INFO, company_info


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The checked plan, and whether it was written."""

    plan: ImportCheck
    written: bool
    dry_run: bool

    @property
    def ok(self) -> bool:
        return not self.plan.errors


def message(notice: Notice) -> str:
    """The notice as a line in the interface language: 'Row 7: Phone: At most 50 characters.'"""
    params = dict(notice.params)
    if "merged" in params:
        params["by"] = t(f"import.by.{params['by']}")
        params["action"] = t("import.merged" if params.pop("merged") else "import.skipped")
        return t(notice.key, row=notice.row, **params)
    name = params.pop("field", "")
    text = t(notice.key, **params)
    if name in HEADER_KEYS:
        return t("import.row_field", row=notice.row, field=t(HEADER_KEYS[name]), message=text)
    return t("import.row", row=notice.row, message=text)


def report_lines(result: ImportResult, limit: int | None = None) -> list[str]:
    """What the import found and did, in the interface language: unknown columns, then
    errors, then duplicates (at most ``limit`` of those), then the totals."""
    plan = result.plan
    lines = []
    if plan.unknown_columns:
        lines.append(t("import.unknown_columns", columns=", ".join(plan.unknown_columns)))
    notices = [*plan.errors, *plan.duplicates, *plan.merge_notes]
    shown = notices if limit is None else notices[:limit]
    lines += [message(n) for n in shown]
    if len(shown) < len(notices):
        lines.append(t("import.more", count=len(notices) - len(shown)))
    if plan.blank:
        lines.append(t("import.blank_rows", count=plan.blank))
    lines.append(
        t(
            "import.summary" if result.written else "import.would",
            rows=plan.rows,
            encoding=plan.encoding,
            new=len(plan.new),
            merged=len(plan.merges),
            skipped=plan.skipped,
        )
    )
    if plan.errors:
        lines.append(t("import.failed", count=len(plan.errors)))
    elif result.dry_run:
        lines.append(t("import.dry_run"))
    return lines


def explain_merges(conn: Connection, plan: ImportCheck) -> None:
    """What each merge will really do, as notices: the fields it fills, or that it fills
    none; and each field the file gives otherwise than the account has (kept as it is)."""
    current = company_info(conn, plan.merges)
    for account_id, prospect in plan.merges.items():
        has = current[account_id]
        offered = {f: prospect.values.get(f) for f in INFO}
        fills = [f for f in INFO if offered[f] and not has[f]]
        row, name = prospect.row, has["name"]
        if fills:
            fields = t("list.sep").join(t(HEADER_KEYS[f]) for f in fills)
            plan.merge_notes.append(Notice(row, "import.merge_fills", {"existing": name, "fields": fields}))
        elif not prospect.contacts:
            plan.merge_notes.append(Notice(row, "import.merge_nothing", {"existing": name}))
        for f in INFO:
            if offered[f] and has[f] and offered[f] != has[f]:
                params = {
                    "existing": name,
                    "column": t(HEADER_KEYS[f]),
                    "kept": has[f],
                    "offered": offered[f],
                }
                plan.merge_notes.append(Notice(row, "import.merge_conflict", params))
