"""Where the person answers the current question: Textual's ``OptionList`` of its
options (for a question with several answers, each starts with a tick box, "[X]"),
and a box to type a reply in. It reports
upward with messages (``Chosen``, ``Typed``, ``BackPressed``) and decides nothing:
the screen hands the answer to the session.

The reply box keeps the focus for the whole conversation, as a chat's prompt does:
typing answers at once, ↑/↓ move the lists' highlight, Enter on an empty box chooses
the highlighted option (or sends the ticks) and Space on an empty box ticks one. The
lists never take the focus; a click on an option chooses it (or ticks it). The
second click of a double click does nothing anywhere here: each answer brings the
next question under the pointer, which it would otherwise answer unread.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Click, Key
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Input, OptionList
from textual.widgets.option_list import Option

from intake_bot.catalog import say
from intake_bot.flow.model import Flow, Question


def ignore_double_click(event: Click) -> None:
    """In an ``on_click`` handler of a subclass (it runs before its base's own click
    handler): the second click of a double click is dropped, base handler and all."""
    if event.chain > 1:
        event.prevent_default()
        event.stop()


class Choices(OptionList, can_focus=False):
    """The options on show. (Not ``SelectionList`` for ticks: Textual 8.2.8's draws a
    tick box on every line of an option that wraps, and the next option's tick state
    beside its second line; options here wrap, in Spanish often.)"""

    def on_click(self, event: Click) -> None:
        ignore_double_click(event)

    def on_resize(self) -> None:
        """A new size (a resize, a longer list below): the highlight stays in view, and
        a scroll bar shown at a smaller size goes if the options now fit without it
        (OptionList would otherwise go on measuring them beside the bar)."""
        if self.show_vertical_scrollbar:
            self.styles.overflow_y = "hidden"  # measured at the full width once...
            self.call_after_refresh(self._scroll_if_needed)
        self.call_after_refresh(self.scroll_to_highlight)

    def _scroll_if_needed(self) -> None:
        self.styles.overflow_y = "auto"  # ...then a bar only if they do not fit there


class OneClickButton(Button):
    def on_click(self, event: Click) -> None:
        ignore_double_click(event)


class ReplyBox(Input):
    """The reply box. It handles ↑/↓, Enter, and Space while empty itself, before
    ``Input`` does (``prevent_default``), so that keys typed fast (↓ then Space) act
    in the order they came (a binding would act only once its key reached the app)."""

    #: A steady cursor: nothing on the screen blinks for minutes on end (WCAG 2.2.2).
    cursor_blink = reactive(False, init=False)

    class Move(Message):
        """↑ (-1) or ↓ (+1) was pressed in the box."""

        def __init__(self, step: int) -> None:
            self.step = step
            super().__init__()

    class SpaceWhileEmpty(Message):
        """Space was pressed in the empty box."""

    async def on_key(self, event: Key) -> None:
        if event.key == "enter":
            await self.action_submit()
        elif event.key in ("up", "down"):
            self.post_message(self.Move(-1 if event.key == "up" else 1))
        elif event.key == "space" and not self.value:
            self.post_message(self.SpaceWhileEmpty())
        else:
            return
        event.stop()
        event.prevent_default()


class AnswerPanel(Vertical):
    """Choices (one, or several) and a free-text reply box for one question."""

    class Chosen(Message):
        """An answer picked from the list (a value, or a tuple of values)."""

        def __init__(self, value: Any) -> None:
            self.value = value
            super().__init__()

    class Typed(Message):
        """A reply typed in the box, to be understood by ``replies``; with what was
        ticked beside it (a question with several answers), which it adds to."""

        def __init__(self, text: str, ticked: tuple[str, ...] = ()) -> None:
            self.text = text
            self.ticked = ticked
            super().__init__()

    class BackPressed(Message):
        """The person wants the previous question."""

    def __init__(self, flow: Flow) -> None:
        super().__init__(id="answer-panel")
        self.flow = flow
        self.question: Question | None = None
        self._shown_with: Any = None  # the saved answer the question was shown with
        self._ticked: set[str] = set()  # a question with several answers: what is ticked
        self._language = ""

    def compose(self) -> ComposeResult:
        yield Choices(id="choices")
        with Horizontal(id="reply-row"):
            yield ReplyBox(id="reply", select_on_focus=False)
            yield OneClickButton("", id="continue", variant="primary")
            yield OneClickButton("", id="back")

    @property
    def _single(self) -> bool:
        return self.question is not None and self.question.type in ("choice", "yes_no")

    @property
    def _multi(self) -> bool:
        return self.question is not None and self.question.type == "multi"

    def show(self, question: Question, current: Any, language: str, can_go_back: bool) -> None:
        """Show ``question`` (``current``: its answer so far, shown chosen or ticked).
        The same question shown again with the same answer (another language) keeps
        the ticks not yet sent and the highlight."""
        again = (
            self.question is not None
            and self.question.id == question.id
            and current == self._shown_with
        )
        choices = self.query_one(Choices)
        kept = choices.highlighted if again else None
        self.question, self._shown_with, self._language = question, current, language
        if not again:
            self._ticked = set(current or ()) if question.type == "multi" else set()
        values = question.option_values
        choices.display = self._single or self._multi
        if choices.display:
            choices.set_options(Option(self._prompt(v), id=v) for v in values)
            chosen = values.index(current) if self._single and current in values else 0
            choices.highlighted = chosen if kept is None else kept
        reply = self.query_one(ReplyBox)
        with self.prevent(Input.Changed):
            placeholder = {"number": "type_number", "text": "type_text", "multi": "type_several"}
            reply.placeholder = say(placeholder.get(question.type, "type_reply"), language)
            typed = question.type in ("number", "text") and current is not None
            reply.value = str(current) if typed else ""
        self.query_one("#continue", Button).label = say("continue", language)
        back = self.query_one("#back", Button)
        back.label = say("back", language)
        back.disabled = not can_go_back
        if self.screen.focused is not reply:  # after a click elsewhere, or Tab
            reply.focus(scroll_visible=False)

    def _prompt(self, value: str) -> Content:
        """An option's number and words: "2. Female" (a typed reply may name options by
        number: "2", or "1, 3" for several), after its tick box for a question with
        several answers. The flow's text, literally."""
        assert self.question is not None
        number = self.question.option_values.index(value) + 1
        words = Content(f"{number}. {self.flow.option_text(self.question, value, self._language)}")
        if not self._multi:
            return words
        box = ("[X]", "bold") if value in self._ticked else ("[ ]", "")
        return Content.assemble(box, " ", words)

    @property
    def ticked(self) -> tuple[str, ...]:
        """What is ticked, in the question's order (a question with several answers)."""
        if not self._multi:
            return ()
        assert self.question is not None
        return tuple(v for v in self.question.option_values if v in self._ticked)

    def toggle(self, value: str) -> None:
        """Tick ``value``, or untick it (a question with several answers)."""
        assert self.question is not None and self._multi
        self._ticked ^= {value}
        index = self.question.option_values.index(value)
        self.query_one(Choices).replace_option_prompt_at_index(index, self._prompt(value))

    def type_in(self, text: str) -> None:
        """Letters typed elsewhere on the screen go into the reply box."""
        reply = self.query_one(ReplyBox)
        reply.focus(scroll_visible=False)
        reply.insert_text_at_cursor(text)

    def offer_reply_again(self) -> None:
        """After a reply that was not understood: it stays (nothing lost), selected, so
        typing anew replaces it and the arrow keys let the person mend it."""
        reply = self.query_one(ReplyBox)
        reply.focus()
        reply.select_all()

    # -- the keys, from the reply box ----------------------------------------------
    def on_reply_box_move(self, event: ReplyBox.Move) -> None:
        """↑/↓ move through the options on show (past either end: round again)."""
        event.stop()
        shown = self.query_one(Choices)
        if shown.display and shown.option_count:
            at = shown.highlighted
            if at is None:
                shown.highlighted = 0 if event.step > 0 else shown.option_count - 1
            else:
                shown.highlighted = (at + event.step) % shown.option_count

    def on_reply_box_space_while_empty(self, event: ReplyBox.SpaceWhileEmpty) -> None:
        event.stop()
        choices = self.query_one(Choices)
        if self._multi and choices.highlighted is not None:
            self.toggle(self.question.option_values[choices.highlighted])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._answer(event.value)

    def _answer(self, reply: str) -> None:
        """Enter in the reply box, or *Continue*: what is typed is the answer (with the
        boxes ticked beside it, for a question with several answers, if the person
        changed them); with the box empty, the list answers (the highlighted option,
        or the ticked ones)."""
        if not reply and self._single:
            choices = self.query_one(Choices)
            if choices.highlighted is not None:
                option = choices.get_option_at_index(choices.highlighted)
                self.post_message(self.Chosen(option.id))
            return
        if not reply and self._multi:
            self.post_message(self.Chosen(self.ticked))
            return
        # Ticks the person made here count with the reply; the saved answer's ticks,
        # untouched, are what the reply replaces.
        ticked_here = self._multi and self._ticked != set(self._shown_with or ())
        self.post_message(self.Typed(reply, self.ticked if ticked_here else ()))

    # -- what the lists and buttons report -----------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        question, value = self.question, event.option.id
        # (not a click that landed on the previous question's list, read late)
        if question is None or value not in question.option_values:
            return
        if self._multi:  # a click: a tick, not yet an answer
            self.toggle(value)
        else:
            self.post_message(self.Chosen(value))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "continue":
            self._answer(self.query_one(ReplyBox).value)
        elif event.button.id == "back":
            self.post_message(self.BackPressed())
