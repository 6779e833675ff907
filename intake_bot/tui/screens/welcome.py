"""Welcome: what this is, the language, and consent to go on (or leave)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from intake_bot.tui.strings import t
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
    over it, and the next person finds it again (in the app's language then)."""

    app: IntakeApp

    def __init__(self) -> None:
        super().__init__()
        self._composed_in: str | None = None  # the language of the texts on it

    def compose(self) -> ComposeResult:
        flow, language = self.app.flow, self.app.language
        self._composed_in = language
        with VerticalScroll(id="welcome"):
            yield Static(Content(flow.text(flow.title, language)), id="welcome-title")
            yield Static(Content(flow.text(flow.welcome, language)), id="welcome-text")
            consent = flow.consent_for(self.app.front_door, language)
            yield Static(Content(consent), id="consent")
            yield Static(Content(flow.text(flow.disclaimer, language)), id="welcome-disclaimer")
            if len(flow.languages) > 1:
                with Horizontal(id="languages"):
                    yield Static(Content(f"{t('language', language)}:"), classes="label")
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
                yield Button(t("agree", language), id="agree", variant="success")
                if self.app.can_leave:
                    yield Button(t("leave", language), id="leave", variant="default")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#agree", Button).focus(scroll_visible=False)
        # Once the welcome is drawn and being read (not in the frames that draw it).
        self.set_timer(WARM_UP_AFTER, self.app.warm_up)

    async def on_screen_resume(self) -> None:
        """Uncovered (the next person, or back from help): the focus comes back where it
        was, and the words follow the app's language."""
        await self.follow_language()

    async def follow_language(self) -> None:
        """In the app's language (composed again, with the focus on "I agree", if that
        changed since it was composed: F2 in the conversation, or a kiosk wipe)."""
        if self._composed_in != self.app.language:
            await self.relabel()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button == "agree":
            self.app.start_intake()
        elif button == "leave":
            self.app.exit()
        elif button.startswith("lang-"):
            await self.app.set_language(button.removeprefix("lang-"))

    async def relabel(self) -> None:
        await self.recompose()
        self.query_one("#agree", Button).focus(scroll_visible=False)
