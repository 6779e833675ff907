"""The staff PIN: stored only as a salted scrypt hash; wrong tries are slowed down.

A PIN is 6 to 12 ASCII digits, the same rule for ``--set-pin`` and the kiosk's PIN
box (``valid_pin``). A stored hash is checked in full when the config is read
(``check_hash_format``): a hash that passes can be verified without an error.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from intake_bot.errors import IntakeBotError

_SCHEME = "scrypt"
_N, _R, _P = 2**14, 8, 1
#: A PIN's length in digits. At least 6: with the scrypt cost above, a stolen hash of
#: a 6-digit PIN takes a million times the cost of one guess to search (the README
#: gives the hours on one core); at the kiosk, after 3 wrong tries each one waits up
#: to a minute. At most 12: what the PIN box shows and a person keeps in mind.
MIN_LENGTH, MAX_LENGTH = 6, 12
_PIN = re.compile(rf"[0-9]{{{MIN_LENGTH},{MAX_LENGTH}}}")
# What a stored hash may ask for: scrypt's own limits, a cost no weaker than a
# cheap guess and no dearer than the kiosk can afford, the sizes --set-pin writes.
_N_RANGE = (2**14, 2**17)
_R_RANGE = (1, 32)
_P_RANGE = (1, 16)
_MAX_MEMORY = 2**27  # bytes scrypt may use (128 * r * n): 128 MiB
_SALT_BYTES = (16, 64)
_DIGEST_BYTES = (32, 64)
PIN_RULE = f"a PIN is {MIN_LENGTH} to {MAX_LENGTH} digits 0-9"


class PinFormatError(IntakeBotError, ValueError):
    """A stored PIN hash that is not one this program wrote or could check."""


class PinCheckError(IntakeBotError, RuntimeError):
    """A PIN could not be checked at all (a broken PIN setting, not a wrong PIN)."""

    topic = "configuration: "


def valid_pin(pin: str) -> bool:
    """6 to 12 ASCII digits (not superscripts, nor other scripts' digits)."""
    return _PIN.fullmatch(pin) is not None


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """``scrypt$16384$8$1$<salt>$<hash>``: safe to keep in a config file (mode 0600)."""
    if not valid_pin(pin):
        raise ValueError(PIN_RULE)
    return _hash(pin.encode(), salt)


def _hash(secret: bytes, salt: bytes | None) -> str:
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(secret, salt=salt, n=_N, r=_R, p=_P, dklen=32)
    encode = base64.urlsafe_b64encode
    return f"{_SCHEME}${_N}${_R}${_P}${encode(salt).decode()}${encode(digest).decode()}"


def _matches(secret: bytes, stored: str) -> bool:
    """Whether ``secret`` is behind ``stored`` (one scrypt); :class:`PinCheckError` when
    ``stored`` cannot be checked."""
    try:
        parts = _parse(stored)
    except PinFormatError as exc:
        raise PinCheckError(str(exc)) from None
    try:
        actual = hashlib.scrypt(
            secret,
            salt=parts.salt,
            n=parts.n,
            r=parts.r,
            p=parts.p,
            dklen=len(parts.digest),
            maxmem=2 * _MAX_MEMORY,
        )
    except (ValueError, MemoryError) as exc:
        raise PinCheckError(f"scrypt refused the stored parameters ({exc})") from exc
    return hmac.compare_digest(actual, parts.digest)


@dataclass(frozen=True)
class _Parts:
    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes


def _decode(text: str, what: str, sizes: tuple[int, int]) -> bytes:
    try:
        raw = base64.b64decode(text, altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise PinFormatError(f"the PIN hash's {what} is not base64") from None
    if not sizes[0] <= len(raw) <= sizes[1]:
        raise PinFormatError(
            f"the PIN hash's {what} is {len(raw)} bytes (expected {sizes[0]} to {sizes[1]})"
        )
    return raw


def _parse(stored: str) -> _Parts:
    parts = stored.split("$")
    if (
        len(parts) != 6
        or parts[0] != _SCHEME
        or not all(re.fullmatch(r"[0-9]{1,10}", p) for p in parts[1:4])
    ):
        raise PinFormatError(
            "not a PIN hash made by `intake-bot kiosk --set-pin` (expected scrypt$N$r$p$salt$hash)"
        )
    n, r, p = (int(x) for x in parts[1:4])
    if n & (n - 1) or not _N_RANGE[0] <= n <= _N_RANGE[1]:
        raise PinFormatError(
            f"the PIN hash's N is {n} (expected a power of 2 from {_N_RANGE[0]} to {_N_RANGE[1]})"
        )
    for name, value, (low, high) in (("r", r, _R_RANGE), ("p", p, _P_RANGE)):
        if not low <= value <= high:
            raise PinFormatError(f"the PIN hash's {name} is {value} (expected {low} to {high})")
    if 128 * r * n > _MAX_MEMORY:
        raise PinFormatError(
            f"the PIN hash asks for {128 * r * n // 2**20} MiB (at most {_MAX_MEMORY // 2**20})"
        )
    salt = _decode(parts[4], "salt", _SALT_BYTES)
    digest = _decode(parts[5], "digest", _DIGEST_BYTES)
    return _Parts(n, r, p, salt, digest)


def check_hash_format(stored: str) -> None:
    """Raise :class:`PinFormatError` unless ``stored`` is a hash ``verify_pin`` can check."""
    _parse(stored)


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` is the PIN behind ``stored``. A PIN outside the rule is
    wrong without a check; a hash that cannot be checked raises :class:`PinCheckError`."""
    try:
        _parse(stored)
    except PinFormatError as exc:
        raise PinCheckError(str(exc)) from None
    return valid_pin(pin) and _matches(pin.encode(), stored)


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
        """True when ``pin`` is right. A try during the wait is refused without checking.
        Raises :class:`PinCheckError` when the stored hash cannot be checked."""
        if self.stored_hash is None or self.wait_left() > 0:
            return False
        if verify_pin(pin, self.stored_hash):
            self.failures = 0
            return True
        self.failures += 1
        if self.failures >= self.free_tries:
            self._locked_until = self.clock() + backoff(
                self.failures, self.free_tries, self.max_wait
            )
        return False


def backoff(failures: int, free_tries: int, max_wait: float) -> float:
    """The wait after ``failures`` wrong tries in a row: none for the first
    ``free_tries - 1``, then 2, 4, 8... seconds, at most ``max_wait``. The one rule of
    the kiosk's PIN box and the staff sign-in."""
    if failures < free_tries:
        return 0.0
    return min(max_wait, 2.0 ** (failures - free_tries + 1))


# -- staff passphrases (the staff console): the same salted scrypt hash ------------------

#: A staff passphrase's length: at least 10 characters (the issue's rule); at most what a
#: person types, so a pasted novel costs scrypt nothing unusual.
PASSPHRASE_MIN, PASSPHRASE_MAX = 10, 256
PASSPHRASE_RULE = f"a passphrase is {PASSPHRASE_MIN} to {PASSPHRASE_MAX} characters"


def valid_passphrase(text: str) -> bool:
    return PASSPHRASE_MIN <= len(text) <= PASSPHRASE_MAX


def hash_passphrase(text: str, *, salt: bytes | None = None) -> str:
    """The same ``scrypt$N$r$p$salt$hash`` format and cost as :func:`hash_pin`."""
    if not valid_passphrase(text):
        raise ValueError(PASSPHRASE_RULE)
    return _hash(text.encode(), salt)


def verify_passphrase(text: str, stored: str) -> bool:
    """True when ``text`` is the passphrase behind ``stored``; raises :class:`PinCheckError`
    when the stored hash cannot be checked. Always costs one scrypt (no early answer for
    a passphrase outside the rule), so a wrong name and a wrong passphrase take as long."""
    secret = text.encode(errors="surrogatepass")[: PASSPHRASE_MAX * 4]
    return _matches(secret, stored) and valid_passphrase(text)
