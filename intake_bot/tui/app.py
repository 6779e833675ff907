"""The intake app: welcome -> conversation -> review -> result, for one person at a time."""

from __future__ import annotations

import asyncio
import gc
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cached_cell_len
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.theme import Theme

from intake_bot.flow.model import Flow
from intake_bot.tui.bindings import localize_bindings
from intake_bot.tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from intake_bot.tui.screens.welcome import WelcomeScreen

# Only what the welcome needs is imported up front. The conversation (its screen,
# widgets, the session and its state machine, the reply reader) loads while the
# welcome is read (``warm_up``); the review, result and help screens when first
# shown; the kiosk's modules (settings, PIN, tickets, records, log) only in kiosk mode.
if TYPE_CHECKING:
    from textual.await_complete import AwaitComplete
    from textual.timer import Timer

    from intake_bot.records import Submitter
    from intake_bot.session import Session
    from intake_bot.triage import TriageResult
    from intake_bot.tui.kiosk import KioskMode
    from intake_bot.tui.screens.chat import ChatScreen

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
GC_HOLD = 0.05  # seconds without garbage collection after an answer (see hold_collector)
SETTLE = 0.2  # seconds between closing a person's screens and freeing them (see start_over)
SAVING_NOTE = 0.6  # seconds of saving before the person is told it is being saved
RESTART = 3  # kiosk: the app ended after an error and should be started afresh
STOPPED = 4  # kiosk: the app ended on a stop signal (SIGTERM, SIGHUP)
#: The stylesheets of the screens after the welcome (app.tcss has the welcome's).
SCREEN_STYLES = Path(__file__).parent / "screens"


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

    def __init__(
        self,
        flow: Flow,
        language: str | None = None,
        *,
        kiosk: KioskMode | None = None,
        submitter: Submitter | None = None,
    ) -> None:
        super().__init__()
        #: Where a finished intake goes: the kiosk's, else this one (self: --save).
        self.submitter = kiosk.submitter if kiosk is not None else submitter
        self.started_at: datetime | None = None
        self._submitting = False
        self._saving_note: Timer | None = None
        self.flow = flow
        self.start_language = language if language in flow.languages else flow.languages[0]
        self.language = self.start_language
        self.kiosk = kiosk
        self.can_leave = kiosk is None
        #: Which of the flow's consents this app shows (the front doors: kiosk, self, staff).
        self.front_door = "self" if kiosk is None else "kiosk"
        self.session: Session | None = None
        self.staff_exit = False
        #: kiosk: when the result on show goes (its clock), set as it appears
        self.result_due: float | None = None

    async def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        self.theme = STANDARD_THEME
        self.title = self.flow.text(self.flow.title, self.language)
        localize_bindings(self, self.language)
        # Whenever a screen opens or closes, the size is looked at again: a notice
        # left under another screen is found, and one is put back on top if needed.
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self._check_size()
        if self.kiosk is not None:
            from intake_bot.tui.kiosk import open_log

            open_log()
            self.set_interval(1.0, self._kiosk_tick)
            if self.kiosk.stop.received is not None:  # a stop signal before the app ran
                self.exit(return_code=STOPPED)

    def get_default_screen(self) -> WelcomeScreen:
        """The welcome is the first screen on the stack, and stays there: the conversation
        is pushed over it and closed back to it. (Pushing it over Textual's blank default
        screen cost about 15 ms at start: a screen more to style and lay out.)"""
        return WelcomeScreen()

    # -- memory and the garbage collector -------------------------------------------
    def set_aside(self) -> None:
        """Called once the conversation is loaded (``warm_up``) and again once the first
        question is on screen. Everything alive now (modules, the flow, the screens'
        machinery) is set aside from the garbage collector (``gc.freeze``, which costs
        nothing), so later full collections only walk what the conversation created. (Freezing after every answer as well removed most
        full collections but kept the garbage they would have freed: +3 MiB.)"""
        gc.freeze()

    def hold_collector(self) -> None:
        """An answer came: no garbage collection until the next question is drawn.
        Collections would otherwise fall inside that frame (about 1-2 ms of young ones per
        answer, now and then a 6 ms full one); they run when it is resumed, 50 ms later,
        while the person reads. The pause is never longer, however fast answers come."""
        if gc.isenabled():
            gc.disable()
            self.set_timer(GC_HOLD, gc.enable, name="gc-hold")

    def on_unmount(self) -> None:
        """The app is ending: the collector goes back to how the app found it, running
        and with nothing set aside, since a kiosk starts a fresh app in this same
        process after an error (an answer's hold may still be on, and the ended app's
        objects must be collectable)."""
        gc.unfreeze()
        gc.enable()

    def collect_all(self) -> None:
        """Between people (nobody waiting on the screen): everything is looked at again and
        whatever the last person left behind is freed; what survives (the app) is set
        aside again for the next person. Rich's cache of text widths (up to 4096 texts
        drawn lately, kept by their text: the last person's answers among them) is
        emptied first."""
        cached_cell_len.cache_clear()
        gc.unfreeze()
        gc.collect()
        self.set_aside()

    # -- the journey ---------------------------------------------------------------
    # Screen changes are not awaited here: these are called from handlers of the very
    # screens being replaced, and awaiting their removal from inside them would deadlock.
    def warm_up(self) -> None:
        """The welcome is on screen: load the conversation's modules while it is read,
        so that "I agree" does not wait for them; then set aside everything alive (see
        ``set_aside``), so that a full garbage collection falling on "I agree" walks only
        what came after (it used to cost about 12 ms of that wait)."""
        import intake_bot.tui.screens.chat  # noqa: F401

        self.read_screen_styles()
        self.set_aside()

    def read_screen_styles(self) -> None:
        """Read the other screens' stylesheets (``screens/*.tcss``, each screen's
        ``CSS_PATH``) while the welcome is read, not at start-up: the welcome shows
        sooner (about 8 ms). Textual would also read one when its screen first opens,
        re-reading every rule then. (A screen with widget kinds not shown before still
        has Textual re-read the rules when it opens: "I agree" waits about 7 ms more
        for that than when this stylesheet was part of app.tcss.)"""
        added = False
        for path in sorted(SCREEN_STYLES.glob("*.tcss")):
            if not self.stylesheet.has_source(str(path), ""):
                self.stylesheet.read(path)
                added = True
        if added:
            self.stylesheet.reparse()
            self.stylesheet.update(self)

    def start_intake(self) -> None:
        from intake_bot.session import Session
        from intake_bot.tui.screens.chat import ChatScreen

        self._close_session()
        self.session = Session(self.flow, self.language)
        self.started_at = datetime.now(UTC)
        self.push_screen(ChatScreen(self.session))  # over the welcome, which stays below

    def show_review(self) -> None:
        from intake_bot.tui.screens.review import ReviewScreen

        assert self.session is not None
        self.push_screen(ReviewScreen(self.session))

    def edit_answer(self, question_id: str) -> None:
        """From review: change one answer in the conversation, then come back."""
        if self._submitting:  # being kept already: the result is on its way
            return
        chat = self._chat_below()
        if chat is not None:
            chat.start_edit(question_id)
        self.pop_screen()  # the chat resumes and shows the question

    def leave_review(self) -> None:
        assert self.session is not None
        if self._submitting:
            return
        self.session.back()
        self.pop_screen()

    def show_result(self) -> None:
        assert self.session is not None
        result = self.session.finish()
        if self.submitter is None:
            self._show_result(self.session, result, None, True)
            return
        if self._submitting:  # "Send" pressed twice: one intake, one ticket
            return
        self._submitting = True
        if self.kiosk is not None:
            self.kiosk.idle.touch()
        self._saving_note = self.set_timer(SAVING_NOTE, self._saving_slowly, name="saving")
        # The database is never touched on the event loop: a thread keeps the intake,
        # and the result (with its ticket) shows only once it is kept.
        session, answers, started = self.session, dict(self.session.answers), self.started_at
        self.run_worker(
            lambda: self._submit(session, answers, started, result),
            thread=True,
            name="submit",
            group="submit",
        )

    def _show_result(
        self, session: Session, result: TriageResult, ticket: str | None, saved: bool
    ) -> None:
        from intake_bot.tui.screens.result import ResultScreen

        self._submitting = False
        if self._saving_note is not None:
            self._saving_note.stop()
            self._saving_note = None
        if session is not self.session:  # wiped meanwhile (idle): the intake is kept
            return
        self.pop_screen()  # the review
        self.switch_screen(
            ResultScreen(result, ticket=ticket, saved=saved)
        )  # replaces the conversation
        if self.kiosk is not None:
            self.kiosk.idle.touch()
            # Counted from now, whatever happens on screen: keys do not extend it.
            self.result_due = self.kiosk.clock() + self.kiosk.settings.result_timeout

    def _saving_slowly(self) -> None:
        from intake_bot.tui.strings import t

        self.notify(t("saving", self.language), markup=False)

    def _submit(
        self,
        session: Session,
        answers: dict[str, object],
        started: datetime | None,
        result: TriageResult,
    ) -> None:
        """In a worker thread: keep the intake with a fresh ticket code, then show the
        result (kiosk: with the ticket, or plainly that it could not be kept)."""
        from intake_bot.records import build_intake
        from intake_bot.tui.kiosk import crash_summary, log

        assert self.submitter is not None
        ticket: str | None = None
        saved = True
        try:
            from intake_bot.tickets import TicketIssuer

            issuer = self.kiosk.issuer if self.kiosk is not None else TicketIssuer(lambda _: False)
            intake = build_intake(
                self.flow,
                answers,
                result,
                ticket=issuer.issue(),
                front_door="kiosk" if self.kiosk is not None else "self",
                started_at=started,
            )
            kept = self.submitter.submit(intake)
            if self.kiosk is not None:
                ticket = (kept or intake).ticket
        except Exception as error:  # the person must be told; the kiosk goes on
            log.error("intake not submitted: %s", crash_summary(error))
            saved = False
        self.call_from_thread(self._show_result, session, result, ticket, saved)

    def start_over(self) -> None:
        """Forget this person entirely and greet the next one."""
        self._close_session()
        self._back_to_welcome()

    @property
    def welcome(self) -> WelcomeScreen:
        welcome = self.screen_stack[0]
        assert isinstance(welcome, WelcomeScreen)
        return welcome

    def _back_to_welcome(self) -> None:
        """Close every screen above the welcome (the first screen, which holds nothing
        of anyone), then, once they are gone, let the garbage collector free them."""
        closing = [self.pop_screen() for _ in range(len(self.screen_stack) - 1)]
        # Started from the app's own queue: a worker started here, inside a handler of a
        # screen being closed, would keep that screen as its context's active one.
        self.call_later(self._collect_when_closed_later, closing)

    def _collect_when_closed_later(self, closing: list[AwaitComplete]) -> None:
        self.run_worker(self._collect_when_closed(closing), name="collect", group="collect")

    async def _collect_when_closed(self, closing: list[AwaitComplete]) -> None:
        """Only a screen that nothing holds any more can be freed: once Textual has
        removed it, and the messages and callbacks still queued about it have run
        (``SETTLE``). Collected earlier (a refresh later, as it used to be), the last
        person's conversation was still held, and setting aside what survived kept it
        for good. (A worker: the handlers that close these screens must not wait for
        their removal themselves.)"""
        while closing:  # (each one let go of once done: it holds its screen)
            await closing.pop()
        await asyncio.sleep(SETTLE)
        self.collect_all()

    def _chat_below(self) -> ChatScreen | None:
        from intake_bot.tui.screens.chat import ChatScreen

        stack = self.screen_stack
        return stack[-2] if len(stack) >= 2 and isinstance(stack[-2], ChatScreen) else None

    def wipe(self) -> None:
        """Forget the person on screen: answers, screens, language, what the widgets
        and the clipboard hold of their text. Back to welcome."""
        for screen in self.screen_stack:
            forget = getattr(screen, "forget", None)
            if forget is not None:
                forget()
        if self.clipboard:  # (text cut from the reply box; also the terminal's, OSC 52)
            self.copy_to_clipboard("")
        self._close_session()
        self.language = self.start_language
        self.title = self.flow.text(self.flow.title, self.language)
        localize_bindings(self, self.language)
        self.clear_notifications()
        if self.screen is self.welcome:  # (uncovered, it follows the language itself)
            self.call_later(self.welcome.follow_language)
        self._back_to_welcome()
        self.call_after_refresh(self._check_size)
        if self.kiosk is not None:
            self.kiosk.idle.touch()

    def _close_session(self) -> None:
        self.result_due = None
        if self.session is not None:
            self.session.close()
            self.session = None

    # -- kiosk: time-outs, staff exit, never dying ---------------------------------
    async def on_event(self, event: events.Event) -> None:
        if self.kiosk is not None and isinstance(
            event,
            events.Key
            | events.MouseDown
            | events.MouseScrollDown
            | events.MouseScrollUp
            | events.Paste,
        ):
            from intake_bot.tui.screens.still_there import StillThereScreen

            # "Are you still there?" is answered by its button only (see _still_here).
            if not isinstance(self.screen, StillThereScreen):
                self.kiosk.idle.touch()
        await super().on_event(event)

    def _kiosk_tick(self) -> None:
        from intake_bot.tui.screens.pin import PinScreen
        from intake_bot.tui.screens.result import ResultScreen
        from intake_bot.tui.screens.still_there import StillThereScreen

        assert self.kiosk is not None
        idle, screen = self.kiosk.idle, self.screen
        if any(isinstance(s, ResultScreen) for s in self.screen_stack):
            # (under help or the PIN prompt too: the result goes when it is due)
            if self.result_due is None or self.kiosk.clock() >= self.result_due:
                self.wipe()
            return
        if self.session is None and self.language == self.start_language:
            return  # welcome: nobody's data on screen
        if idle.expired():
            self.wipe()
        elif idle.warning_due():
            seconds = int(idle.seconds_left() + 0.999)
            if isinstance(screen, StillThereScreen):
                screen.show_seconds(seconds)
            elif not isinstance(screen, PinScreen | TooSmallScreen):
                self.push_screen(StillThereScreen(self.language, seconds), self._still_here)

    def _still_here(self, here: bool | None) -> None:
        """The person pressed "Yes, I'm here": the idle time starts again."""
        if here and self.kiosk is not None:
            self.kiosk.idle.touch()

    def action_leave(self) -> None:
        if self.kiosk is None:
            self.exit()

    def action_nothing(self) -> None:
        """Suspend keys do nothing: a terminal app must not drop anyone to a shell."""

    def action_staff(self) -> None:
        from intake_bot.tui.kiosk import log
        from intake_bot.tui.screens.pin import PinScreen

        if self.kiosk is None or isinstance(self.screen, PinScreen):
            return

        def unlocked(ok: bool | None) -> None:
            if ok:
                self.staff_exit = True
                log.info("kiosk closed by staff")
                self._close_session()
                self.exit()

        self.push_screen(PinScreen(self.kiosk.guard, self.language), unlocked)

    def _handle_exception(self, error: Exception) -> None:
        if self.kiosk is None:
            super()._handle_exception(error)
            return
        # Never a traceback on a patient's screen, nor a word of their answers in the log:
        # note where it broke and start over (the caller runs a fresh app).
        from intake_bot.tui.kiosk import crash_summary, log

        self.kiosk.crashes += 1
        log.error("kiosk restarted after an error: %s", crash_summary(error))
        self._close_session()
        self._return_code = RESTART
        self.exit(return_code=RESTART)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._check_size)

    def _screen_changed(self, screen: object) -> None:
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

        if action in ("help", "switch_language", "staff") and isinstance(
            self.screen, TooSmallScreen
        ):
            return False
        still_there = isinstance(self.screen, StillThereScreen)
        return not (still_there and action in ("help", "switch_language"))

    # -- actions available everywhere --------------------------------------------
    def action_help(self) -> None:
        from intake_bot.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.language))

    async def set_language(self, language: str) -> None:
        if language not in self.flow.languages or language == self.language:
            return
        self.language = language
        self.title = self.flow.text(self.flow.title, language)
        localize_bindings(self, language)
        for screen in self.screen_stack:
            localize_bindings(screen, language)
        if self.session is not None:
            self.session.set_language(language)
        for screen in self.screen_stack:
            relabel = getattr(screen, "relabel", None)
            if relabel is not None:
                await relabel()

    async def action_switch_language(self) -> None:
        languages = self.flow.languages
        await self.set_language(languages[(languages.index(self.language) + 1) % len(languages)])

    def action_toggle_contrast(self) -> None:
        self.theme = STANDARD_THEME if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name
