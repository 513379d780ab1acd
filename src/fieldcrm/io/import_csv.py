"""Reading a CSV of prospects: encoding, headers in English or Chinese, row checks, duplicates.

Nothing here writes: :func:`read_prospects` turns a file into a :class:`ImportCheck` (new accounts,
merges into existing ones, and every error, duplicate and unknown column found), which
``io.import_run`` applies in one transaction only when no row has an error.
Row numbers are those a spreadsheet shows: the header is row 1.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError, create_model, field_validator
from typing_extensions import TypedDict

from fieldcrm.domain.names import name_keys, phone_key
from fieldcrm.i18n import catalogs
from fieldcrm.io.csv_safe import restore
from fieldcrm.io.csv_stream import Decoder, Progress, records
from fieldcrm.io.errors import FileError
from fieldcrm.io.options import IMPORT_ENCODINGS, ON_DUPLICATE
from fieldcrm.store.models import AccountCreate
from fieldcrm.store.models.common import NAME_MAX, strip_blank
from fieldcrm.store.prospects import KnownNames
from fieldcrm.store.validation import field_errors
from fieldcrm.untrusted import control_in, printable

ACCOUNT_FIELDS = ("name", "industry", "phone", "address", "city", "notes")
PLACED = 1_000  # valid rows sorted into new and duplicate together
FIELDS = (*ACCOUNT_FIELDS, "contact")
# the export's header key for each field, so an exported file reads back in either language
HEADER_KEYS = {
    "name": "csv.company",
    "contact": "csv.contact",
    "phone": "csv.phone",
    "address": "csv.address",
    "city": "csv.city",
    "industry": "csv.industry",
    "notes": "csv.notes",
}
ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "company",
        "company name",
        "account",
        "account name",
        "customer",
        "name",
        "公司名称",
        "公司",
        "公司名",
        "客户",
        "客户名称",
        "企业名称",
        "单位名称",
    ),
    "contact": ("contact", "contact name", "contact person", "联系人", "联系人姓名", "姓名"),
    "phone": (
        "phone",
        "telephone",
        "tel",
        "mobile",
        "phone number",
        "电话",
        "联系电话",
        "电话号码",
        "手机",
        "手机号",
        "手机号码",
    ),
    "address": ("address", "地址", "公司地址", "详细地址"),
    "city": ("city", "town", "城市", "所在城市", "所在地"),
    "industry": ("industry", "sector", "行业", "所属行业"),
    "notes": ("notes", "note", "remarks", "comment", "comments", "备注", "说明"),
}
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Notice:
    """Something about one row: an error (message key and params) or a duplicate."""

    row: int
    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Prospect:
    """A new account to create, or what to fill into an existing one (``account_id``)."""

    row: int
    values: dict[str, str | None]
    key: str = ""  # domain.names.name_key of the name
    contacts: list[str] = field(default_factory=list)
    account_id: int | None = None

    def fill(self, values: Mapping[str, str | None], contact: str | None) -> None:
        """Merge: keep what is set, fill what is empty, add a new contact."""
        for name, value in values.items():
            if value is not None and not self.values.get(name):
                self.values[name] = value
        if contact and contact not in self.contacts:
            self.contacts.append(contact)


@dataclass(slots=True)
class ImportCheck:
    """Everything an import would do, and everything wrong with the file."""

    encoding: str
    rows: int = 0
    blank: int = 0
    unknown_columns: list[str] = field(default_factory=list)
    errors: list[Notice] = field(default_factory=list)
    duplicates: list[Notice] = field(default_factory=list)
    new: list[Prospect] = field(default_factory=list)
    merges: dict[int, Prospect] = field(default_factory=dict)
    merge_notes: list[Notice] = field(default_factory=list)  # what each merge fills or keeps
    skipped: int = 0


def _normal(header: str) -> str:
    text = unicodedata.normalize("NFKC", header).casefold().lstrip("\ufeff")
    return re.sub(r"[\s_\-*:：]+", "", text)


def _aliases() -> dict[str, str]:
    """Normalised header -> field, from the alias lists and the export's own headers."""
    out = {_normal(a): name for name, aliases in ALIASES.items() for a in aliases}
    for name, key in HEADER_KEYS.items():
        for catalog in catalogs().values():
            out.setdefault(_normal(catalog.get(key, key)), name)
    return out


def map_headers(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    """Field -> column index, and the headers that are not imported."""
    aliases = _aliases()
    mapping: dict[str, int] = {}
    unknown: list[str] = []
    for i, header in enumerate(headers):
        name = aliases.get(_normal(header))
        if name is None:
            if header.strip():
                unknown.append(header.strip())
        elif name in mapping:
            raise FileError(
                "import.same_column",
                first=headers[mapping[name]],
                second=header,
                field=catalogs()["en"][HEADER_KEYS[name]],
            )
        else:
            mapping[name] = i
    if "name" not in mapping:
        raise FileError("import.no_name_column", headers=", ".join(h for h in headers if h))
    return mapping, unknown


def _trimmed(cls: type, value: Any) -> Any:
    return strip_blank(value)


def _row_rules() -> type[BaseModel]:
    fields = AccountCreate.model_fields
    return create_model(  # type: ignore[call-overload, no-any-return]  # fields built at run time
        "ProspectRow",
        __validators__={"trimmed": field_validator("*", mode="before")(_trimmed)},
        **{f: (fields[f].annotation, fields[f]) for f in ACCOUNT_FIELDS},
    )


# AccountCreate's rules for the columns an import fills: its own fields (types, limits) and its
# trimming, as a small model; checking a row then costs a fifth of building an AccountCreate.
# A test holds both to AccountCreate's verdicts.
ROW_RULES = _row_rules()


def _clean_rules() -> TypeAdapter[Any]:
    """The same rules with no trimming of their own, for a list of rows already trimmed: one
    call checks them all, in pydantic's own code, and gives each as a dict."""
    fields = AccountCreate.model_fields
    shape = {f: Annotated[fields[f].annotation, fields[f]] for f in ACCOUNT_FIELDS}
    row = TypedDict("CleanProspectRow", shape)  # type: ignore[misc]  # fields built at run time
    return TypeAdapter(list[row])


CLEAN_ROWS = _clean_rules()


def clean_rows(rows: Sequence[Mapping[str, str | None]]) -> list[dict[str, Any]] | None:
    """Rows whose cells hold no control character, trimmed as AccountCreate trims (blank is not
    given) and checked by its rules all at once (a call into Python per row and field took half
    the check's time): their values, or None when any row is refused (each is then checked
    alone, to say what is wrong with it)."""
    trimmed = [
        {f: None if (value := cells.get(f)) is None else value.strip() or None for f in ACCOUNT_FIELDS}
        for cells in rows
    ]
    try:
        checked: list[dict[str, Any]] = CLEAN_ROWS.validate_python(trimmed)
        return checked
    except ValidationError:
        return None


def _validate(row: int, cells: Mapping[str, str], plan: ImportCheck) -> dict[str, Any] | None:
    """One row checked alone: its values, or None with its errors added to ``plan``."""
    try:
        data = dict(vars(ROW_RULES(**{f: cells.get(f) for f in ACCOUNT_FIELDS})))
    except ValidationError as exc:
        for name, (key, params) in field_errors(exc).items():
            plan.errors.append(Notice(row, key, {**params, "field": name}))
        data = None
    return data if _contact_ok(row, cells.get("contact", ""), plan) else None


def _contact_ok(row: int, contact: str, plan: ImportCheck) -> bool:
    """Whether a row's contact may be imported; if not, its error is added to ``plan``."""
    if len(contact) > NAME_MAX:
        plan.errors.append(Notice(row, "error.too_long", {"max": NAME_MAX, "field": "contact"}))
        return False
    if control_in(contact) is not None:
        plan.errors.append(Notice(row, "error.control", {"field": "contact"}))
        return False
    return True


def read_prospects(
    path: Path, encoding: str, on_duplicate: str, existing: KnownNames, progress: Progress | None = None
) -> ImportCheck:
    """Check every row of ``path`` and plan the import (nothing is written)."""
    if encoding not in IMPORT_ENCODINGS:
        raise FileError("io.unknown_encoding", encoding=encoding, choices=", ".join(IMPORT_ENCODINGS))
    if on_duplicate not in ON_DUPLICATE:
        raise ValueError(on_duplicate)
    decoder = Decoder(encoding)
    rows = records(path, decoder, progress)
    first = next(rows, None)
    plan = ImportCheck(decoder.encoding or "utf-8")
    if first is None:
        return plan
    headers = first[1]
    mapping, plan.unknown_columns = map_headers(headers)
    placer = _Placer(plan, existing, merge=on_duplicate == "merge")
    width, columns = len(headers), tuple(mapping.items())
    for row, record in rows:
        joined = "\x1f".join(record)  # U+001F is white space to strip(): blank cells join blank
        if not joined.strip():
            plan.blank += 1
            continue
        plan.rows += 1
        if len(record) > width:
            params = {"cells": len(record), "headers": width}
            plan.errors.append(Notice(row, "import.too_many_cells", params))
            continue
        if len(record) < width:  # trailing empty cells left out
            record = record + [""] * (width - len(record))
        if joined.startswith("'") or "\x1f'" in joined:  # a cell starts with a quote (rare)
            placer.add(row, {f: restore(record[i]) for f, i in columns})
        else:
            placer.add(row, {f: record[i] for f, i in columns})
    placer.place()
    plan.errors.sort(key=attrgetter("row"))  # a row's own errors stay in the order found
    plan.encoding = decoder.encoding or "utf-8"
    return plan


def _match(key: str, phone: str, by_key: Mapping[str, T], by_phone: Mapping[str, T]) -> tuple[str, T] | None:
    """What ``key`` or else ``phone`` already stands for, and which of the two matched."""
    if key in by_key:
        return "name", by_key[key]
    if phone in by_phone:
        return "phone", by_phone[phone]
    return None


class _Placer:
    """Checks rows, PLACED at a time, and sorts the valid ones into new prospects and
    duplicates (of the database or of an earlier row), which are skipped or merged."""

    def __init__(self, plan: ImportCheck, existing: KnownNames, merge: bool) -> None:
        self.plan, self.existing, self.merge = plan, existing, merge
        self.keys: dict[str, Prospect] = {}
        self.phones: dict[str, Prospect] = {}
        self.waiting: list[tuple[int, dict[str, str]]] = []

    def add(self, row: int, cells: dict[str, str]) -> None:
        """Take a row's cells by field; rows are checked and placed, in order, PLACED at a time."""
        self.waiting.append((row, cells))
        if len(self.waiting) >= PLACED:
            self.place()

    def place(self) -> None:
        """Check the rows taken, all at once when none has a control character or an error
        (clean_rows), else one by one; then place the valid ones, their name keys made together
        (domain.names.name_keys)."""
        waiting, self.waiting = self.waiting, []
        checked: Sequence[dict[str, Any] | None] | None = None
        if all(printable(cells.values()) for _, cells in waiting) and not any(
            len(cells.get("contact", "")) > NAME_MAX for _, cells in waiting
        ):
            checked = clean_rows([cells for _, cells in waiting])
        if checked is None:
            checked = [_validate(row, cells, self.plan) for row, cells in waiting]
        valid = [
            (row, cells, values)
            for (row, cells), values in zip(waiting, checked, strict=True)
            if values is not None
        ]
        keys = name_keys([values["name"] for _, _, values in valid])
        for (row, cells, values), key in zip(valid, keys, strict=True):
            self._place(row, values, cells.get("contact", "").strip() or None, key)

    def _place(self, row: int, values: dict[str, Any], contact: str | None, key: str) -> None:
        phone = phone_key(values["phone"])
        known = self.existing  # neither map holds "": an empty key or phone matches nothing
        if key in known.by_key or phone in known.by_phone or key in self.keys or phone in self.phones:
            self._duplicate(row, values, contact, key, phone)
            return
        prospect = Prospect(row, values, key, [contact] if contact else [])
        self.plan.new.append(prospect)
        if key:
            self.keys[key] = prospect
        if phone:
            self.phones[phone] = prospect

    def _duplicate(self, row: int, values: dict[str, Any], contact: str | None, key: str, phone: str) -> None:
        """A row whose name key or phone an account or an earlier row has: skipped, or merged."""
        params = {"name": values["name"], "merged": self.merge}
        found = _match(key, phone, self.existing.by_key, self.existing.by_phone)
        if found:
            by, (account_id, account_name) = found
            params |= {"existing": account_name, "by": by}
            self.plan.duplicates.append(Notice(row, "import.duplicate_existing", params))
            if self.merge:
                self.plan.merges.setdefault(account_id, Prospect(row, {}, account_id=account_id))
                self.plan.merges[account_id].fill(values, contact)
        else:
            earlier = _match(key, phone, self.keys, self.phones)
            assert earlier is not None, "a duplicate of nothing"
            by, first = earlier
            params |= {"first": first.row, "by": by}
            self.plan.duplicates.append(Notice(row, "import.duplicate_in_file", params))
            if self.merge:
                first.fill(values, contact)
        if not self.merge:
            self.plan.skipped += 1
