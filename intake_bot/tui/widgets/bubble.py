"""One message of the conversation. Its text is always literal, never markup."""

from __future__ import annotations

from typing import Literal

from textual.binding import Binding
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widgets import Static

Role = Literal["bot", "person", "note"]


class Bubble(Static):
    """A bot question, a note from the bot, or the person's answer.

    The person's answers are focusable: Enter or a click asks to change that answer.
    """

    BINDINGS = [Binding("enter", "edit", "Change this answer", show=False)]

    class EditRequested(Message):
        """The person wants to change their answer to ``question_id``."""

        def __init__(self, question_id: str) -> None:
            self.question_id = question_id
            super().__init__()

    def __init__(
        self, text: str, role: Role, question_id: str | None = None, hint: str | None = None
    ) -> None:
        body = Content(text)
        if hint:
            body = Content.assemble(body, "\n", Content(hint).stylize("dim italic"))
        super().__init__(body, classes=role)
        self.question_id = question_id
        self.can_focus = role == "person"
        self.role = role

    def action_edit(self) -> None:
        if self.question_id is not None:
            self.post_message(self.EditRequested(self.question_id))

    def on_click(self, event: Click) -> None:
        event.stop()
        self.action_edit()
