"""The intake app: welcome -> conversation -> review -> result, for one person at a time."""

from __future__ import annotations

import gc

from textual.app import App
from textual.binding import Binding
from textual.theme import Theme

from intake_bot.flow.model import Flow
from intake_bot.session import Session
from intake_bot.tui.bindings import localize_bindings
from intake_bot.tui.screens.chat import ChatScreen
from intake_bot.tui.screens.help import HelpScreen
from intake_bot.tui.screens.result import ResultScreen
from intake_bot.tui.screens.review import ReviewScreen
from intake_bot.tui.screens.welcome import WelcomeScreen

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


class IntakeApp(App[None]):
    """Renders one session at a time; the session decides what is asked and the triage."""

    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("f2", "switch_language", "Language"),
        Binding("f3", "toggle_contrast", "Contrast"),
    ]

    def __init__(self, flow: Flow, language: str | None = None, *, can_leave: bool = True) -> None:
        super().__init__()
        self.flow = flow
        self.language = language if language in flow.languages else flow.languages[0]
        self.can_leave = can_leave
        self.session: Session | None = None

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        self.theme = STANDARD_THEME
        self.title = self.flow.text(self.flow.title, self.language)
        localize_bindings(self, self.language)
        self.push_screen(WelcomeScreen())
        self.call_after_refresh(self._settle_memory)

    def _settle_memory(self) -> None:
        """Collect now, between people, and set what is left aside (modules, the flow,
        the screens' machinery): later full collections, which pause the screen, then
        only walk what one conversation created."""
        gc.collect()
        gc.freeze()

    # -- the journey ---------------------------------------------------------------
    # Screen changes are not awaited here: these are called from handlers of the very
    # screens being replaced, and awaiting their removal from inside them would deadlock.
    def start_intake(self) -> None:
        self._close_session()
        self.session = Session(self.flow, self.language)
        self.switch_screen(ChatScreen(self.session))

    def show_review(self) -> None:
        assert self.session is not None
        self.push_screen(ReviewScreen(self.session))

    def edit_answer(self, question_id: str) -> None:
        """From review: change one answer in the conversation, then come back."""
        chat = self._chat_below()
        if chat is not None:
            chat.start_edit(question_id)
        self.pop_screen()  # the chat resumes and shows the question

    def leave_review(self) -> None:
        assert self.session is not None
        self.session.back()
        self.pop_screen()

    def show_result(self) -> None:
        assert self.session is not None
        result = self.session.finish()
        self.pop_screen()  # the review
        self.switch_screen(ResultScreen(result))  # replaces the conversation

    def start_over(self) -> None:
        """Forget this person entirely and greet the next one."""
        self._close_session()
        self.switch_screen(WelcomeScreen())
        self.call_after_refresh(gc.collect)

    def _chat_below(self) -> ChatScreen | None:
        stack = self.screen_stack
        return stack[-2] if len(stack) >= 2 and isinstance(stack[-2], ChatScreen) else None

    def _close_session(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None

    # -- actions available everywhere --------------------------------------------
    def action_help(self) -> None:
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
