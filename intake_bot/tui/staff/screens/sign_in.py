"""Sign in (and sign in again when the console has locked itself): name, then passphrase."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from intake_bot.errors import StoreError

if TYPE_CHECKING:
    from intake_bot.tui.staff.app import StaffApp


class SignInScreen(Screen[str]):
    """Dismissed with the account's name once the passphrase is right. Opaque: while it
    is up nothing of any patient shows (the lock is this screen)."""

    BINDINGS = [Binding("ctrl+q", "app.leave", "Quit", priority=True)]

    app: StaffApp

    def __init__(self, *, locked_for: str | None = None) -> None:
        super().__init__()
        self.locked_for = locked_for
        self.checking = False

    def compose(self) -> ComposeResult:
        with Vertical(id="sign-in"):
            title = "Locked" if self.locked_for else "Staff console"
            yield Static(Text(title), id="sign-in-title")
            hint = (
                "The console is locked (Ctrl+L, or a while untouched). Sign in again."
                if self.locked_for
                else "Sign in with your staff account."
            )
            yield Static(Text(hint), id="sign-in-hint")
            yield Input(value=self.locked_for or "", placeholder="Name", id="name", max_length=100)
            yield Input(placeholder="Passphrase", password=True, id="passphrase", max_length=256)
            yield Static(Text(""), id="sign-in-message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#passphrase" if self.locked_for else "#name", Input).focus()

    def say(self, text: str) -> None:
        self.query_one("#sign-in-message", Static).update(Text(text))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "name":
            self.query_one("#passphrase", Input).focus()
        else:
            self.attempt()

    def attempt(self) -> None:
        if self.checking:
            return
        name = self.query_one("#name", Input).value
        passphrase = self.query_one("#passphrase", Input).value
        if not name.strip():
            self.query_one("#name", Input).focus()
            self.say("Type your name first.")
            return
        wait = self.app.desk.guard.wait_left()
        if wait > 0:
            self.say(f"Too many wrong tries: wait {int(wait + 0.999)} s, then try again.")
            return
        self.checking = True
        self.say("Checking...")
        desk = self.app.desk

        def check() -> None:
            try:
                who = desk.sign_in(name, passphrase)
            except StoreError as error:
                self.app.call_from_thread(self._failed, f"Cannot sign in: {error}")
                return
            self.app.call_from_thread(self._checked, who)

        self.run_worker(check, thread=True, group="sign-in", name="sign-in")

    def _failed(self, message: str) -> None:
        self.checking = False
        self.say(message)

    def _checked(self, who: str | None) -> None:
        self.checking = False
        passphrase = self.query_one("#passphrase", Input)
        passphrase.value = ""
        if who is not None:
            self.app.signed_in(who)
            self.dismiss(who)
            return
        passphrase.focus()
        wait = self.app.desk.guard.wait_left()
        self.say(
            "Wrong name or passphrase."
            + (f" Too many wrong tries: wait {int(wait + 0.999)} s." if wait > 0 else "")
        )
