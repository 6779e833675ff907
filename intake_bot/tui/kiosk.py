"""Kiosk mode: what the app needs to serve patient after patient, unattended.

``KioskMode`` is the configuration and state of one kiosk run (settings, PIN guard,
ticket issuer, idle watch, stop signals); ``KioskController`` runs it on an app: the
idle warning and wipe, the result's deadline, the staff PIN exit, a restart after an
error. Nothing here decides clinical logic.
"""

from __future__ import annotations

import asyncio
import gc
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType
from typing import TYPE_CHECKING

from rich.cells import cached_cell_len

from intake_bot.config import KioskSettings
from intake_bot.kiosk import RESTART, STOPPED
from intake_bot.kiosk.log import crash_summary, log, open_log
from intake_bot.pin import PinGuard
from intake_bot.records.intake import MemorySubmitter, Submitter
from intake_bot.records.tickets import TicketIssuer

if TYPE_CHECKING:
    from textual.await_complete import AwaitComplete
    from textual.screen import Screen

    from intake_bot.tui.app import IntakeApp

#: What ends the kiosk from outside, cleanly: a service manager's stop, a closed terminal.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
#: Seconds between closing a patient's screens and freeing them: the messages and
#: callbacks Textual still has queued about them run first.
SETTLE = 0.2


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
        """The handlers, and the kiosk log opened (:func:`open_log`): the run's first
        step, so the store's faults at start are in the log too."""
        for number in STOP_SIGNALS:
            signal.signal(number, self._handle)
        open_log()

    def _handle(self, number: int, frame: FrameType | None) -> None:
        if self.received is None:
            self.received = number
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no app running: the kiosk's loop sees ``received``
            return
        loop.call_soon_threadsafe(self._stop_app)

    def _stop_app(self) -> None:
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


class KioskController:
    """Runs ``mode`` on ``app``: once a second it looks at the idle time and the
    result's deadline; every key, click or paste (but on "Are you still there?", whose
    button alone answers it) starts the idle time again."""

    def __init__(self, app: IntakeApp, mode: KioskMode) -> None:
        self.app = app
        self.mode = mode
        #: when the result on show goes (the mode's clock), fixed as it appears
        self.result_due: float | None = None

    def start(self) -> None:
        open_log()
        self.app.set_interval(1.0, self.tick, name="kiosk")
        self.app.screen_change_signal.subscribe(self.app, self._screen_changed)
        if self.mode.stop.received is not None:  # a stop signal before the app ran
            self.app.exit(return_code=STOPPED)

    def touched(self) -> None:
        from intake_bot.tui.screens.still_there import StillThereScreen

        if not isinstance(self.app.screen, StillThereScreen):
            self.mode.idle.touch()

    def _screen_changed(self, screen: Screen) -> None:
        """The result's deadline is counted from its appearance: keys do not extend it."""
        from intake_bot.tui.screens.result import ResultScreen

        on_show = any(isinstance(s, ResultScreen) for s in self.app.screen_stack)
        if on_show and self.result_due is None:
            self.mode.idle.touch()
            self.result_due = self.mode.clock() + self.mode.settings.result_timeout
        elif not on_show:
            self.result_due = None

    def tick(self) -> None:
        from intake_bot.tui.screens.pin import PinScreen
        from intake_bot.tui.screens.still_there import StillThereScreen
        from intake_bot.tui.screens.too_small import TooSmallScreen

        app, idle = self.app, self.mode.idle
        if self.result_due is not None:  # (under help or the PIN prompt too)
            if self.mode.clock() >= self.result_due:
                self.wipe()
            return
        if app.session is None and app.language == app.start_language:
            return  # welcome: nobody's data on screen
        if idle.expired():
            self.wipe()
        elif idle.warning_due():
            seconds = int(idle.seconds_left() + 0.999)
            if isinstance(app.screen, StillThereScreen):
                app.screen.show_seconds(seconds)
            elif not isinstance(app.screen, PinScreen | TooSmallScreen):
                app.push_screen(StillThereScreen(app.language, seconds), self._still_here)

    def _still_here(self, here: bool | None) -> None:
        if here:
            self.mode.idle.touch()

    def wipe(self) -> None:
        """Forget the patient on screen: answers, screens, language, the clipboard,
        Rich's cache of text widths (it keeps texts drawn lately); then, once their
        screens are closed, free them. Back to the welcome."""
        app = self.app
        if app.clipboard:  # (text cut from the reply box; also the terminal's, OSC 52)
            app.copy_to_clipboard("")
        app.close_session()
        self.result_due = None
        app.language = app.start_language
        app.clear_notifications()
        closing = [app.pop_screen() for _ in range(len(app.screen_stack) - 1)]
        # (from the app's own queue: a worker started inside a handler of a screen
        # being closed would keep that screen as its context's active one)
        app.call_later(app.run_worker, self._free(closing), name="free", group="free")
        self.mode.idle.touch()

    async def _free(self, closing: list[AwaitComplete]) -> None:
        while closing:  # (each one let go of once done: it holds its screen)
            await closing.pop()
        await asyncio.sleep(SETTLE)
        cached_cell_len.cache_clear()
        gc.collect()

    def ask_for_pin(self) -> None:
        from intake_bot.tui.screens.pin import PinScreen

        if not isinstance(self.app.screen, PinScreen):
            self.app.push_screen(PinScreen(self.mode.guard, self.app.language), self._unlocked)

    def _unlocked(self, ok: bool | None) -> None:
        if ok:
            self.app.staff_exit = True
            log.info("kiosk closed by staff")
            self.app.close_session()
            self.app.exit()

    def crashed(self, error: Exception) -> None:
        """Never a traceback on a patient's screen, nor a word of their answers in the
        log: note where it broke and end for a restart (the caller runs a fresh app)."""
        self.mode.crashes += 1
        log.error("kiosk restarted after an error: %s", crash_summary(error))
        self.app.close_session()
        self.app.exit(return_code=RESTART)
