"""Help: how to answer, go back and change answers; the keys."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from intake_bot.catalog import say

if TYPE_CHECKING:
    from intake_bot.tui.app import IntakeApp


class HelpScreen(ModalScreen[None]):
    """In the app's language, following it when it changes."""

    CSS_PATH = Path(__file__).with_name("help.tcss")
    BINDINGS = [
        Binding("escape,f1", "dismiss", "Close"),
        Binding("f2", "app.switch_language", "Language"),
    ]

    app: IntakeApp

    def compose(self) -> ComposeResult:
        language = self.app.language
        with Vertical(id="help"):
            yield Static(Content(say("help_title", language)), id="help-title")
            with VerticalScroll(id="help-scroll"):  # a small screen scrolls it; Close shows
                yield Static(Content(say("help_text", language)), id="help-text")
            yield Button(say("close", language), id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()
        self.app.language_signal.subscribe(self, lambda _: self.call_next(self._relabel))

    def on_unmount(self) -> None:
        # (the signal holds what it calls: let go, or this screen is never freed)
        self.app.language_signal.unsubscribe(self)

    def on_button_pressed(self) -> None:
        self.dismiss()

    async def _relabel(self) -> None:
        if not self.is_attached:  # closed before the change of language reached it
            return
        await self.recompose()
        for close in self.query("#close").results(Button):  # (none if closed meanwhile)
            close.focus()
