"""Peak memory of ``fieldcrm import --dry-run`` on files that must be refused without being
read whole: a 100 MB file of one cell, a 100 MB file of one endless quoted cell, ``/dev/zero``.

Each runs in a child process; its peak resident set is read from ``getrusage``. Target: under
150 MB each, and a refusal that names the row. Run: ``python bench/bench_import_memory.py``.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZE = 100 * 1024 * 1024
TARGET_MB = 150


def write(path: Path, head: bytes, fill: bytes) -> Path:
    with path.open("wb") as f:
        f.write(head)
        chunk = fill * (1024 * 1024 // len(fill))
        for _ in range(SIZE // len(chunk)):
            f.write(chunk)
    return path


def peak_of(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """The child's peak RSS in MB, its seconds, and the last line it printed."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=300)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    said = (done.stderr or done.stdout).strip().splitlines()
    return max(peak, before) / 1024, seconds, said[-1] if said else ""


def main() -> int:
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = {**os.environ, "HOME": str(tmp), "XDG_DATA_HOME": str(tmp / "data")}
        cases = {
            "one cell of 100 MB": write(tmp / "cell.csv", b"company\n", b"x"),
            "one quoted cell of 100 MB lines": write(tmp / "quoted.csv", b'company\n"', b"y\n"),
            "/dev/zero": Path("/dev/zero"),
        }
        db = tmp / "crm.db"
        for name, path in cases.items():
            argv = [sys.executable, "-m", "fieldcrm", "--db", str(db), "import", str(path), "--dry-run"]
            peak, seconds, said = peak_of(argv, env)
            met = peak < TARGET_MB
            ok &= met
            print(f"{name}: peak {peak:.0f} MB in {seconds:.2f} s ({'met' if met else 'MISSED'}): {said}")
    load = os.getloadavg()[0]
    print(f"target under {TARGET_MB} MB each; load average {load:.1f} on {os.cpu_count()} CPUs")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
