"""The staff console: sign-in, the queue, one intake, and screening a patient.

A subclass of :class:`~intake_bot.tui.app.IntakeApp`, so that "Screen a patient" is
the very same conversation (welcome with the flow's ``staff`` consent, chat, review,
result) with its triage, in the patient's language. Two modes (Textual's screen
stacks): ``console`` (queue and intakes) and ``screening`` (the conversation, its
welcome at the bottom). The lock is the sign-in screen pushed over whatever is on
show, in either mode: opaque, so nothing of any patient shows while it is up. Every
action checks that the signed-in account is still as it was (:meth:`Desk.allowed`):
removed, or its passphrase changed, the action is refused and the console locks at once.
A screening finished just then is kept all the same (:class:`StaffSubmitter`) and the
lock names its ticket; a result never shows over the lock. One finished while the
database is down is kept on this computer (the desk's outbox) and the console says so;
the queue's poll moves it into the database once it answers, and says so too.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.binding import Binding
from textual.screen import Screen

from intake_bot.staff import Desk, StaffSubmitter, kept_here_message, replayed_message
from intake_bot.tui.app import IntakeApp
from intake_bot.tui.screens.welcome import WelcomeScreen
from intake_bot.tui.staff.screens.queue import QueueScreen
from intake_bot.tui.staff.screens.sign_in import SignInScreen

if TYPE_CHECKING:
    from intake_bot.engine.session import Session
    from intake_bot.engine.triage import TriageResult
    from intake_bot.records.intake import Intake

HERE = Path(__file__).parent
IDLE_CHECK = 1.0  # seconds between looks at the idle time
KEPT_HERE_SHOWN = 30.0  # seconds the notification of a screening kept on this computer stays
TOUCHES = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp, events.Paste)


class StaffApp(IntakeApp):
    """``user`` is who is signed in (None before the first sign-in); ``locked`` while
    the sign-in screen covers the console after ``idle_lock`` seconds untouched."""

    CSS_PATH = [HERE.parent / "app.tcss", HERE / "staff.tcss"]
    BINDINGS = [
        Binding("ctrl+q", "leave", "Quit", priority=True),
        Binding("f10", "to_queue", "Back to queue"),
        Binding("ctrl+l", "lock", "Lock"),
    ]

    def __init__(
        self,
        desk: Desk,
        language: str | None = None,
        *,
        idle_lock: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.desk = desk
        self.staff_submitter = StaffSubmitter(desk)
        self.idle_lock = idle_lock
        self.clock = clock
        self.touched = clock()
        self.user: str | None = None
        self.locked = False
        #: The account was removed or changed under the console: whoever signs in next
        #: starts afresh (the queue, nothing else open).
        self.revoked = False
        #: A screening's result that came while the console was locked: shown once the
        #: same person signs in again, dropped if anyone else (or afresh) does.
        self._held_result: Callable[[], None] | None = None
        desk.on_refused = self._refused_from_worker
        desk.on_replayed = self._replayed_from_worker
        super().__init__(desk.flow, language, submitter=self.staff_submitter)
        self.front_door = "staff"  # the flow's staff consent at the welcome
        self.can_leave = False  # (the conversation's Leave/Quit buttons: F10 instead)
        self.add_mode("console", QueueScreen)
        self.add_mode("screening", WelcomeScreen)

    def get_default_screen(self) -> Screen[None]:  # type: ignore[override]
        """A blank backdrop, left at once for ``console`` (the welcome is ``screening``'s)."""
        return Screen(id="backdrop")

    async def on_mount(self) -> None:
        super().on_mount()
        self.title = "intake-bot staff"
        # The queue is built under the sign-in (opaque), so that once someone signs in
        # only its first page is left to fetch; it holds nothing until then.
        self.switch_mode("console")
        self.push_screen(SignInScreen(), self._signed_in)
        self.set_interval(IDLE_CHECK, self.check_idle)

    def signed_in(self, who: str) -> None:
        """The sign-in screen found the passphrase right (called just before it is
        dismissed, so that the first page is fetched while it goes)."""
        if self.user is None:
            self._signed_in(who)

    def _signed_in(self, who: str | None) -> None:
        if who is None or self.user is not None:
            return
        self.user = self.staff_submitter.actor = who
        self.touched = self.clock()
        self.queue.start()

    @property
    def queue(self) -> QueueScreen:
        """The console's base screen (built at start, under the sign-in)."""
        screen = self.get_screen_stack("console")[0]
        assert isinstance(screen, QueueScreen)
        return screen

    # -- the lock -----------------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, TOUCHES):
            self.touched = self.clock()
        await super().on_event(event)

    def check_idle(self) -> None:
        """Lock once ``idle_lock`` seconds have passed without a key or a click."""
        idle = self.clock() - self.touched
        if self.user is not None and not self.locked and idle >= self.idle_lock:
            self.action_lock()

    def action_lock(self) -> None:
        if self.user is None or self.locked:
            return
        self.locked = True
        self.clear_notifications()  # (they name tickets)
        self.push_screen(SignInScreen(locked_for=self.user), self._unlocked)

    def _refused_from_worker(self, message: str) -> None:
        """(:attr:`Desk.on_refused`, in a worker thread.) Lock before the worker goes on."""
        try:
            self.call_from_thread(self.refused, message)
        except RuntimeError:  # (on the app's own thread: not a worker)
            self.refused(message)

    def refused(self, message: str) -> None:
        """The signed-in account was removed or its passphrase changed: lock at once,
        saying so plainly."""
        self.revoked = True
        self.clear_notifications()  # (they name tickets)
        if self.locked:
            if isinstance(self.screen, SignInScreen):
                self.screen.explain(message)
            return
        self.locked = True
        self.push_screen(SignInScreen(reason=message), self._unlocked)

    def _replayed_from_worker(self, shown: str, stored: Intake) -> None:
        """(:attr:`Desk.on_replayed`, in the poll's worker.) Say it reached the queue."""
        message = replayed_message(shown, stored)
        try:
            self.call_from_thread(self._say_replayed, message)
        except RuntimeError:  # (on the app's own thread: not a worker)
            self._say_replayed(message)

    def _say_replayed(self, message: str) -> None:
        if not self.locked:  # (over the lock nothing names a ticket)
            self.notify(message, markup=False, timeout=KEPT_HERE_SHOWN)

    def _unlocked(self, who: str | None) -> None:
        if who is None:
            return
        self.locked = False
        self.touched = self.clock()
        revoked, self.revoked = self.revoked, False
        held, self._held_result = self._held_result, None
        if who != self.user or revoked:  # someone else (or afresh): nobody's screening
            self.user = self.staff_submitter.actor = who
            if self.current_mode == "screening":
                IntakeApp.start_over(self)  # (the conversation's screens closed, freed)
                self.staff_submitter.patient_ref = None
                self.switch_mode("console")
            for screen in self.screen_stack[1:]:
                screen.dismiss()
            self.queue.start()
            if revoked:  # (what was fetched for the refused account: fetched again)
                self.queue.load()
            self.notify(f"Signed in as {who}", markup=False)
        elif held is not None:
            held()

    # -- screening a patient --------------------------------------------------------------
    def _show_result(
        self, session: Session, result: TriageResult, ticket: str | None, saved: bool
    ) -> None:
        """Never over the lock (it would uncover the console): held until then. Kept on
        this computer (the database down): said over the result, plainly."""
        kept_here = self.staff_submitter.kept_here and ticket is not None

        def show() -> None:
            IntakeApp._show_result(self, session, result, ticket, saved)
            if kept_here and ticket is not None:
                self.notify(
                    kept_here_message(ticket),
                    title="Kept on this computer",
                    severity="warning",
                    markup=False,
                    timeout=KEPT_HERE_SHOWN,
                )

        if self.locked:
            self._held_result = show
            return
        show()

    def begin_screening(self) -> None:
        from intake_bot.tui.staff.screens.start_screening import StartScreeningScreen

        async def chosen(choice: tuple[str, str | None] | None) -> None:
            if choice is None:
                return
            language, reference = choice
            self.staff_submitter.patient_ref = reference
            self.language = language
            self.switch_mode("screening")

        self.push_screen(StartScreeningScreen(self.flow.languages, self.language), chosen)

    def start_over(self) -> None:
        """The screening is over (kept, or left with F10): back to the queue."""
        kept = len(self.staff_submitter.kept)
        super().start_over()
        self.staff_submitter.patient_ref = None
        self.switch_mode("console")
        if kept and self.session is None:
            last = self.staff_submitter.kept[-1]
            if self.staff_submitter.kept_here:
                self.notify(
                    kept_here_message(last.ticket),
                    severity="warning",
                    markup=False,
                    timeout=KEPT_HERE_SHOWN,
                )
            else:
                self.notify(f"Screening kept as ticket {last.ticket}", markup=False)
        self.queue.load()

    def action_to_queue(self) -> None:
        if self.current_mode == "screening":
            if self.session is not None and self.session.answers:
                self.notify("Screening left; nothing was kept", markup=False)
            self.start_over()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("help", "switch_language", "to_queue", "lock", "staff"):
            if self.user is None or self.locked:
                return False
            conversation = ("help", "switch_language", "to_queue")
            if action in conversation and self.current_mode != "screening":
                return False
        return super().check_action(action, parameters)
