"""Board speed and memory on 100,000 demo accounts (or ``--accounts N``), against the targets of
the board issue and of "instant at any size" (``targets``: up to 100,000 accounts, and above).

Works on a copy of a demo database of N accounts (made with ``fieldcrm demo`` once, then kept:
bench/seeded.py), then measures:
- process start to the board showing cards (the real ``fieldcrm`` command in a pseudo-terminal,
  until its first card's name is on the screen), beside an empty Textual app started the same way,
  both with their bytecode compiled as an installed package has it (``bytecode_cached``);
- moving a card to the next stage through its gate (MOVES), and back one stage (DAY_MOVES), key
  to committed and redrawn, median of each;
- one search keystroke to the filtered board, median, for each kind of query (a name, a phone
  number typed with a space, a word of the industry or notes, two Chinese characters);
- ordering a column by another key (``S``), key to redrawn, median;
- peak memory of the app: at start, and over the interactive session (the app processes that
  took the search keys, and the one that moved cards, ordered columns and scrolled down each
  column; the bench's own reading and preparing runs in this process, which is not counted).

Run: ``python bench/bench_board.py [--accounts N]``. Exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import os
import pty
import resource
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seeded import seeded

if TYPE_CHECKING:
    from textual.widget import Widget

HERE = Path(__file__).parent
NOW = "2026-11-27T09:00:00"
RUNS = 7
FIRST_OF_DAY_RUNS = 3  # each starts the day's backup of the whole file behind the board
MOVES = 40  # card moves measured each way
DAY_MOVES = 200  # moves back, as a session goes on: what the app holds stays bounded
BROWSED_PAGES = 30  # pages scrolled down each column (about 270 cards drawn in each)
KEY_GAP = 0.1  # seconds between a redraw and the next key: brisk typing
POLL = 0.001  # seconds between looks for a change: a busy wait would take the CPU from the app


@dataclass(frozen=True)
class Targets:
    """The targets at a size (the "instant at any size" issue's; 100,000 accounts and fewer, or more)."""

    start_ratio: float  # start to first cards, and the day's first start, against an empty app
    move_ms: float  # a card moved, key to committed and redrawn (median)
    search_ms: float  # a search keystroke to the redrawn board (median)
    memory_mb: float  # peak memory of the app


def targets(accounts: int) -> Targets:
    return Targets(2, 25, 50, 120) if accounts <= 100_000 else Targets(3, 30, 80, 200)


class Terminal:
    """A program running in a 160x48 pseudo-terminal, as a person's terminal runs it."""

    def __init__(self, command: list[str]) -> None:
        env = {**os.environ, "FIELDCRM_NOW": NOW, "TERM": "xterm-256color", "LANG": "en_US.UTF-8"}
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the program under test
            os.execvpe(command[0], command, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 48, 160, 0, 0))

    def until(self, seen: Callable[[bytes], bool], limit: float = 30.0) -> float | None:
        """Read what the program draws until ``seen`` holds of it; the moment it did."""
        out = b""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.5)
            if ready:
                try:
                    out += os.read(self.fd, 1 << 20)
                except OSError:
                    return None
                if seen(out):
                    return time.perf_counter()
        return None

    def drain(self, seconds: float) -> None:
        """Read and drop what the program draws for ``seconds``."""
        self.until(lambda _out: False, seconds)

    def type(self, key: bytes) -> float:
        """Write ``key`` as the terminal sends a key; the moment it was sent."""
        os.write(self.fd, key)
        return time.perf_counter()

    def close(self) -> int:
        """Tell the program to quit; its peak RSS in KiB."""
        os.kill(self.pid, signal.SIGTERM)
        while True:  # drain until the child has gone, so it can restore its terminal and exit
            try:
                if not os.read(self.fd, 65536):
                    break
            except OSError:
                break
        _, _, usage = os.wait4(self.pid, 0)
        os.close(self.fd)
        return usage.ru_maxrss


def bytecode_cached(folder: Path) -> None:
    """Let the programs started from here keep their compiled bytecode, in ``folder``.

    ``pip install`` compiles a package's modules, so a person's fieldcrm and Textual start from
    bytecode. An environment with PYTHONDONTWRITEBYTECODE set keeps fieldcrm's source in this
    checkout from ever being cached (Textual's was compiled when it was installed): every
    start would compile fieldcrm's modules, about 60 ms that no installed copy spends. Both
    programs write their caches on a first start that is not counted."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder)


def start_once(command: list[str], marker: bytes) -> tuple[float, int]:
    """Seconds from spawning ``command`` in a 160x48 pseudo-terminal until ``marker`` is on
    the screen it draws, and the process's peak RSS in KiB (it is then told to quit)."""
    terminal = Terminal(command)
    shown = terminal.until(lambda out: marker in out)
    rss = terminal.close()
    if shown is None:
        raise SystemExit(f"{command} never showed {marker!r}")
    return shown - terminal.started, rss


def todays_backup(fieldcrm: list[str]) -> None:
    """Today's backup of the database ``fieldcrm`` opens, so a start runs no day's check."""
    env = {**os.environ, "FIELDCRM_NOW": NOW}
    subprocess.run([*fieldcrm, "backup"], check=True, env=env, stdout=subprocess.DEVNULL)


def backup_folder(path: Path) -> Path:
    from fieldcrm.io.backup import backup_folder as folder

    return folder(path)


def first_card(path: Path) -> str:
    """The name of the card the board shows first in Prospect."""
    from fieldcrm.store.board import BoardFilter, cards
    from fieldcrm.store.reader import Reader

    reader = Reader(path)
    name = cards(reader, 1, 0, 1, BoardFilter(), date.fromisoformat(NOW[:10]))[0].name
    reader.close()
    return name[:12]


async def _until(condition: Callable[[], bool], limit: float = 10.0) -> None:
    deadline = time.perf_counter() + limit
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit("the board never showed the change")
        await asyncio.sleep(POLL)


def _last_change(board: Any) -> object:
    from fieldcrm.tui.undo import undo_stack

    stack = undo_stack(board.app)
    return stack[-1] if stack else None


async def _timed_move(app: Any, board: Any, key: str, character: str) -> float:
    """Seconds from the move key to the change committed and drawn."""
    from textual import events

    done = _last_change(board)
    await asyncio.sleep(KEY_GAP)
    started = time.perf_counter()
    app.post_message(events.Key(key, character))
    await _until(lambda: _last_change(board) is not done)
    await _redrawn(board)
    return time.perf_counter() - started


async def _redrawn(widget: Widget) -> None:
    """Return once the screen has refreshed after everything posted so far."""
    done = asyncio.get_running_loop().create_future()
    widget.call_after_refresh(lambda: done.done() or done.set_result(None))
    await done


def ready_to_move(path: Path, wanted: int = MOVES) -> list[int]:
    """Accounts near the top of Prospect, Information and Assessment whose exit checklist is
    met: ``]`` moves them on at once, with no gate dialog in between."""
    from fieldcrm.domain.gates import exit_checklist
    from fieldcrm.store.board import BoardFilter, cards
    from fieldcrm.store.db import open_db
    from fieldcrm.store.facts import account_facts
    from fieldcrm.store.reader import Reader

    engine, reader = open_db(path), Reader(path)
    ready = [
        card.id
        for stage in (1, 2, 3)
        for card in cards(reader, stage, 0, 400, BoardFilter(), date.fromisoformat(NOW[:10]))
        if all(item.met for item in exit_checklist(account_facts(engine, card.id)))
    ]
    reader.close()
    engine.dispose()
    return ready[::3][:wanted]  # spread over the columns' first pages


QUERIES = {  # what a rep searches for, typed a key at a time, then erased
    "name": "iron",
    "phone": "555 01",
    "industry or notes": "packag",
    "Chinese, two characters": "华为",
}


Keys = dict[str, list[tuple[bool, float]]]


def search_keys(path: Path, command: list[str], rounds: int = 2) -> tuple[Keys, int]:
    """Seconds from each key of each query (then each backspace) written to the terminal
    until the board under the search is on it (every column's count, as the store counts
    under that search), each marked True for a key typed, False for one erased; and the
    largest peak RSS (KiB) of the apps that took them. Each round of each query starts the
    app afresh, so no key finds its board read before. Today's backup is made first, as on
    every start but the day's first: the keys are timed alone, not beside the day's check of
    the whole file and its backup (the day's first start is timed apart)."""
    from fieldcrm.store.board import BoardFilter, stage_counts
    from fieldcrm.store.reader import Reader

    todays_backup(command)
    reader = Reader(path)
    today = date.fromisoformat(NOW[:10])
    marker = first_card(path).encode()
    out: Keys = {}
    rss = 0
    for kind, query in QUERIES.items():
        for _round in range(rounds):
            terminal = Terminal(command)
            if terminal.until(lambda seen: marker in seen) is None:
                raise SystemExit("the board never showed")
            terminal.drain(1.0)  # past the warm-up, as a user reading the board would be
            terminal.type(b"/")
            terminal.drain(0.3)
            text = ""
            for key in [*query, *["\x7f"] * len(query)]:
                text = text[:-1] if key == "\x7f" else text + key
                counts = stage_counts(reader, BoardFilter(search=text), today)
                wanted = [f" · {n:,}".encode() for n in counts.values()]
                terminal.drain(KEY_GAP)
                sent = terminal.type(key.encode())
                shown = terminal.until(lambda seen: all(w in seen for w in wanted), 10)  # noqa: B023
                if shown is None:
                    raise SystemExit(f"the board under {text!r} never showed")
                out.setdefault(kind, []).append((key != "\x7f", shown - sent))
            rss = max(rss, terminal.close())
    reader.close()
    return out, rss


async def _sorts(app: Any, board: Any) -> list[float]:
    """Seconds from ``S`` to the column drawn in its next order, every order of every column."""
    from textual import events

    from fieldcrm.store.board import SORTS

    out: list[float] = []
    for stage in range(1, 6):
        board._set_stage(stage)
        for _ in SORTS:
            before = board.model.columns[stage].sort
            await asyncio.sleep(KEY_GAP)
            started = time.perf_counter()
            app.post_message(events.Key("S", "S"))
            await _until(lambda: board.model.columns[stage].sort != before)  # noqa: B023
            await _redrawn(board)
            out.append(time.perf_counter() - started)
    return out


async def interact(path: Path, ready: list[int]) -> tuple[list[float], list[float], list[float]]:
    """Card moves (``ready``: accounts ``]`` moves on at once) and column orders: from the key
    event to the change committed and drawn.

    Keys are posted as the terminal driver posts them, each KEY_GAP after the last redraw as
    a person's keys come (posted back to back, a key would also wait for Textual's next frame,
    up to 1/60 s); the clock stops when the board has applied the change and the screen has
    refreshed (Pilot's own idle waits are not counted). Forward moves (``]``) go through the
    stage gate's check; moves back (``[``) skip it.
    """

    from fieldcrm import clock
    from fieldcrm.store.database import open_database
    from fieldcrm.tui.app import FieldCRM

    clock.freeze(date.fromisoformat(NOW[:10]))
    app = FieldCRM(open_database(path), path, "en", offer_demo=False, tune_gc=True)
    forward: list[float] = []
    moves: list[float] = []
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(1.0)  # past the warm-up, as a user reading the board would be
        board = app.screen
        for account_id in ready:
            board.reload(select=account_id)
            await pilot.pause()
            forward.append(await _timed_move(app, board, "right_square_bracket", "]"))
        for _card in range(DAY_MOVES // 4):
            await pilot.press("right", "right", "right", "right", "home")  # the first card of Close
            for _step in range(4):  # back through every stage: a move, its event, a redraw
                moves.append(await _timed_move(app, board, "left_square_bracket", "["))
        sorts = await _sorts(app, board)
        for stage in range(1, 6):  # a look down every column (not timed: for the memory it takes)
            board._set_stage(stage)
            for _page in range(BROWSED_PAGES):
                await pilot.press("pagedown")
            await pilot.press("home")
    return forward, moves, sorts


def interact_apart(path: Path) -> tuple[list[float], list[float], list[float], int]:
    """:func:`interact` in a fresh interpreter that runs the app alone (the accounts to move
    are found here), with that process's peak RSS in KiB."""
    ready = ready_to_move(path)
    done = subprocess.run(
        [sys.executable, __file__, "--interact", str(path), *map(str, ready)],
        check=True,
        capture_output=True,
        text=True,
    )
    forward, moves, sorts, rss = json.loads(done.stdout)
    return forward, moves, sorts, rss


def interact_here(path: Path, ready: list[int]) -> None:
    """What :func:`interact_apart` runs: the times and the peak RSS, as JSON on one line."""
    forward, moves, sorts = asyncio.run(interact(path, ready))
    print(json.dumps([forward, moves, sorts, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss]))


def line(label: str, value: float, unit: str, target: str, ok: bool) -> bool:
    print(f"{label:<44} {value:>9.3f} {unit:<3} (target {target}) {'OK' if ok else 'MISSED'}")
    return ok


def search_lines(keys: Keys, target_ms: float) -> list[bool]:
    """Print the search keystrokes' medians, each kind against ``target_ms`` and its keys
    typed (a fresh reading) apart."""
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    typed = {kind: [seconds for was_typed, seconds in times if was_typed] for kind, times in keys.items()}
    return [
        *(
            line(
                f"search keystroke, {kind} (median of {len(times)})",
                statistics.median(seconds for _, seconds in times) * 1000,
                "ms",
                f"< {target_ms:.0f} ms",
                statistics.median(seconds for _, seconds in times) * 1000 < target_ms,
            )
            for kind, times in keys.items()
        ),
        *(
            line(f"  of which keys typed, {kind}", statistics.median(times) * 1000, "ms", "none", True)
            for kind, times in typed.items()
        ),
    ]


def main() -> int:
    if sys.argv[1:2] == ["--interact"]:
        interact_here(Path(sys.argv[2]), [int(a) for a in sys.argv[3:]])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="an already seeded database (a copy is used)")
    parser.add_argument("--search-only", action="store_true", help="measure search keystrokes alone")
    args = parser.parse_args()
    goal = targets(args.accounts)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        if args.db is None:
            print(seeded(path, args.accounts))
        else:
            shutil.copyfile(args.db, path)
        fieldcrm = [sys.executable, "-m", "fieldcrm", "--db", str(path), "--lang", "en"]
        bytecode_cached(Path(tmp) / "bytecode")
        if args.search_only:
            return 0 if all(search_lines(search_keys(path, fieldcrm)[0], goal.search_ms)) else 1
        empty_app = [sys.executable, str(HERE / "startup_probe.py")]
        marker = first_card(path).encode()
        todays_backup(fieldcrm)
        start_once(empty_app, b"ready")  # warm the OS file cache, and write the bytecode caches
        start_once(fieldcrm, marker)
        empty, board, rss = [], [], []
        for _ in range(RUNS):
            empty.append(start_once(empty_app, b"ready")[0])
            elapsed, kb = start_once(fieldcrm, marker)
            board.append(elapsed)
            rss.append(kb)
        first_of_day = []  # no backup yet today: the day's check and backup follow the first frame
        for _ in range(FIRST_OF_DAY_RUNS):
            shutil.rmtree(backup_folder(path), ignore_errors=True)
            first_of_day.append(start_once(fieldcrm, marker)[0])
        keys, searching = search_keys(path, fieldcrm)
        forward, moves, sorts, moving = interact_apart(path)
        session_mb = max(searching, moving) / 1024
    empty_s, board_s = statistics.median(empty), statistics.median(board)
    results = [
        line("empty Textual app start (median)", empty_s, "s", "reference", True),
        line("board start to cards shown (median)", board_s, "s", "< 0.8 s", board_s < 0.8),
        line(
            "board start / empty app start",
            board_s / empty_s,
            "x",
            f"<= {goal.start_ratio:.0f}x",
            board_s / empty_s <= goal.start_ratio,
        ),
        line(
            f"day's first start / empty app start (median of {len(first_of_day)})",
            statistics.median(first_of_day) / empty_s,
            "x",
            f"<= {goal.start_ratio:.0f}x",
            statistics.median(first_of_day) / empty_s <= goal.start_ratio,
        ),
        line(
            f"move a card to the next stage (median of {len(forward)})",
            statistics.median(forward) * 1000,
            "ms",
            f"< {goal.move_ms:.0f} ms",
            len(forward) >= MOVES // 2 and statistics.median(forward) * 1000 < goal.move_ms,
        ),
        line(
            f"move a card back one stage (median of {len(moves)})",
            statistics.median(moves) * 1000,
            "ms",
            f"< {goal.move_ms:.0f} ms",
            statistics.median(moves) * 1000 < goal.move_ms,
        ),
        *search_lines(keys, goal.search_ms),
        line(
            f"order a column by another key (median of {len(sorts)})",
            statistics.median(sorts) * 1000,
            "ms",
            "< 100 ms",
            statistics.median(sorts) < 0.1,
        ),
        line(
            "peak memory, app process at start",
            max(rss) / 1024,
            "MB",
            f"< {goal.memory_mb:.0f} MB",
            max(rss) / 1024 < goal.memory_mb,
        ),
        line(
            "peak memory, interactive session",
            session_mb,
            "MB",
            f"< {goal.memory_mb:.0f} MB",
            session_mb < goal.memory_mb,
        ),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
