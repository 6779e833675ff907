"""Text from patients, flows and the database, made safe to show on a terminal.

One place for it: the staff console, the text and CSV exports and the command line's
tables all show stored text through :func:`visible`, never raw and never as markup.
"""

from __future__ import annotations

import unicodedata

#: Bidirectional controls: they reorder what follows on the screen (U+202E makes
#: "exe.txt" read "txt.exe").
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def visible(text: object, *, newlines: bool = False) -> str:
    """``text`` as it may be shown on a terminal: control characters (escape sequences,
    carriage returns, bells, bidirectional overrides...) written out as ``\\x1b``,
    ``\\u202e``; newlines kept only when ``newlines``. Never markup: the caller shows
    the result as plain text."""
    out = []
    for char in str(text):
        if char == "\n" and newlines:
            out.append(char)
        elif char in _BIDI or unicodedata.category(char) == "Cc":
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)
