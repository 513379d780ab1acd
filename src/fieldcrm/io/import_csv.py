"""Reading a CSV of prospects: encoding, headers in English or Chinese, row checks, duplicates.

Nothing here writes: :func:`read_prospects` turns a file into a :class:`ImportCheck` (new accounts,
merges into existing ones, and every error, duplicate and unknown column found), which
``io.import_run`` applies in one transaction only when no row has an error.
Row numbers are those a spreadsheet shows: the header is row 1.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError, create_model, field_validator

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


def _row_rules(name: str, trim: Any) -> type[BaseModel]:
    fields = AccountCreate.model_fields
    validators = {"trimmed": field_validator("*", mode="before")(trim)} if trim else {}
    return create_model(  # type: ignore[call-overload, no-any-return]  # fields built at run time
        name,
        __validators__=validators,
        **{f: (fields[f].annotation, fields[f]) for f in ACCOUNT_FIELDS},
    )


# AccountCreate's rules for the columns an import fills: its own fields (types, limits) and its
# trimming, as a small model; checking a row then costs a fifth of building an AccountCreate.
# A test holds both to AccountCreate's verdicts.
ROW_RULES = _row_rules("ProspectRow", _trimmed)
# A row with no control character in any cell (untrusted.printable, a scan in C) is trimmed in
# one pass (clean_row) and checked by rules with no validator of their own: a validator is a
# call into Python for each field, and took half the check's time.
CLEAN_ROW_RULES = _row_rules("CleanProspectRow", None)


def clean_row(cells: Mapping[str, str | None]) -> BaseModel:
    """Cells with no control character, trimmed as AccountCreate trims (blank is not given),
    checked by CLEAN_ROW_RULES; raises ValidationError as AccountCreate would."""
    return CLEAN_ROW_RULES.model_validate(
        {f: None if (value := cells.get(f)) is None else value.strip() or None for f in ACCOUNT_FIELDS}
    )


def _validate(row: int, cells: dict[str, str], plan: ImportCheck) -> BaseModel | None:
    clean = printable(cells.values())
    try:
        data = clean_row(cells) if clean else ROW_RULES(**{f: cells.get(f) for f in ACCOUNT_FIELDS})
    except ValidationError as exc:
        for name, (key, params) in field_errors(exc).items():
            plan.errors.append(Notice(row, key, {**params, "field": name}))
        data = None
    contact = cells.get("contact", "")
    if len(contact) > NAME_MAX:
        plan.errors.append(Notice(row, "error.too_long", {"max": NAME_MAX, "field": "contact"}))
        return None
    if not clean and control_in(contact) is not None:
        plan.errors.append(Notice(row, "error.control", {"field": "contact"}))
        return None
    return data


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
        if not "".join(record).strip():
            plan.blank += 1
            continue
        plan.rows += 1
        if len(record) > width:
            params = {"cells": len(record), "headers": width}
            plan.errors.append(Notice(row, "import.too_many_cells", params))
            continue
        if len(record) < width:  # trailing empty cells left out
            record = record + [""] * (width - len(record))
        if "\x1f'" in "\x1f" + "\x1f".join(record):  # a cell starts with a quote (rare; C's look)
            cells = {f: restore(record[i]) for f, i in columns}
        else:
            cells = {f: record[i] for f, i in columns}
        data = _validate(row, cells, plan)
        if data is not None:
            values = dict(vars(data))  # the rules' fields: ACCOUNT_FIELDS, no more
            placer.add(row, values, cells.get("contact", "").strip() or None)
    placer.place()
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
    """Sorts valid rows into new prospects and duplicates (of the database or of an earlier
    row), which are skipped or merged."""

    def __init__(self, plan: ImportCheck, existing: KnownNames, merge: bool) -> None:
        self.plan, self.existing, self.merge = plan, existing, merge
        self.keys: dict[str, Prospect] = {}
        self.phones: dict[str, Prospect] = {}
        self.waiting: list[tuple[int, dict[str, Any], str | None]] = []

    def add(self, row: int, values: dict[str, Any], contact: str | None) -> None:
        """Take a valid row; rows are placed, in order, PLACED at a time."""
        self.waiting.append((row, values, contact))
        if len(self.waiting) >= PLACED:
            self.place()

    def place(self) -> None:
        """Place the rows taken, their name keys made together (domain.names.name_keys)."""
        waiting, self.waiting = self.waiting, []
        keys = name_keys([values["name"] for _, values, _ in waiting])
        for (row, values, contact), key in zip(waiting, keys, strict=True):
            self._place(row, values, contact, key)

    def _place(self, row: int, values: dict[str, Any], contact: str | None, key: str) -> None:
        phone = phone_key(values["phone"])
        found = _match(key, phone, self.existing.by_key, self.existing.by_phone)
        earlier = None if found else _match(key, phone, self.keys, self.phones)
        params = {"name": values["name"], "merged": self.merge} if found or earlier else {}
        if found:
            by, (account_id, account_name) = found
            params |= {"existing": account_name, "by": by}
            self.plan.duplicates.append(Notice(row, "import.duplicate_existing", params))
            if self.merge:
                self.plan.merges.setdefault(account_id, Prospect(row, {}, account_id=account_id))
                self.plan.merges[account_id].fill(values, contact)
        elif earlier:
            by, first = earlier
            params |= {"first": first.row, "by": by}
            self.plan.duplicates.append(Notice(row, "import.duplicate_in_file", params))
            if self.merge:
                first.fill(values, contact)
        else:
            prospect = Prospect(row, values, key, [contact] if contact else [])
            self.plan.new.append(prospect)
            if key:
                self.keys[key] = prospect
            if phone:
                self.phones[phone] = prospect
            return
        if not self.merge:
            self.plan.skipped += 1
