"""Demo databases for the benches, generated once and kept: a rerun copies the kept file
instead of generating it again (a million accounts take minutes to make).

They are kept in ``$FIELDCRM_BENCH_CACHE`` (default ``~/.cache/fieldcrm-bench``), named by
the number of accounts, the language, and a digest of what makes them: the source of the demo
generator, the schema and the store's derived columns (MADE_BY), and the frozen clock. A change
to any makes a new file. Each
bench works on a copy, so nothing it writes reaches the kept file.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOW = "2026-11-27T09:00:00"  # the clock every bench freezes
SOURCE = Path(__file__).resolve().parent.parent / "src" / "fieldcrm"


def cache_dir() -> Path:
    found = os.environ.get("FIELDCRM_BENCH_CACHE")
    return Path(found) if found else Path.home() / ".cache" / "fieldcrm-bench"


MADE_BY = (  # the code a demo database depends on: the generator, the schema, what the store derives
    "demo/*.py",
    "domain/*.py",
    "store/models/*.py",
    "store/bulk.py",
    "store/derived.py",
    "store/prospects.py",
    "store/migrations.py",
    "store/tables.py",
    "store/engine.py",
)


def _digest() -> str:
    """What the demo data depends on: the code that makes it (MADE_BY), and the clock."""
    made = hashlib.sha256(NOW.encode())
    for pattern in MADE_BY:
        for path in sorted(SOURCE.glob(pattern)):
            made.update(path.relative_to(SOURCE).as_posix().encode())
            made.update(path.read_bytes())
    return made.hexdigest()[:12]


def generate(path: Path, accounts: int, lang: str = "en") -> float:
    """``fieldcrm demo`` into ``path``, as a user runs it; the seconds it took."""
    env = {**os.environ, "FIELDCRM_NOW": NOW}
    command = ["-m", "fieldcrm", "--db", str(path), "--lang", lang, "demo", "--accounts", str(accounts)]
    started = time.perf_counter()
    subprocess.run([sys.executable, *command], check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def seeded(dest: Path, accounts: int, lang: str = "en") -> str:
    """A demo database of ``accounts`` at ``dest``: the kept one copied, or a new one generated
    and kept. Returns a line saying which."""
    kept = cache_dir() / f"demo-{accounts}-{lang}-{_digest()}.db"
    said = f"copied the kept {accounts:,} demo accounts ({kept})"
    if not kept.exists():
        kept.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.TemporaryDirectory(dir=kept.parent) as tmp:
            made = Path(tmp) / "demo.db"
            seconds = generate(made, accounts, lang)
            with sqlite3.connect(made) as conn:  # everything in the one file, then copied whole
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("PRAGMA journal_mode = DELETE")
            conn.close()
            made.replace(kept)
        said = f"seeded {accounts:,} demo accounts in {seconds:.1f} s (kept in {kept})"
    shutil.copyfile(kept, dest)
    return said
