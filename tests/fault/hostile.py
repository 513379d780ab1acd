"""Text as an attacker writes it: terminal escapes, markup, control characters, odd Unicode."""

from __future__ import annotations

import re

OSC52 = "\x1b]52;c;aGFja2Vk\x1b\\"  # writes the clipboard of a terminal that honours OSC 52
SET_TITLE = "\x1b]2;owned\x07"
LEAVE_ALTERNATE = "\x1b[?1049l"

NAMES = (
    f"Clip{OSC52}Trading",
    f"Title{SET_TITLE}Holdings",
    f"Screen{LEAVE_ALTERNATE}Works",
    "Smith [/] Sons",
    "Closing [/] tag",
    "[/bold]",
    "[@click=app.quit]Quitter[/]",
    "ACME [Shanghai] Ltd",
    "Wang [b]",
    "C1\x9b31mRed",
    "Bell\x07Back\x08Del\x7fCo",
    "\u202eyrotcaF\u202c Mirror",
    "Zero\u200bWidth\u200dJoin",
    "华为[深圳]有限公司",
    "W" * 200,
)

# Names that hold no control character: they must show exactly as typed.
LITERAL = ("Smith [/] Sons", "ACME [Shanghai] Ltd", "Wang [b]", "[@click=app.quit]Quitter[/]", "[/bold]")

# What Textual's drawing of a screen writes itself: cursor positions and colours, and line
# ends. Any other control character (an ESC that starts another sequence among them) came
# from the data.
_OWN = re.compile(r"\x1b\[[0-9;]*[Hm]|\r|\n")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def foreign_controls(output: str) -> list[str]:
    """The control characters in a terminal's output that the app's own drawing does not
    explain (each with a little context)."""
    rest = _OWN.sub("", output)
    return [repr(rest[max(0, m.start() - 10) : m.end() + 10]) for m in _CONTROL.finditer(rest)]


def drawn_text(output: str) -> str:
    """The characters a terminal shows for ``output`` (its own sequences taken out)."""
    return _OWN.sub("", output)
