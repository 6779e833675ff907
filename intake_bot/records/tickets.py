"""Ticket codes that link a kiosk intake to the front desk without a name: ``K7F-3QX``.

Only characters that cannot be mistaken for one another are used (no 0/O/Q, 1/I/L,
2/Z, 5/S, 6/G, 8/B), and a code is never given twice: the issuer asks whoever keeps
the intakes whether a code is taken.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from intake_bot import exit_codes
from intake_bot.errors import IntakeBotError

ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
LENGTH = 6
PATTERN = re.compile(rf"^[{ALPHABET}]{{3}}-[{ALPHABET}]{{3}}$")


class TicketsExhausted(IntakeBotError, RuntimeError):
    """No free code was found (practically impossible: 113 million codes)."""

    exit_code = exit_codes.INTERNAL_ERROR


def normalize(code: str) -> str:
    """What a person types at the desk -> the code: case, spaces and the dash forgiven."""
    bare = re.sub(r"[\s-]", "", code.upper())
    return f"{bare[:3]}-{bare[3:]}" if len(bare) == LENGTH else bare


def is_valid(code: str) -> bool:
    return bool(PATTERN.match(code))


class TicketIssuer:
    def __init__(
        self,
        is_taken: Callable[[str], bool],
        choose: Callable[[str], str] = secrets.choice,
    ) -> None:
        self._is_taken = is_taken
        self._choose = choose
        self._issued: set[str] = set()

    def issue(self) -> str:
        for _ in range(1000):
            chars = "".join(self._choose(ALPHABET) for _ in range(LENGTH))
            code = f"{chars[:3]}-{chars[3:]}"
            if code not in self._issued and not self._is_taken(code):
                self._issued.add(code)
                return code
        raise TicketsExhausted("no free ticket code found")
