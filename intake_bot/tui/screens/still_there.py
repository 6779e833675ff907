"""'Are you still there?': a countdown before an idle session is wiped."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from intake_bot.catalog import say


class StillThereScreen(ModalScreen[bool]):
    """Dismissed with True by its button only (a click, or Enter or Space on it): any
    other key or click does nothing, and it hides the answers beneath it (opaque)."""

    CSS_PATH = Path(__file__).with_name("kiosk.tcss")

    def __init__(self, language: str, seconds: int) -> None:
        super().__init__()
        self.language = language
        self.seconds = seconds

    def compose(self) -> ComposeResult:
        with Vertical(id="still-there"):
            yield Static(Content(say("still_there", self.language)), id="still-there-title")
            yield Static(Content(self._countdown()), id="countdown")
            yield Button(say("still_here", self.language), id="still-here", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#still-here", Button).focus()

    def _countdown(self) -> str:
        return say("wipe_in", self.language, seconds=max(0, self.seconds))

    def show_seconds(self, seconds: int) -> None:
        self.seconds = seconds
        self.query_one("#countdown", Static).update(Content(self._countdown()))

    def on_button_pressed(self) -> None:
        self.dismiss(True)
