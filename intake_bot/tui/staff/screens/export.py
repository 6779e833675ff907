"""Export one intake: the staff member picks text or FHIR and a file name in their
private exports folder (made 0700), never the folder the console was started in; the
Desk writes it (a new 0600 file, the account checked, audited)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, RadioButton, RadioSet, Static

from intake_bot.staff import EXPORT_FORMATS
from intake_bot.terminal import visible


def free_name(folder: Path, ticket: str, suffix: str) -> Path:
    """``folder/TICKET.txt``, or ``TICKET-2.txt``... when that one is taken."""
    path = folder / f"{ticket}{suffix}"
    number = 2
    while path.exists() or path.is_symlink():
        path = folder / f"{ticket}-{number}{suffix}"
        number += 1
    return path


class ExportScreen(ModalScreen[tuple[str, Path] | None]):
    """Dismissed with (format, file) on Enter in the file box, or None (Escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, ticket: str, folder: Path) -> None:
        super().__init__()
        self.ticket = ticket
        self.folder = folder
        self.format = "text"

    def _path(self) -> str:
        return str(free_name(self.folder, self.ticket, EXPORT_FORMATS[self.format]))

    def compose(self) -> ComposeResult:
        with Vertical(id="export", classes="dialog"):
            yield Static(
                Text(f"Export {self.ticket}: choose the format, then Enter in the file box")
            )
            yield Static(
                Text(visible(f"Your private exports folder (only you can read it): {self.folder}")),
                id="export-folder",
            )
            with RadioSet(id="format"):
                yield RadioButton("Text summary", value=True, id="text")
                yield RadioButton("FHIR R4 (Bundle)", id="fhir")
            yield Input(value=self._path(), id="export-path")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.format = event.pressed.id or "text"
        self.query_one("#export-path", Input).value = self._path()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss((self.format, Path(event.value.strip())))

    def action_cancel(self) -> None:
        self.dismiss(None)
