"""Help: how to answer, go back and change answers; the keys."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from intake_bot.tui.bindings import localize_bindings
from intake_bot.tui.strings import t


class HelpScreen(ModalScreen[None]):
    #: (beside this file, for subclasses too; read early: IntakeApp.read_screen_styles)
    CSS_PATH = Path(__file__).with_name("help.tcss")
    BINDINGS = [
        Binding("escape,f1", "dismiss", "Close"),
        Binding("f2", "app.switch_language", "Language"),
    ]

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Static(Content(t("help_title", self.language)), id="help-title")
            with VerticalScroll(id="help-scroll"):  # a small screen scrolls it; Close shows
                yield Static(Content(t("help_text", self.language)), id="help-text")
            yield Button(t("close", self.language), id="close", variant="primary")

    def on_mount(self) -> None:
        localize_bindings(self, self.language)
        self.query_one("#close", Button).focus()

    def on_button_pressed(self) -> None:
        self.dismiss()

    async def relabel(self) -> None:
        self.language = self.app.language
        localize_bindings(self, self.language)
        await self.recompose()
        self.query_one("#close", Button).focus()
