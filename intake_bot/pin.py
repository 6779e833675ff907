"""The staff PIN: stored only as a salted scrypt hash; wrong tries are slowed down."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

_SCHEME = "scrypt"
_N, _R, _P = 2**14, 8, 1
MIN_LENGTH = 4


class PinFormatError(ValueError):
    """A stored PIN hash that is not one this program wrote."""


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """``scrypt$16384$8$1$<salt>$<hash>``: safe to keep in a config file."""
    if len(pin) < MIN_LENGTH or not pin.isdigit():
        raise ValueError(f"a PIN is at least {MIN_LENGTH} digits")
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    encode = base64.urlsafe_b64encode
    return f"{_SCHEME}${_N}${_R}${_P}${encode(salt).decode()}${encode(digest).decode()}"


def check_hash_format(stored: str) -> None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != _SCHEME or not all(p.isdigit() for p in parts[1:4]):
        raise PinFormatError(
            "not a PIN hash made by `intake-bot kiosk --set-pin` (expected scrypt$N$r$p$salt$hash)"
        )
    try:
        base64.urlsafe_b64decode(parts[4])
        base64.urlsafe_b64decode(parts[5])
    except ValueError:
        raise PinFormatError("the PIN hash's salt or digest is not base64") from None


def verify_pin(pin: str, stored: str) -> bool:
    check_hash_format(stored)
    _, n, r, p, salt, digest = stored.split("$")
    expected = base64.urlsafe_b64decode(digest)
    actual = hashlib.scrypt(
        pin.encode(),
        salt=base64.urlsafe_b64decode(salt),
        n=int(n),
        r=int(r),
        p=int(p),
        dklen=len(expected),
    )
    return hmac.compare_digest(actual, expected)


@dataclass
class PinGuard:
    """Checks PINs; after ``free_tries`` wrong ones, each try waits longer (2, 4, 8... s, at most ``max_wait``)."""

    stored_hash: str | None
    free_tries: int = 3
    max_wait: float = 60.0
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    _locked_until: float = field(default=0.0, repr=False)

    def wait_left(self) -> float:
        """Seconds before another try is taken (0 when one may try now)."""
        return max(0.0, self._locked_until - self.clock())

    def attempt(self, pin: str) -> bool:
        """True when ``pin`` is right. A try during the wait is refused without checking."""
        if self.stored_hash is None or self.wait_left() > 0:
            return False
        if verify_pin(pin, self.stored_hash):
            self.failures = 0
            return True
        self.failures += 1
        if self.failures >= self.free_tries:
            wait = min(self.max_wait, 2.0 ** (self.failures - self.free_tries + 1))
            self._locked_until = self.clock() + wait
        return False
