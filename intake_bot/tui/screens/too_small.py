"""Shown over everything while the terminal is too small to use."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from intake_bot.catalog import say

MIN_WIDTH, MIN_HEIGHT = 60, 18


class TooSmallScreen(ModalScreen[None]):
    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def compose(self) -> ComposeResult:
        yield Static(Content(say("too_small", self.language)), id="too-small")
