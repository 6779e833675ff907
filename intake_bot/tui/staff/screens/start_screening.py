"""Before a staff screening: the patient's language and an optional patient reference."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, RadioButton, RadioSet, Static

from intake_bot.tui.screens.welcome import LANGUAGE_NAMES


class StartScreeningScreen(ModalScreen[tuple[str, str | None] | None]):
    """Dismissed with (language, patient reference or None) on Enter, or None (Escape)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, languages: tuple[str, ...] | list[str], language: str) -> None:
        super().__init__()
        self.languages = list(languages)
        self.language = language

    def compose(self) -> ComposeResult:
        with Vertical(id="start-screening", classes="dialog"):
            yield Static(Text("Screen a patient (by phone or at the desk)"), classes="dialog-title")
            yield Static(Text("The patient's language (arrows, Space):"))
            with RadioSet(id="language"):
                for code in self.languages:
                    yield RadioButton(
                        LANGUAGE_NAMES.get(code, code),
                        value=code == self.language,
                        id=f"lang-{code}",
                    )
            yield Static(Text("Patient reference (optional), then Enter to start:"))
            yield Input(
                placeholder="e.g. the clinic's record number", id="patient-ref", max_length=200
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#patient-ref", Input).focus()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.language = (event.pressed.id or "").removeprefix("lang-") or self.language

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss((self.language, " ".join(event.value.split()) or None))

    def action_cancel(self) -> None:
        self.dismiss(None)
