"""Staff PIN prompt: the only way out of kiosk mode."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from intake_bot.pin import PinGuard
from intake_bot.tui.strings import t

if TYPE_CHECKING:
    from intake_bot.tui.app import IntakeApp


class PinScreen(ModalScreen[bool]):
    """Dismissed with True when the staff PIN is right."""

    #: (beside this file, for subclasses too; read early: IntakeApp.read_screen_styles)
    CSS_PATH = Path(__file__).with_name("kiosk.tcss")

    BINDINGS = [Binding("escape", "dismiss(False)", "Close")]

    app: IntakeApp

    def __init__(self, guard: PinGuard, language: str) -> None:
        super().__init__()
        self.guard = guard
        self.language = language

    def compose(self) -> ComposeResult:
        with Vertical(id="pin"):
            yield Static(Content(t("staff_pin", self.language)), id="pin-title")
            yield Input(password=True, id="pin-input", max_length=12, restrict=r"[0-9]*")
            yield Static("", id="pin-message", markup=False)

    def on_mount(self) -> None:
        self.query_one("#pin-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        wait = self.guard.wait_left()
        if wait > 0:
            event.input.value = ""
            self._say(t("pin_wait", self.language, seconds=math.ceil(wait)))
            return
        event.input.disabled = True
        self._check(event.value)

    @work(thread=True, exclusive=True)
    def _check(self, pin: str) -> None:
        """scrypt takes a moment: off the event loop."""
        ok = self.guard.attempt(pin)
        self.app.call_from_thread(self._checked, ok)

    def _checked(self, ok: bool) -> None:
        if ok:
            self.dismiss(True)
            return
        box = self.query_one("#pin-input", Input)
        box.value = ""
        box.disabled = False
        box.focus()
        wait = self.guard.wait_left()
        self._say(
            t("pin_wrong_wait", self.language, seconds=math.ceil(wait))
            if wait
            else t("pin_wrong", self.language)
        )

    def _say(self, text: str) -> None:
        self.query_one("#pin-message", Static).update(Content(text))
