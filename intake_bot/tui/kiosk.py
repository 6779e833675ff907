"""Kiosk mode: what the app needs to serve patient after patient, unattended.

Nothing here decides clinical logic: it times people out, checks the staff PIN,
and hands finished intakes on with a ticket code.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from logging.handlers import RotatingFileHandler
from types import FrameType
from typing import TYPE_CHECKING

from intake_bot.config import KioskSettings
from intake_bot.locations import log_dir
from intake_bot.pin import PinGuard
from intake_bot.records import MemorySubmitter, Submitter
from intake_bot.tickets import TicketIssuer

if TYPE_CHECKING:
    from intake_bot.tui.app import IntakeApp

log = logging.getLogger("intake_bot.kiosk")
#: What ends the kiosk from outside, cleanly: a service manager's stop, a closed terminal.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


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
class StopSignals:
    """SIGTERM and SIGHUP end the kiosk cleanly, whenever they come.

    ``install`` puts one plain handler in place for the whole run (before any app
    starts, and between restarts). It only notes the signal and, if an app's event
    loop is running, asks it, through the loop's thread-safe queue (what asyncio's
    own signal handlers do), to end with ``STOPPED``: Textual then leaves the
    alternate screen and restores the terminal as on any exit. A signal that came
    before the app ran is seen by the app as it mounts (``received``)."""

    received: int | None = None
    app: IntakeApp | None = None

    def install(self) -> None:
        for number in STOP_SIGNALS:
            signal.signal(number, self._handle)

    def _handle(self, number: int, frame: FrameType | None) -> None:
        if self.received is None:
            self.received = number
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no app running: the kiosk's loop sees ``received``
            return
        loop.call_soon_threadsafe(self._stop_app)

    def _stop_app(self) -> None:
        from intake_bot.tui.app import STOPPED

        app = self.app
        if app is not None and app.is_running:
            app.exit(return_code=STOPPED)

    @property
    def name(self) -> str:
        return signal.Signals(self.received).name if self.received is not None else ""


@dataclass
class KioskMode:
    settings: KioskSettings
    submitter: Submitter = field(default_factory=MemorySubmitter)
    clock: Callable[[], float] = time.monotonic
    guard: PinGuard = field(init=False)
    issuer: TicketIssuer = field(init=False)
    idle: IdleWatch = field(init=False)
    stop: StopSignals = field(default_factory=StopSignals)
    crashes: int = 0

    def __post_init__(self) -> None:
        self.guard = PinGuard(self.settings.pin_hash, clock=self.clock)
        self.issuer = TicketIssuer(self.submitter.ticket_taken)
        self.idle = IdleWatch(self.settings.idle_timeout, self.settings.idle_warning, self.clock)


def crash_summary(error: BaseException) -> str:
    """Where it broke, without a word of what a patient typed: the exception's type and
    the code locations only (no message, no local variables). An error that only wraps
    another (a worker's ``WorkerFailed``, a ``raise ... from``) names the one inside."""
    from textual.worker import WorkerFailed

    wrappers: list[str] = []
    while True:
        inner = error.error if isinstance(error, WorkerFailed) else error.__cause__
        if inner is None or inner is error or len(wrappers) > 5:
            break
        wrappers.append(type(error).__name__)
        error = inner
    frames = traceback.extract_tb(error.__traceback__)
    where = " <- ".join(
        f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames[-8:])
    )
    inside = f" (inside {' < '.join(wrappers)})" if wrappers else ""
    return f"{type(error).__name__} at {where or 'unknown place'}{inside}"


def open_log() -> None:
    """Kiosk log (crashes and staff exits only, never patient data) in the per-user log folder."""
    if log.handlers:
        return
    try:
        folder = log_dir()
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
