"""What every demo builder shares: the seeded context and the rows waiting to be inserted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from operator import itemgetter
from random import Random
from typing import Any, TypeVar

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Dialect,
    Float,
    Table,
    func,
    select,
)
from sqlmodel import SQLModel

from fieldcrm.demo import text_en, text_zh
from fieldcrm.store.models import (
    Account,
    Activity,
    Assessment,
    AssessmentFactor,
    LadderEvent,
    Person,
    PlanTask,
    SimReason,
    StageEvent,
)

# Parents before children, so foreign keys hold at every flush.
MODELS: tuple[type[SQLModel], ...] = (
    Account,
    Person,
    LadderEvent,
    Activity,
    Assessment,
    AssessmentFactor,
    PlanTask,
    SimReason,
    StageEvent,
)
# Texts with a "{n}" in them, and the range the number is drawn from.
NUMBERS: dict[str, tuple[int, int]] = {"scale": (20, 1500), "supplier_tenure": (1, 15), "tenure": (1, 25)}
# Types whose SQLAlchemy bind processing only does what the driver does anyway (bool, float).
DRIVER_NATIVE = (Boolean, Float)
T = TypeVar("T")
_TEXTS = {"en": (text_en.TEXTS, text_en.PLAN), "zh": (text_zh.TEXTS, text_zh.PLAN)}


class FastRandom(Random):
    """A seeded ``Random`` whose ``choice`` and ``randint`` cost one float draw each."""

    def choice(self, seq: Sequence[T]) -> T:  # type: ignore[override]
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


@dataclass(slots=True)
class Ctx:
    """The seeded random source, "now", the language's texts and how much detail to write."""

    rng: Random
    lang: str
    today: date
    now: datetime
    rich: bool  # small datasets get full histories; large ones fewer rows per account
    texts: Mapping[str, tuple[str, ...]]
    plan: tuple[tuple[str, str, str, str], ...]

    @classmethod
    def make(cls, seed: int, lang: str, now: datetime, rich: bool) -> Ctx:
        texts, plan = _TEXTS["zh" if lang == "zh" else "en"]
        return cls(FastRandom(seed), lang, now.date(), now, rich, texts, plan)

    def pick(self, key: str) -> str:
        """A random text for ``key``, with its number (if any) filled in."""
        text = self.rng.choice(self.texts[key])
        return text.format(n=self.rng.randint(*NUMBERS[key])) if "{n}" in text else text

    def maybe(self, key: str, chance: float) -> str | None:
        return self.pick(key) if self.rng.random() < chance else None

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def at(self, day: date) -> datetime:
        """A moment in office hours on ``day``."""
        minute = self.rng.randint(8 * 60, 18 * 60 - 1)
        return datetime(day.year, day.month, day.day, minute // 60, minute % 60)

    def between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))


class _Writer:
    """One table's INSERT, compiled by SQLAlchemy once, and how a row becomes its parameters.

    Rows go to the driver's executemany as tuples: SQLAlchemy's per-row parameter processing
    costs about a fifth of a 100,000-account run. Dates and datetimes are stored in the text
    form SQLAlchemy's SQLite types use (a test pins that); other columns need no conversion,
    and a column of any other type is refused rather than written wrongly.
    """

    def __init__(self, model: type[SQLModel], dialect: Dialect) -> None:
        tbl: Table = model.__table__  # type: ignore[attr-defined]
        for c in tbl.columns:
            converted = isinstance(c.type, (Date, DateTime, *DRIVER_NATIVE))
            if not converted and c.type.dialect_impl(dialect).bind_processor(dialect) is not None:
                raise TypeError(f"demo rows cannot store {tbl.name}.{c.name} ({c.type})")
        compiled = tbl.insert().compile(dialect=dialect, column_keys=[c.name for c in tbl.columns])
        self.sql = compiled.string
        self._params = itemgetter(*compiled.positiontup or ())
        self._datetimes = [c.name for c in tbl.columns if isinstance(c.type, DateTime)]
        self._dates = [c.name for c in tbl.columns if isinstance(c.type, Date)]
        self.blank = {
            c.name: getattr(c.default, "arg", None) if c.default is not None and c.default.is_scalar else None
            for c in tbl.columns
        }

    def params(self, row: dict[str, Any]) -> tuple[Any, ...]:
        for key in self._datetimes:
            if row[key] is not None:
                row[key] = row[key].isoformat(" ", "microseconds")
        for key in self._dates:
            if row[key] is not None:
                row[key] = row[key].isoformat()
        return self._params(row)


class Rows:
    """Rows waiting to be inserted, with primary keys assigned here (from max(id) + 1)."""

    def __init__(self, conn: Connection) -> None:
        self._writers = {m: _Writer(m, conn.dialect) for m in MODELS}
        self._next = {
            m: (conn.execute(select(func.max(m.id))).scalar() or 0) + 1  # type: ignore[attr-defined]
            for m in MODELS
            if "id" in self._writers[m].blank
        }
        self._pending: dict[type[SQLModel], list[dict[str, Any]]] = {m: [] for m in MODELS}

    def new_id(self, model: type[SQLModel]) -> int:
        key = self._next[model]
        self._next[model] = key + 1
        return key

    def add(self, model: type[SQLModel], **values: Any) -> int:
        """Queue a row; return its id (given, or the next free one)."""
        row = self._writers[model].blank.copy()
        if "id" in row and "id" not in values:
            values["id"] = self.new_id(model)
        row.update(values)
        self._pending[model].append(row)
        return int(row.get("id") or 0)

    def flush(self, conn: Connection) -> None:
        """Insert everything queued, parents first, one executemany per table."""
        for model, rows in self._pending.items():
            if rows:
                writer = self._writers[model]
                conn.exec_driver_sql(writer.sql, [writer.params(row) for row in rows])
                rows.clear()
