"""What every export format shares: their error, and JSON made safe for a terminal."""

from __future__ import annotations

import re

from intake_bot.errors import IntakeBotError


class ExportError(IntakeBotError):
    """An intake that cannot be written as asked (e.g. a CSV column it needs is not in
    the header already written)."""


#: Characters a terminal may act on or that reorder what it shows: C1 controls (U+009B
#: is CSI), DEL, bidirectional and other invisible format characters, line and
#: paragraph separators, tag characters. JSON never needs them raw.
_UNSAFE = re.compile(
    "[\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def _escape(match: re.Match[str]) -> str:
    data = match.group().encode("utf-16-be")
    return "".join(f"\\u{int.from_bytes(data[i : i + 2]):04x}" for i in range(0, len(data), 2))


def json_safe(text: str) -> str:
    """JSON text with every :data:`_UNSAFE` character written as its ``\\uXXXX``
    escape: the same data once parsed, nothing raw for a terminal to act on (JSON's
    own rules already escape the C0 controls, ESC among them)."""
    return _UNSAFE.sub(_escape, text)


def indented(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line for line in text.split("\n"))
