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

from intake_bot.catalog import say
from intake_bot.pin import MAX_LENGTH, MIN_LENGTH, PinGuard, valid_pin

if TYPE_CHECKING:
    from intake_bot.tui.app import IntakeApp


class PinScreen(ModalScreen[bool]):
    """Dismissed with True when the staff PIN is right. The box takes what ``valid_pin``
    allows (ASCII digits, at most 12); an entry shorter than a PIN is not a try. A PIN
    that cannot be checked at all (a broken setting) says so and ends nothing."""

    CSS_PATH = Path(__file__).with_name("kiosk.tcss")

    BINDINGS = [Binding("escape", "dismiss(False)", "Close")]

    app: IntakeApp

    def __init__(self, guard: PinGuard, language: str) -> None:
        super().__init__()
        self.guard = guard
        self.language = language

    def compose(self) -> ComposeResult:
        with Vertical(id="pin"):
            yield Static(Content(say("staff_pin", self.language)), id="pin-title")
            yield Input(password=True, id="pin-input", max_length=MAX_LENGTH, restrict=r"[0-9]*")
            yield Static("", id="pin-message", markup=False)

    def on_mount(self) -> None:
        self.query_one("#pin-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        pin = event.value
        event.input.value = ""
        wait = self.guard.wait_left()
        if wait > 0:
            self._tell(say("pin_wait", self.language, seconds=math.ceil(wait)))
            return
        if not valid_pin(pin):  # (empty, or too short to be a PIN): not a try
            self._tell(say("pin_rule", self.language, low=MIN_LENGTH, high=MAX_LENGTH))
            return
        event.input.disabled = True
        self._check(pin)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _check(self, pin: str) -> None:
        """scrypt takes a moment: off the event loop. A check that fails (not a wrong
        PIN: a hash it cannot use) is logged, without the PIN, and said on screen."""
        from intake_bot.kiosk.log import crash_summary, log

        try:
            ok = self.guard.attempt(pin)
        except Exception as error:
            log.error("the staff PIN could not be checked: %s", crash_summary(error))
            self.app.call_from_thread(self._tell, say("pin_broken", self.language))
            return
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
        self._tell(
            say("pin_wrong_wait", self.language, seconds=math.ceil(wait))
            if wait
            else say("pin_wrong", self.language)
        )

    def _tell(self, text: str) -> None:
        self.query_one("#pin-message", Static).update(Content(text))
