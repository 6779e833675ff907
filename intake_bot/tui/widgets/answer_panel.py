"""Where the person answers the current question: a list to choose from (one or
several), and a box to type a reply in. It reports upward with messages and decides
nothing: the screen hands the answer to the session.

The reply box keeps the focus for the whole conversation, as a chat's prompt does
(and as Textual's command palette keeps it in its search box): typing answers at
once, ↑/↓ move through the options, Enter on an empty box chooses the highlighted
option (or goes on, for a list of several) and Space on an empty box ticks one. The
focus never moves between questions, so an answer costs no restyling of the screen.

The panel is built once and updated for each question (``show``): moving on to the
next question replaces a few options, it does not rebuild widgets.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.widgets import Button, Input, OptionList, SelectionList
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from intake_bot.flow.model import Flow, Question
from intake_bot.tui.strings import t


class Choices(OptionList, can_focus=False):
    """The options of a question with one answer: clicked, or driven from the reply box."""


class Several(SelectionList[str], can_focus=False):
    """The options of a question with several answers: ticked with a click or Space."""


class ReplyBox(Input):
    """The reply box. Space in it while it is empty ticks an option instead."""

    class SpaceWhileEmpty(Message):
        """Space was pressed in the empty box."""

    async def _on_key(self, event: Key) -> None:
        # Handled here, before Input's own key handler (which would type the space).
        if event.key == "space" and not self.value:
            event.stop()
            event.prevent_default()
            self.post_message(self.SpaceWhileEmpty())


class AnswerPanel(Vertical):
    """Choices (one, or several) and a free-text reply box for one question."""

    BINDINGS = [
        Binding("up", "highlight(-1)", "Previous option", show=False),
        Binding("down", "highlight(1)", "Next option", show=False),
    ]

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
        yield Choices(id="choices")
        yield Several(id="several")
        with Horizontal(id="reply-row"):
            yield ReplyBox(id="reply", select_on_focus=False)
            yield Button("", id="continue", variant="primary")
            yield Button("", id="back")

    @property
    def _single(self) -> bool:
        return self.question is not None and self.question.type in ("choice", "yes_no")

    @property
    def _multi(self) -> bool:
        return self.question is not None and self.question.type == "multi"

    def show(self, question: Question, current: Any, language: str, can_go_back: bool) -> None:
        """Show ``question`` (``current``: its answer so far, shown selected)."""
        self.question = question
        flow, values = self.flow, question.option_values
        choices = self.query_one(Choices)
        several = self.query_one(Several)
        reply = self.query_one(ReplyBox)
        single, multi = self._single, self._multi
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
        continue_button = self.query_one("#continue", Button)
        continue_button.display = multi
        continue_button.label = t("continue", language)
        back = self.query_one("#back", Button)
        back.label = t("back", language)
        back.disabled = not can_go_back
        if self.screen.focused is not reply:  # after a click elsewhere, or Tab
            reply.focus(scroll_visible=False)

    def offer_reply_again(self) -> None:
        """After a reply that was not understood: it stays (nothing lost), selected, so
        typing anew replaces it and the arrow keys let the person mend it."""
        reply = self.query_one(ReplyBox)
        reply.focus()
        reply.select_all()

    # -- the keys, from the reply box ----------------------------------------------
    def action_highlight(self, step: int) -> None:
        """↑/↓ move through the options on show."""
        if self._single:
            choices = self.query_one(Choices)
            (choices.action_cursor_down if step > 0 else choices.action_cursor_up)()
        elif self._multi:
            several = self.query_one(Several)
            (several.action_cursor_down if step > 0 else several.action_cursor_up)()

    def on_reply_box_space_while_empty(self, event: ReplyBox.SpaceWhileEmpty) -> None:
        event.stop()
        several = self.query_one(Several)
        if self._multi and several.highlighted is not None:
            several.toggle(several.get_option_at_index(several.highlighted).value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:  # Enter on an empty box: the list answers
            if self._single:
                self.query_one(Choices).action_select()
                return
            if self._multi:
                self._submit_selection()
                return
        self.post_message(self.Typed(event.value))

    # -- what the lists and buttons report -----------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list is self.query_one(Choices):
            self.post_message(self.Chosen(event.option.id))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "continue":
            self._submit_selection()
        elif event.button.id == "back":
            self.post_message(self.BackPressed())

    def _submit_selection(self) -> None:
        selected = self.query_one(Several).selected
        self.post_message(self.Chosen(tuple(selected)))
