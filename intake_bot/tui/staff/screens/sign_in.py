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
    from intake_bot.staff import SignInResult
    from intake_bot.tui.staff.app import StaffApp


class SignInScreen(Screen[str]):
    """Dismissed with the account's name once the passphrase is right. Opaque: while it
    is up nothing of any patient shows (the lock is this screen)."""

    BINDINGS = [Binding("ctrl+q", "app.leave", "Quit", priority=True)]

    app: StaffApp

    def __init__(self, *, locked_for: str | None = None, reason: str | None = None) -> None:
        """``locked_for``: the name of who was signed in (the idle lock, Ctrl+L);
        ``reason``: why the console locked when it was not asked to (an account removed)."""
        super().__init__()
        self.locked_for = locked_for
        self.reason = reason
        self.checking = False

    def compose(self) -> ComposeResult:
        with Vertical(id="sign-in"):
            title = "Locked" if self.locked_for or self.reason else "Staff console"
            yield Static(Text(title), id="sign-in-title")
            hint = (
                self.reason
                or (self.locked_for and "The console is locked (Ctrl+L, or a while untouched).")
                or "Sign in with your staff account."
            )
            if self.locked_for or self.reason:
                hint += " Sign in again."
            yield Static(Text(hint), id="sign-in-hint")
            yield Input(value=self.locked_for or "", placeholder="Name", id="name", max_length=100)
            yield Input(placeholder="Passphrase", password=True, id="passphrase", max_length=256)
            yield Static(Text(""), id="sign-in-message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#passphrase" if self.locked_for else "#name", Input).focus()

    def explain(self, reason: str) -> None:
        """The console locked for ``reason`` while this screen was already up."""
        self.reason = reason
        self.query_one("#sign-in-hint", Static).update(Text(f"{reason} Sign in again."))

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
        self.checking = True
        self.say("Checking...")
        desk = self.app.desk

        def check() -> None:
            # (the wrong tries are counted in the database, per name: read there too)
            try:
                result = desk.attempt(name, passphrase)
            except StoreError as error:
                self.app.call_from_thread(self._failed, f"Cannot sign in: {error}")
                return
            self.app.call_from_thread(self._checked, result)

        self.run_worker(check, thread=True, group="sign-in", name="sign-in")

    def _failed(self, message: str) -> None:
        self.checking = False
        self.say(message)

    def _checked(self, result: SignInResult) -> None:
        self.checking = False
        passphrase = self.query_one("#passphrase", Input)
        passphrase.value = ""
        who, wait = result.who, result.wait
        if who is not None:
            self.app.signed_in(who)
            self.dismiss(who)
            return
        passphrase.focus()
        if not result.checked:
            self.say(f"Too many wrong tries: wait {int(wait + 0.999)} s, then try again.")
            return
        self.say(
            "Wrong name or passphrase."
            + (f" Too many wrong tries: wait {int(wait + 0.999)} s." if wait > 0 else "")
        )
