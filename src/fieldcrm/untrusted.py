"""Text that came from a user or a file, made safe to show: no byte of it can drive a terminal.

A company name from a bought list may hold terminal escape sequences (``ESC ] 52`` writes the
clipboard, ``ESC ] 2`` the window title) or characters that reorder or hide what is shown.
:func:`visible` replaces each such character by a visible stand-in of one cell, so the text is
shown as it is, and nothing it holds reaches the terminal as a control. Input models and the
importer refuse these characters (:func:`control_in`); text stored before, or by another tool,
is shown through :func:`visible`. Pure Python: the CLI and the screens both use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# C0 controls but tab and newline, DEL, C1 controls; bidirectional embeddings, overrides and
# isolates (they reorder what follows on the line); line and paragraph separators; lone
# surrogates (no valid text holds one, and neither SQLite nor a terminal can take one).
_REFUSED = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff"
REFUSED = re.compile(f"[{_REFUSED}]")
_SHOWN_AS = re.compile(f"[{_REFUSED}\t\n]")
STAND_IN_C1 = "\ufffd"  # replacement character: C1, bidirectional controls, surrogates


def _stand_in(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␛ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return STAND_IN_C1


def _replace(match: re.Match[str]) -> str:
    return _stand_in(match[0])


def visible(text: str) -> str:
    """``text`` with every control character but tab and newline shown by a stand-in."""
    return REFUSED.sub(_replace, text) if REFUSED.search(text) else text


def one_line(text: str) -> str:
    """``text`` for a single line: as :func:`visible`, and tab and newline shown too."""
    return _SHOWN_AS.sub(_replace, text) if _SHOWN_AS.search(text) else text


def printable(texts: Iterable[str]) -> bool:
    """True when no text of ``texts`` holds a control character of any kind, tab and newline
    included (a scan in C): then :func:`control_in` finds nothing in any of them. False says
    only that one of them needs :func:`control_in`'s look."""
    return all(map(str.isprintable, texts))


def control_in(text: str) -> str | None:
    """The first character of ``text`` that input refuses (a control other than tab and
    newline), or None."""
    found = REFUSED.search(text)
    return None if found is None else found[0]


def strip_controls(text: str) -> str:
    """``text`` without any control character at all (tab and newline included): the last
    guard before the terminal, where every such character is zero cells wide."""
    return _SHOWN_AS.sub("", text) if _SHOWN_AS.search(text) else text
