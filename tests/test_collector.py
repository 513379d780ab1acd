"""A fieldcrm command in a process of its own sets Python's collector for its many short-lived
rows (runtime.collector); ``main`` called where other work goes on (a test) leaves it alone."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from fieldcrm.cli import main
from fieldcrm.runtime.collector import YOUNG

OWN_PROCESS = """
import gc, sys
from fieldcrm.cli import entry
sys.argv = ["fieldcrm", "--db", sys.argv[1], "--lang", "en", "demo", "--accounts", "3"]
code = entry()
print(code, *gc.get_threshold())
"""


def test_a_command_in_its_own_process_collects_the_young_generation_less_often(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", OWN_PROCESS, str(tmp_path / "crm.db")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-4:] == ["0", str(YOUNG), "20", "20"]


def test_main_called_in_a_busy_process_leaves_the_collector_as_it_was(tmp_path: Path) -> None:
    before = gc.get_threshold()
    assert main(["--db", str(tmp_path / "crm.db"), "--lang", "en", "demo", "--accounts", "3"]) == 0
    assert gc.get_threshold() == before
