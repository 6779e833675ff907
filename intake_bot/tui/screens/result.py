"""The result: the outcome in plain words, why, what happens next, the disclaimer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Static

from intake_bot.catalog import say
from intake_bot.engine.triage import TriageResult
from intake_bot.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from intake_bot.engine.session import Session
    from intake_bot.tui.app import IntakeApp


class ResultScreen(Screen[str]):
    """Dismissed with "again" or "quit". Given the ``session``, it follows a change of
    language: the session's triage again, the same outcome in other words. At home,
    with somewhere to save (``app.saver``), *Save my summary* posts ``SaveAsked``; the
    app answers with ``show_saved``."""

    CSS_PATH = Path(__file__).with_name("result.tcss")
    # The focus opens on the result (see on_mount); the key bar says how to go on.
    BINDINGS = [Binding("tab", "focus_buttons", "To the buttons")]

    app: IntakeApp

    class SaveAsked(Message):
        """The person at home asked to save their summary."""

        def __init__(self, screen: ResultScreen) -> None:
            super().__init__()
            self.screen = screen

    def __init__(
        self,
        result: TriageResult,
        *,
        ticket: str | None = None,
        saved: bool = True,
        session: Session | None = None,
    ) -> None:
        super().__init__()
        self.result = result
        self.ticket = ticket
        self.saved = saved
        self.session = session
        self.saving = False

    def compose(self) -> ComposeResult:
        result, language = self.result, self.result.language
        with VerticalScroll(
            id="result", classes=f"outcome-{result.outcome} severity-{result.severity}"
        ):
            door = self.app.front_door
            if door == "kiosk" and self.ticket is not None:
                yield Static(Content(say("ticket", language)), classes="heading")
                yield Static(Content(" ".join(self.ticket)), id="ticket")
                yield Static(Content(say("ticket_help", language)), id="ticket-help")
            elif not self.saved:  # at home there are no staff to tell
                key = "not_saved" if door == "kiosk" else "not_saved_self"
                yield Static(Content(say(key, language)), id="not-saved")
            yield Static(Content(result.title), id="outcome-title")
            yield Static(Content(result.text), id="outcome-text")
            if result.shown_rules:
                yield Static(Content(say("why", language)), classes="heading")
                for rule in result.shown_rules:
                    with Horizontal(classes="reason-row"):
                        yield Static("•", classes="bullet")
                        yield Static(Content(rule.reason), classes="reason")
            if result.next_steps:
                yield Static(Content(say("next_steps", language)), classes="heading")
                yield Static(Content(result.next_steps), id="next-steps")
            yield Static(Content(result.disclaimer), id="disclaimer")
            at_home = door == "self" and self.app.saver is not None
            if at_home and self.ticket is not None:
                yield Static(Content(self._saved_words()), id="saved")
            with Horizontal(id="result-buttons"):
                yield Button(say("start_again", language), id="again", variant="primary")
                if self.app.can_leave:
                    yield Button(say("quit", language), id="quit")
                if at_home and self.ticket is None:  # last: Tab, Enter still starts again
                    yield Button(
                        say("saving_now" if self.saving else "save_summary", language),
                        id="save",
                        disabled=self.saving,
                    )
        yield KeyBar()

    def on_mount(self) -> None:
        # The outcome first, and no accidental "start again" from a key pressed twice:
        # the focus is on the result itself (arrows scroll it); Tab reaches the buttons.
        self.query_one("#result").focus(scroll_visible=False)
        self.app.language_signal.subscribe(self, lambda _: self.call_next(self._relabel))

    def on_unmount(self) -> None:
        # (the signal holds what it calls: let go, or this screen is never freed)
        self.app.language_signal.unsubscribe(self)

    async def _relabel(self) -> None:
        if self.session is not None:
            self.result = self.session.triage()
            await self.recompose()
            self.query_one("#result").focus(scroll_visible=False)

    def action_focus_buttons(self) -> None:
        """Tab: the first button, then the next one, round again."""
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.saving = True
            # The focus to the result first: a disabled button hands it on (to Start
            # again, the next one round), and an Enter pressed while waiting would then
            # wipe the result.
            self.query_one("#result").focus(scroll_visible=False)
            event.button.disabled = True
            event.button.label = say("saving_now", self.result.language)
            self.post_message(self.SaveAsked(self))
            return
        self.dismiss(event.button.id)

    async def show_saved(self, ticket: str | None) -> None:
        """The summary was saved as ``ticket``, or could not be (None)."""
        if not self.is_attached:  # the person went on meanwhile: it is saved all the same
            return
        self.saving = False
        self.ticket, self.saved = ticket, ticket is not None
        await self.recompose()
        # Saved: the focus back on the result (an Enter pressed again while waiting
        # must not start again and lose the code); not saved: on the button, to retry.
        self.query_one("#result" if ticket is not None else "#save").focus(scroll_visible=False)
        self.query_one("#saved" if ticket is not None else "#not-saved").scroll_visible(
            animate=False
        )

    def _saved_words(self) -> str:
        assert self.ticket is not None
        saver = self.app.saver
        assert saver is not None
        return say(
            "saved_self",
            self.result.language,
            ticket=self.ticket,
            where=saver.where or "",
            command=saver.read_again(self.ticket),
        )
