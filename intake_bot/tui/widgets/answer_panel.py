"""Where the person answers the current question: a list to choose from (one or
several), and a box to type a reply in. It reports upward with messages and decides
nothing: the screen hands the answer to the session.

The panel is built once and updated for each question (``show``): moving on to the
next question replaces a few options, it does not rebuild widgets.
"""

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
    """Choices (one, or several) and a free-text reply box for one question."""

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

    def __init__(self, flow: Flow) -> None:
        super().__init__(id="answer-panel")
        self.flow = flow
        self.question: Question | None = None

    def compose(self) -> ComposeResult:
        yield OptionList(id="choices")
        yield SelectionList[str](id="several")
        with Horizontal(id="reply-row"):
            yield Input(id="reply", select_on_focus=False)
            yield Button("", id="continue", variant="primary")
            yield Button("", id="back")

    def show(self, question: Question, current: Any, language: str, can_go_back: bool) -> None:
        """Show ``question`` (``current``: its answer so far, shown selected)."""
        self.question = question
        flow, values = self.flow, question.option_values
        choices = self.query_one("#choices", OptionList)
        several = self.query_one("#several", SelectionList)
        reply = self.query_one("#reply", Input)
        single = question.type in ("choice", "yes_no")
        multi = question.type == "multi"
        choices.display, several.display = single, multi
        if single:
            choices.set_options(
                Option(Content(f"{i}. {flow.option_text(question, value, language)}"), id=value)
                for i, value in enumerate(values, 1)
            )
            choices.highlighted = values.index(current) if current in values else 0
        elif multi:
            chosen = set(current or ())
            several.clear_options()
            several.add_options(
                Selection(Content(flow.option_text(question, v, language)), v, v in chosen)
                for v in values
            )
            several.highlighted = 0
        reply.placeholder = {
            "number": t("type_number", language),
            "text": t("type_text", language),
            "multi": t("type_several", language),
        }.get(question.type, t("type_reply", language))
        reply.value = (
            str(current) if question.type in ("number", "text") and current is not None else ""
        )
        self.query_one("#continue", Button).display = multi
        self.query_one("#continue", Button).label = t("continue", language)
        back = self.query_one("#back", Button)
        back.label = t("back", language)
        back.disabled = not can_go_back
        (choices if single else several if multi else reply).focus()

    def offer_reply_again(self) -> None:
        """After a reply that was not understood: it stays (nothing lost), selected, so
        typing anew replaces it and the arrow keys let the person mend it."""
        reply = self.query_one("#reply", Input)
        reply.focus()
        reply.select_all()

    def on_key(self, event: Key) -> None:
        """Typing while the list has focus goes to the reply box: just type to answer."""
        reply = self.query_one("#reply", Input)
        if self.screen.focused is reply or not event.is_printable or event.character is None:
            return
        if event.character == " " and self.question is not None and self.question.type == "multi":
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
        if not event.value.strip() and self.question is not None and self.question.type == "multi":
            self._submit_selection()
            return
        self.post_message(self.Typed(event.value))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "continue":
            self._submit_selection()
        elif event.button.id == "back":
            self.post_message(self.BackPressed())

    def _submit_selection(self) -> None:
        selected = self.query_one("#several", SelectionList).selected
        self.post_message(self.Chosen(tuple(selected)))
