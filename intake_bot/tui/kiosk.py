"""Kiosk mode: what the app needs to serve patient after patient, unattended.

Nothing here decides clinical logic: it times people out, checks the staff PIN,
and hands finished intakes on with a ticket code.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from logging.handlers import RotatingFileHandler

from platformdirs import user_log_path

from intake_bot.config import APP_NAME, KioskSettings
from intake_bot.pin import PinGuard
from intake_bot.records import MemorySubmitter, Submitter
from intake_bot.tickets import TicketIssuer

log = logging.getLogger("intake_bot.kiosk")


@dataclass
class IdleWatch:
    """How long since the last touch; when to warn and when to wipe."""

    timeout: float
    warning: float
    clock: Callable[[], float] = time.monotonic
    last: float = field(init=False)

    def __post_init__(self) -> None:
        self.last = self.clock()

    def touch(self) -> None:
        self.last = self.clock()

    def seconds_left(self) -> float:
        return self.timeout - (self.clock() - self.last)

    def warning_due(self) -> bool:
        return self.seconds_left() <= self.warning

    def expired(self) -> bool:
        return self.seconds_left() <= 0


@dataclass
class KioskMode:
    settings: KioskSettings
    submitter: Submitter = field(default_factory=MemorySubmitter)
    clock: Callable[[], float] = time.monotonic
    guard: PinGuard = field(init=False)
    issuer: TicketIssuer = field(init=False)
    idle: IdleWatch = field(init=False)
    crashes: int = 0

    def __post_init__(self) -> None:
        self.guard = PinGuard(self.settings.pin_hash, clock=self.clock)
        self.issuer = TicketIssuer(self.submitter.ticket_taken)
        self.idle = IdleWatch(self.settings.idle_timeout, self.settings.idle_warning, self.clock)


def crash_summary(error: BaseException) -> str:
    """Where it broke, without a word of what a patient typed: the exception's type and
    the code locations only (no message, no local variables)."""
    frames = traceback.extract_tb(error.__traceback__)
    where = " <- ".join(
        f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames[-8:])
    )
    return f"{type(error).__name__} at {where or 'unknown place'}"


def open_log() -> None:
    """Kiosk log (crashes and staff exits only, never patient data) in the per-user log folder."""
    if log.handlers:
        return
    try:
        folder = user_log_path(APP_NAME, appauthor=False)
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            folder / "kiosk.log", maxBytes=1_000_000, backupCount=3
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
