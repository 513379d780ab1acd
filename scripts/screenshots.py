"""Regenerate screenshots/*.svg: the main screens on fixed demo data, frozen clock, 160x48.

Run: ``python scripts/screenshots.py`` (from the repository root).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from datetime import date
from pathlib import Path

from fieldcrm import clock
from fieldcrm.demo.generate import write_demo
from fieldcrm.store.db import open_db
from fieldcrm.tui.app import FieldCRM

OUT = Path(__file__).resolve().parent.parent / "screenshots"
TODAY = date(2026, 11, 27)
SIZE = (160, 48)
# name -> keys pressed on the board before the picture is taken
SHOTS: dict[str, tuple[str, ...]] = {
    "board": ("j", "right"),
    "gate": ("right_square_bracket",),
    "account-overview": ("right", "right", "right", "enter"),
    "account-people": ("right", "right", "right", "enter", "2"),
    "account-contacts": ("right", "right", "right", "enter", "3"),
    "account-forces": ("right", "right", "right", "enter", "5"),
    "account-work": ("right", "right", "right", "enter", "6"),
    "account-record": ("right", "right", "right", "enter", "7"),
    "scoring": ("right", "right", "s"),
    "plan": ("right", "right", "P"),
    "step-move": ("m",),
    "board-sorted": ("right", "S", "S"),
    "agenda": ("a",),
    "report": ("r",),
    "help": ("question_mark",),
}


async def shoot(db: Path, lang: str, name: str, keys: tuple[str, ...]) -> None:
    app = FieldCRM(open_db(db), db, lang, offer_demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await app.workers.wait_for_complete()  # screens that read in a worker have drawn
        await pilot.pause()
        app.save_screenshot(f"{name}-{lang}.svg", str(OUT))


def main() -> None:
    clock.freeze(TODAY)
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)  # the header shows the path: keep it short and the same every run
        for lang in ("en", "zh"):
            db = Path(f"demo-{lang}.db")
            write_demo(open_db(db), accounts=60, seed=7, lang=lang, force=False)
            for name, keys in SHOTS.items():
                asyncio.run(shoot(db, lang, name, keys))
                print(f"screenshots/{name}-{lang}.svg")


if __name__ == "__main__":
    main()
