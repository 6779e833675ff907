"""Welcome: what this is, the language, and consent to go on (or leave)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Static

from intake_bot.catalog import say
from intake_bot.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from intake_bot.tui.app import IntakeApp

WARM_UP_AFTER = 0.3  # seconds after the welcome is mounted (see IntakeApp.warm_up)

LANGUAGE_NAMES = {
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "de": "Deutsch",
    "pt": "Português",
}


class WelcomeScreen(Screen[None]):
    """The app's first screen, kept at the bottom of the stack: the conversation opens
    over it. Posts ``Agreed``; a language button sets the app's language; it follows
    the app's language whenever that changes."""

    app: IntakeApp

    class Agreed(Message):
        """The person agreed to go on."""

    def compose(self) -> ComposeResult:
        app = self.app
        flow, language = app.flow, app.language
        with VerticalScroll(id="welcome"):
            yield Static(Content(flow.text(flow.title, language)), id="welcome-title")
            yield Static(Content(flow.text(flow.welcome, language)), id="welcome-text")
            consent = flow.consent_for(app.consent_key, language)
            yield Static(Content(consent), id="consent")
            yield Static(Content(flow.text(flow.disclaimer, language)), id="welcome-disclaimer")
            if len(flow.languages) > 1:
                with Horizontal(id="languages"):
                    yield Static(Content(f"{say('language', language)}:"), classes="label")
                    for code in flow.languages:
                        name = LANGUAGE_NAMES.get(code, code)
                        # The language in use says so in words (a tick), not by a look
                        # alone: the focused button has a look of its own.
                        current = code == language
                        yield Button(
                            Content(f"✓ {name}" if current else name),
                            id=f"lang-{code}",
                            classes="language" + (" -current" if current else ""),
                        )
            with Horizontal(id="consent-buttons"):
                yield Button(say("agree", language), id="agree", variant="success")
                if app.can_leave:
                    yield Button(say("leave", language), id="leave", variant="default")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#agree", Button).focus(scroll_visible=False)
        self.app.language_signal.subscribe(self, self._relabel)
        self.set_timer(WARM_UP_AFTER, self.app.warm_up)

    def on_unmount(self) -> None:
        # (the signal holds what it calls: let go, or this screen is never freed)
        self.app.language_signal.unsubscribe(self)

    async def _relabel(self, language: str) -> None:
        await self.recompose()
        self.query_one("#agree", Button).focus(scroll_visible=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button == "agree":
            self.post_message(self.Agreed())
        elif button == "leave":
            self.app.exit()
        elif button.startswith("lang-"):
            self.app.language = button.removeprefix("lang-")
