"""The intake app: which screen is on show, for one person at a time.

Welcome -> conversation (with its review over it) -> result. Screens report what the
person did with messages or ``dismiss()``; the app only moves between screens. The
kiosk's timing and lockdown are its own controller (``kiosk.KioskController``).
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cached_cell_len
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.signal import Signal
from textual.theme import Theme

from intake_bot.catalog import say
from intake_bot.flow.model import Flow
from intake_bot.tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from intake_bot.tui.screens.welcome import WelcomeScreen

# The conversation, review, result and help screens load when first shown; the
# kiosk's modules (settings, PIN, tickets, records, log) only in kiosk mode.
if TYPE_CHECKING:
    from textual.await_complete import AwaitComplete

    from intake_bot.engine.session import Session
    from intake_bot.engine.triage import Clinic, TriageResult
    from intake_bot.records.intake import Intake, Submitter
    from intake_bot.store.self_save import SelfSave
    from intake_bot.tui.kiosk import KioskController, KioskMode
    from intake_bot.tui.screens.result import ResultScreen
    from intake_bot.tui.screens.review import ReviewScreen

HIGH_CONTRAST = Theme(
    name="intake-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    success="#00ff00",
    warning="#ffff00",
    error="#ff5555",
    dark=True,
)
STANDARD_THEME = "textual-dark"
SAVING_NOTE = 0.6  # seconds of saving before the person is told it is being saved
SETTLE = 0.2  # seconds between closing a person's screens and freeing them (start_over)
SCREEN_STYLES = Path(__file__).parent / "screens"  # each screen's CSS_PATH is here
GC_HOLD = 0.05  # seconds without garbage collection after an answer (hold_collector)
#: What counts as someone at the kiosk (the idle time starts again).
TOUCHES = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp, events.Paste)


class IntakeApp(App[None]):
    """Renders one session at a time; the session decides what is asked and the triage."""

    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("f2", "switch_language", "Language"),
        Binding("f3", "toggle_contrast", "Contrast"),
        # Quit and suspend keys: allowed for a person at home, ignored at the kiosk.
        Binding("ctrl+q,ctrl+c", "leave", show=False, priority=True),
        Binding("ctrl+z,ctrl+backslash", "nothing", show=False, priority=True),
        Binding("f12", "staff", show=False, priority=True),
    ]

    #: The person's language. Screens follow it through ``language_signal``.
    language: reactive[str] = reactive("", init=False)

    def __init__(
        self,
        flow: Flow,
        language: str | None = None,
        *,
        kiosk: KioskMode | None = None,
        submitter: Submitter | None = None,
        saver: SelfSave | None = None,
        clinic: Clinic | None = None,
        saves_every_summary: bool = False,
    ) -> None:
        super().__init__()
        self.flow = flow
        self.start_language = language if language in flow.languages else flow.languages[0]
        self.set_reactive(IntakeApp.language, self.start_language)
        #: Published with the new language, after the session has taken it.
        self.language_signal: Signal[str] = Signal(self, "language")
        self.kiosk = kiosk
        #: Where a finished intake goes: the kiosk's, else this one (self: --save).
        self.submitter = kiosk.submitter if kiosk is not None else submitter
        #: At home: where the summary goes when the person presses *Save my summary*.
        self.saver = saver if kiosk is None else None
        self.can_leave = kiosk is None
        #: Which front door this is (kiosk, self, staff): its consent and next steps.
        self.front_door = "self" if kiosk is None else "kiosk"
        #: The clinic's contact from the settings, named in the next steps at home.
        self.clinic = clinic
        #: At home, every summary is saved at the result: the consent must say so.
        self.saves_every_summary = saves_every_summary and kiosk is None
        self.session: Session | None = None
        self.started_at: datetime | None = None
        self.staff_exit = False
        self.kiosk_controller: KioskController | None = None
        if kiosk is not None:
            from intake_bot.tui.kiosk import KioskController

            self.kiosk_controller = KioskController(self, kiosk)

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        self.theme = STANDARD_THEME
        self.title = self.flow.text(self.flow.title, self.language)
        # Whenever a screen opens or closes, the size is looked at again: a notice
        # left under another screen is found, and one is put back on top if needed.
        self.screen_change_signal.subscribe(
            self, lambda _: self.call_after_refresh(self._check_size)
        )
        self._check_size()
        if self.kiosk_controller is not None:
            self.kiosk_controller.start()

    def hold_collector(self) -> None:
        """An answer came: no garbage collection until the next question is drawn (a
        full collection, walking everything the app holds, would otherwise now and then
        fall inside that frame). It runs again ``GC_HOLD`` later, while the person reads;
        the pause is never longer, however fast answers come."""
        if gc.isenabled():
            gc.disable()
            self.set_timer(GC_HOLD, gc.enable, name="gc-hold")

    def on_unmount(self) -> None:
        gc.enable()  # (an answer's hold may still be on as the app ends)

    @property
    def consent_key(self) -> str:
        """The flow's consent shown at the welcome: the front door's, or at home
        ``self_save`` when every summary is saved."""
        return "self_save" if self.saves_every_summary else self.front_door

    def get_default_screen(self) -> WelcomeScreen:
        """The welcome stays at the bottom of the stack; the conversation opens over it."""
        return WelcomeScreen()

    def watch_language(self, language: str) -> None:
        self.title = self.flow.text(self.flow.title, language)
        if self.session is not None:
            self.session.set_language(language)
        self.language_signal.publish(language)

    # -- the journey ---------------------------------------------------------------
    def on_welcome_screen_agreed(self) -> None:
        self.start_intake()

    def start_intake(self) -> None:
        """A new session, and the conversation over the welcome."""
        from intake_bot.engine.session import Session
        from intake_bot.tui.screens.chat import ChatScreen

        self.close_session()
        self.session = Session(
            self.flow, self.language, front_door=self.front_door, clinic=self.clinic
        )
        self.started_at = datetime.now(UTC)
        self.push_screen(ChatScreen(self.session))

    def on_review_screen_confirmed(self, message: ReviewScreen.Confirmed) -> None:
        """ "See my result": keep the intake (a thread: never the database on the event
        loop), then show the result, with its ticket once kept."""
        session = message.session
        result = session.finish()
        if self.submitter is None:
            self._show_result(session, result, None, True)
            return
        saving = self.set_timer(
            SAVING_NOTE, lambda: self.notify(say("saving", self.language), markup=False)
        )
        answers, started = dict(session.answers), self.started_at
        submit = self.submitter.submit

        def kept(ticket: str | None, saved: bool) -> None:
            saving.stop()
            self._show_result(session, result, ticket, saved)

        def keep() -> None:
            self.call_from_thread(kept, *self._keep(answers, result, started, submit))

        self.run_worker(keep, thread=True, name="submit", group="submit")

    def on_result_screen_save_asked(self, message: ResultScreen.SaveAsked) -> None:
        """At home, *Save my summary*: keep it (a thread), then tell the screen."""
        screen, saver = message.screen, self.saver
        if saver is None or self.session is None:
            return
        answers, started = dict(self.session.answers), self.started_at

        def keep() -> None:
            ticket, saved = self._keep(answers, screen.result, started, saver.keep)
            self.call_from_thread(screen.show_saved, ticket if saved else None)

        self.run_worker(keep, thread=True, name="save", group="submit")

    def _keep(
        self,
        answers: dict[str, object],
        result: TriageResult,
        started: datetime | None,
        submit: Callable[[Intake], Intake | None],
    ) -> tuple[str | None, bool]:
        """(In a worker thread.) ``submit`` the intake with a fresh ticket code: (its
        ticket, or None when nothing was kept; whether all went well)."""
        from intake_bot.kiosk.log import crash_summary, log
        from intake_bot.records.intake import build_intake
        from intake_bot.records.tickets import TicketIssuer

        try:
            issuer = self.kiosk.issuer if self.kiosk is not None else TicketIssuer(lambda _: False)
            intake = build_intake(
                self.flow,
                answers,
                result,
                ticket=issuer.issue(),
                front_door=self.front_door,
                started_at=started,
            )
            kept = submit(intake)
        except Exception as error:  # the person must be told; the kiosk goes on
            log.error("intake not submitted: %s", crash_summary(error))
            return None, False
        return (kept.ticket if kept is not None else None), True

    def _show_result(
        self, session: Session, result: TriageResult, ticket: str | None, saved: bool
    ) -> None:
        from intake_bot.tui.screens.result import ResultScreen

        if session is not self.session:  # wiped meanwhile (idle): the intake is kept
            return
        self.pop_screen()  # the review
        self.pop_screen()  # the conversation
        self.push_screen(
            ResultScreen(result, ticket=ticket, saved=saved, session=session), self._after_result
        )

    def _after_result(self, choice: str | None) -> None:
        if choice == "quit":
            self.exit()
        else:
            self.start_over()

    def start_over(self) -> None:
        """Forget this person and greet the next one. Once their screens are gone they
        are freed (a worker, started from the app's own queue: one started inside a
        handler of a screen being closed would keep that screen as its context's active
        one)."""
        self.close_session()
        closing = [self.pop_screen() for _ in range(len(self.screen_stack) - 1)]
        self.call_later(self.run_worker, self._free(closing), name="free", group="free")

    async def _free(self, closing: list[AwaitComplete]) -> None:
        """Only a screen that nothing holds any more can be freed: once Textual has
        removed it and the messages still queued about it have run (``SETTLE``). Rich's
        cache of text widths (the last person's answers among them) is emptied too."""
        while closing:  # (each one let go of once done: it holds its screen)
            await closing.pop()
        await asyncio.sleep(SETTLE)
        cached_cell_len.cache_clear()
        gc.collect()

    def warm_up(self) -> None:
        """The welcome is on screen: load the conversation's module and read the other
        screens' stylesheets (``screens/*.tcss``, each screen's ``CSS_PATH``) while it is
        read, so that "I agree" does not wait for them. Textual would read one when its
        screen first opens, re-reading every rule then (public ``Stylesheet`` API)."""
        import intake_bot.tui.screens.chat  # noqa: F401

        added = False
        for path in sorted(SCREEN_STYLES.glob("*.tcss")):
            if not self.stylesheet.has_source(str(path), ""):
                self.stylesheet.read(path)
                added = True
        if added:
            self.stylesheet.reparse()
            self.stylesheet.update(self)

    def close_session(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None

    # -- keys and events -----------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if self.kiosk_controller is not None and isinstance(event, TOUCHES):
            self.kiosk_controller.touched()
        await super().on_event(event)

    def action_leave(self) -> None:
        if self.kiosk is None:
            self.exit()

    def action_nothing(self) -> None:
        """Suspend keys do nothing: a terminal app must not drop anyone to a shell."""

    def action_staff(self) -> None:
        if self.kiosk_controller is not None:
            self.kiosk_controller.ask_for_pin()

    def _handle_exception(self, error: Exception) -> None:
        """PRIVATE TEXTUAL API (Textual 8.2.8 has no public hook for an error in a
        handler): at the kiosk, no traceback on a patient's screen; the app ends for a
        restart. Tested by test_kiosk's test_an_unexpected_error_ends_the_app_for_a_restart."""
        if self.kiosk_controller is None:
            super()._handle_exception(error)
        else:
            self.kiosk_controller.crashed(error)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._check_size)

    def _check_size(self) -> None:
        """While the terminal is too small the notice is on top; once it is not, the
        notice goes from wherever it is in the stack, with any screen opened over it
        (they were opened blind: help, the PIN prompt)."""
        if not self.is_running:
            return
        small = self.size.width < MIN_WIDTH or self.size.height < MIN_HEIGHT
        stack = self.screen_stack
        notices = [i for i, screen in enumerate(stack) if isinstance(screen, TooSmallScreen)]
        if small and not isinstance(self.screen, TooSmallScreen):
            self.push_screen(TooSmallScreen(self.language))
        elif not small and notices:
            for _ in range(len(stack) - notices[0]):
                self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Over the size notice, nothing opens (it must stay on top, see _check_size);
        over "Are you still there?", nothing but the staff PIN and its own button."""
        from intake_bot.tui.screens.still_there import StillThereScreen

        if action in ("help", "switch_language", "staff"):
            if isinstance(self.screen, TooSmallScreen):
                return False
            if action != "staff" and isinstance(self.screen, StillThereScreen):
                return False
        return True

    def action_help(self) -> None:
        from intake_bot.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_switch_language(self) -> None:
        languages = self.flow.languages
        self.language = languages[(languages.index(self.language) + 1) % len(languages)]

    def action_toggle_contrast(self) -> None:
        self.theme = STANDARD_THEME if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name
