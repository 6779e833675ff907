"""Add a note to an intake (kept with who and when)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from intake_bot.staff import NOTE_MAX


class NoteScreen(ModalScreen[str | None]):
    """Dismissed with the note's text (Enter), or None (Escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, ticket: str) -> None:
        super().__init__()
        self.ticket = ticket

    def compose(self) -> ComposeResult:
        with Vertical(id="note", classes="dialog"):
            yield Static(Text(f"Note on {self.ticket} (Enter keeps it, Escape cancels)"))
            yield Input(placeholder="The note", id="note-text", max_length=NOTE_MAX)
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
