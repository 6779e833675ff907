"""Where the person answers the current question: a list to choose from (one or
several), and a box to type a reply in. It reports upward with messages and decides
nothing: the screen hands the answer to the session."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.widgets import Button, Input, OptionList, SelectionList
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from intake_bot.flow.model import Flow, Question
from intake_bot.tui.strings import t


class AnswerPanel(Vertical):
    """Choices (or a number field) and a free-text reply box for one question."""

    class Chosen(Message):
        """An answer picked from the list (a value, or a tuple of values)."""

        def __init__(self, value: Any) -> None:
            self.value = value
            super().__init__()

    class Typed(Message):
        """A reply typed in the box, to be understood by ``replies``."""

        def __init__(self, text: str) -> None:
            self.text = text
            super().__init__()

    class BackPressed(Message):
        """The person wants the previous question."""

    def __init__(
        self, flow: Flow, question: Question, current: Any, language: str, can_go_back: bool
    ) -> None:
        super().__init__(id="answer-panel")
        self.flow = flow
        self.question = question
        self.current = current
        self.language = language
        self.can_go_back = can_go_back

    def compose(self) -> ComposeResult:
        question, language = self.question, self.language
        values = question.option_values
        if question.type in ("choice", "yes_no"):
            options = [
                Option(
                    Content(f"{i}. {self.flow.option_text(question, value, language)}"), id=value
                )
                for i, value in enumerate(values, 1)
            ]
            choices = OptionList(*options, id="choices")
            if self.current in values:
                choices.highlighted = values.index(self.current)
            yield choices
        elif question.type == "multi":
            chosen = set(self.current or ())
            yield SelectionList[str](
                *(
                    Selection(
                        Content(self.flow.option_text(question, value, language)),
                        value,
                        value in chosen,
                    )
                    for value in values
                ),
                id="choices",
            )
        placeholder = {
            "number": t("type_number", language),
            "text": t("type_text", language),
        }.get(question.type, t("type_reply", language))
        value = ""
        if question.type in ("number", "text") and self.current is not None:
            value = str(self.current)
        with Horizontal(id="reply-row"):
            yield Input(value=value, placeholder=placeholder, id="reply")
            if question.type == "multi":
                yield Button(t("continue", language), id="continue", variant="primary")
            yield Button(t("back", language), id="back", disabled=not self.can_go_back)

    def on_mount(self) -> None:
        target = "#choices" if self.question.type in ("choice", "yes_no", "multi") else "#reply"
        self.query_one(target).focus()

    def on_key(self, event: Key) -> None:
        """Typing while the list has focus goes to the reply box: just type to answer."""
        reply = self.query_one("#reply", Input)
        if self.screen.focused is reply or not event.is_printable or event.character is None:
            return
        if event.character == " " and self.question.type == "multi":
            return  # space ticks an option
        event.stop()
        event.prevent_default()
        reply.focus()
        reply.insert_text_at_cursor(event.character)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(event.option.id))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value
        if not text.strip() and self.question.type == "multi":
            self._submit_selection()
            return
        self.post_message(self.Typed(text))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "continue":
            self._submit_selection()
        elif event.button.id == "back":
            self.post_message(self.BackPressed())

    def _submit_selection(self) -> None:
        selected = self.query_one("#choices", SelectionList).selected
        self.post_message(self.Chosen(tuple(selected)))

    def clear_reply(self) -> None:
        self.query_one("#reply", Input).value = ""
