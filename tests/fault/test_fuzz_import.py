"""The CSV importer, fuzzed with random bytes and with CSV-shaped files (headers in English or
Chinese or anything, quotes, formulas, long cells, three delimiters, three encodings): it
returns a report or refuses the file with a message, never raises anything else, and writes
either every row, all checked, or nothing at all."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path
from string import Formatter

import pytest
from fault_support import rows
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from fieldcrm.i18n import catalogs, set_language, t
from fieldcrm.io.errors import FileError
from fieldcrm.io.import_csv import ALIASES, HEADER_KEYS
from fieldcrm.io.import_report import report_lines
from fieldcrm.io.import_run import run_import
from fieldcrm.io.options import IMPORT_ENCODINGS, ON_DUPLICATE
from fieldcrm.store.models.common import NAME_MAX

EXAMPLES = 80
TABLES = ("account", "person", "stage_event")
HEADERS = {
    field: sorted({*aliases, *(cat[HEADER_KEYS[field]] for cat in catalogs().values())})
    for field, aliases in ALIASES.items()
}  # every header each field is known by
SAMPLES = [
    "",
    " ",
    "=1+1",
    "'=HYPERLINK()",
    "-2",
    "@SUM(A1)",
    "+86 138 0013 8000",
    "Acme Packaging",
    "ＡＣＭＥ packaging",
    "华东精密机械有限公司",
    "深圳市某某科技有限公司",
    "x" * 250,
    "a\nb",
    '"quoted", with comma',
    "\ufeffBOM",
    "\x00nul",
]
CELLS = st.one_of(st.text(max_size=30), st.sampled_from(SAMPLES))
# What the accounts the importer writes must satisfy, beyond SQLite's own CHECK constraints
BOUNDS = f"""SELECT count(*) FROM account WHERE length(name) NOT BETWEEN 1 AND {NAME_MAX}
    OR length(phone) > 50 OR length(address) > 500 OR length(industry) > {NAME_MAX}
    OR length(notes) > 2000 OR stage != 1 OR name != trim(name)"""


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """Mostly one column per field under any of its names, plus unknown columns; the same
    field twice, now and then."""
    fields = draw(st.lists(st.sampled_from(sorted(HEADERS)), unique=True, max_size=6))
    if "name" not in fields and draw(st.integers(0, 4)):
        fields.append("name")
    headers = [draw(st.sampled_from(HEADERS[f])) for f in fields]
    headers += draw(st.lists(st.text(max_size=12), max_size=2))
    if headers and draw(st.integers(0, 9)) == 0:
        headers.append(draw(st.sampled_from(headers)))
    headers = draw(st.permutations(headers))
    width = len(headers) + (draw(st.integers(0, 9)) == 0)  # a row too long, now and then
    body = draw(st.lists(st.lists(CELLS, max_size=width), max_size=8))
    out = StringIO()
    csv.writer(out, delimiter=draw(st.sampled_from([",", ";", "\t"]))).writerows([headers, *body])
    return out.getvalue().encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk"])), errors="replace")


FILES = st.one_of(csv_files(), csv_files(), csv_files(), st.binary(max_size=400))
ENCODINGS = st.sampled_from(["auto", "auto", "auto", *IMPORT_ENCODINGS])


def snapshot(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    return {table: rows(engine, table) for table in TABLES}


def readable(key: str, params: dict[str, object]) -> None:
    """A message in both languages, every placeholder filled (the text itself may hold braces)."""
    for lang in ("en", "zh"):
        template = catalogs()[lang][key]
        assert {name for _, name, _, _ in Formatter().parse(template) if name} <= set(params), key
        set_language(lang)
        assert t(key, **params)
    set_language("en")


@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=FILES,
    encoding=ENCODINGS,
    on_duplicate=st.sampled_from(ON_DUPLICATE),
    dry_run=st.booleans(),
)
def test_an_import_reports_or_refuses_and_writes_all_or_nothing(
    engine: Engine, tmp_path: Path, data: bytes, encoding: str, on_duplicate: str, dry_run: bool
) -> None:
    path = tmp_path / "prospects.csv"
    path.write_bytes(data)
    before = snapshot(engine)
    try:
        result = run_import(engine, path, encoding, on_duplicate, dry_run)
    except FileError as exc:
        readable(exc.key, exc.params)
        assert snapshot(engine) == before
        event(f"refused: {exc.key}")
        return
    event("written" if result.written else "row errors" if result.plan.errors else "dry run or empty")
    for lang in ("en", "zh"):
        set_language(lang)
        assert report_lines(result)
    set_language("en")
    after = snapshot(engine)
    if not result.written:
        assert after == before
        return
    assert not dry_run and not result.plan.errors
    assert len(after["account"]) == len(before["account"]) + len(result.plan.new)
    with engine.connect() as conn:
        assert conn.exec_driver_sql(BOUNDS).scalar() == 0


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_a_file_in_the_other_encoding_is_refused_with_a_message(engine: Engine, tmp_path: Path, encoding):
    path = tmp_path / "prospects.csv"
    path.write_bytes("公司名称,联系人\n华东精密,李伟\n".encode("gbk" if encoding == "utf-8" else "utf-8"))
    before = snapshot(engine)
    with pytest.raises(FileError) as refused:
        run_import(engine, path, encoding)
    readable(refused.value.key, refused.value.params)
    assert snapshot(engine) == before
