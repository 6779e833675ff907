"""Where the person answers the current question: a list to choose from (one or
several), and a box to type a reply in. It reports upward with messages and decides
nothing: the screen hands the answer to the session.

The reply box keeps the focus for the whole conversation, as a chat's prompt does
(and as Textual's command palette keeps it in its search box): typing answers at
once, ↑/↓ move through the options, Enter on an empty box chooses the highlighted
option (or goes on, for a list of several) and Space on an empty box ticks one. The
focus never moves between questions, so an answer costs no restyling of the screen.

*Continue*, beside the box on every question, does what Enter does: a mouse needs no
keyboard to send a typed reply, and the box keeps its width from question to question
(a button that came and went with lists of several answers made the box be drawn
again).

The panel is built once and updated for each question (``show``): moving on to the
next question replaces a few options, it does not rebuild widgets. One option list
serves both kinds of question: for a question with several answers each option
carries a tick box, so ticking one redraws that option, and a new question never
swaps one list widget for another.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Click, Key
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Button, Input

from intake_bot.flow.model import Flow, Question
from intake_bot.tui.strings import t
from intake_bot.tui.widgets.choice_list import Choice, ChoiceList


class ReplyBox(Input):
    """The reply box. ↑/↓ in it move through the options, Space while it is empty
    ticks one, Enter answers. It handles these keys itself, so that keys typed fast
    (↓ then Space) act in the order they came: a binding acts only once its key has
    bubbled up to the app, after the keys behind it."""

    #: A steady cursor: nothing on the screen blinks for minutes on end (WCAG 2.2.2),
    #: and no redraw every half second, which could fall just before an answer's frame
    #: and hold that frame back to Textual's next one (up to 1/60 s later).
    cursor_blink = reactive(False, init=False)

    class Move(Message):
        """↑ (-1) or ↓ (+1) was pressed in the box."""

        def __init__(self, step: int) -> None:
            self.step = step
            super().__init__()

    class SpaceWhileEmpty(Message):
        """Space was pressed in the empty box."""

    async def _on_key(self, event: Key) -> None:
        # Handled here, before Input's own key handler (which would type the space).
        if event.key == "enter":  # at once, not after the key's trip up to the app
            event.stop()
            event.prevent_default()
            await self.action_submit()
        elif event.key in ("up", "down"):
            event.stop()
            event.prevent_default()
            self.post_message(self.Move(-1 if event.key == "up" else 1))
        elif event.key == "space" and not self.value:
            event.stop()
            event.prevent_default()
            self.post_message(self.SpaceWhileEmpty())


class OneClickButton(Button):
    """A button that a double click presses once. Each press brings the next question
    under the pointer, so a second click (Textual counts clicks at the same spot within
    half a second as one chain) would answer that question unread."""

    async def _on_click(self, event: Click) -> None:
        if event.chain > 1:
            event.stop()
            return
        await super()._on_click(event)


class ReplyRow(Horizontal):
    """The reply box and the buttons beside it."""

    BLANK = True  # (nothing of its own to draw: see AnswerPanel)


class AnswerPanel(Vertical):
    """Choices (one, or several) and a free-text reply box for one question."""

    #: Its children cover it, and its top edge is a widget above it (``#panel-edge``,
    #: ChatScreen): Textual paints it as plain background, not line by line, when its
    #: height changes with a new question.
    BLANK = True

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
        self._ticked: set[str] = set()  # a question with several answers: what is ticked
        self._shown_with: Any = None  # the saved answer the question was shown with
        self._language = ""
        self._labelled_in = ""  # the language the buttons are labelled in

    def compose(self) -> ComposeResult:
        # (kept: an answer updates them, and looking them up each time cost more)
        self._choices = ChoiceList(id="choices")
        self._reply = ReplyBox(id="reply", select_on_focus=False)
        self._continue = OneClickButton("", id="continue", variant="primary")
        self._back = OneClickButton("", id="back")
        yield self._choices
        with ReplyRow(id="reply-row"):
            yield self._reply
            yield self._continue
            yield self._back

    @property
    def _single(self) -> bool:
        return self.question is not None and self.question.type in ("choice", "yes_no")

    @property
    def _multi(self) -> bool:
        return self.question is not None and self.question.type == "multi"

    def show(self, question: Question, current: Any, language: str, can_go_back: bool) -> None:
        """Show ``question`` (``current``: its answer so far, shown selected)."""
        # The same question with the same saved answer, shown again (in another
        # language): the ticks not yet sent stay. Otherwise they are the saved answer.
        again = (
            self.question is not None
            and self.question.id == question.id
            and current == self._shown_with
        )
        with self.prevent(Input.Changed):
            self._show(question, current, language, can_go_back, again)

    def _show(
        self, question: Question, current: Any, language: str, can_go_back: bool, again: bool
    ) -> None:
        # (Nobody listens for the box's text changing here: that message would only
        # travel up the screen, ahead of the frame that shows the question.)
        self.question, self._language, self._shown_with = question, language, current
        values = question.option_values
        choices = self._choices
        single, multi = self._single, self._multi
        choices.display = single or multi
        # Shown again (another language): the highlight stays where the keys left it.
        kept = choices.highlighted if again else None
        if single:
            chosen = values.index(current) if current in values else 0
            choices.show_choices(
                [Choice(value, self._words(value)) for value in values],
                chosen if kept is None else kept,
            )
        elif multi:
            if not again:
                self._ticked = set(current or ())
            ticked = self._ticked
            choices.show_choices(
                [Choice(value, self._words(value), value in ticked) for value in values],
                kept or 0,
            )
        reply = self._reply
        reply.placeholder = {
            "number": t("type_number", language),
            "text": t("type_text", language),
            "multi": t("type_several", language),
        }.get(question.type, t("type_reply", language))
        reply.value = (
            str(current) if question.type in ("number", "text") and current is not None else ""
        )
        if language != self._labelled_in:  # (only when the language changes)
            self._labelled_in = language
            self._continue.label = t("continue", language)
            self._back.label = t("back", language)
        self._back.disabled = not can_go_back
        if self.screen.focused is not reply:  # after a click elsewhere, or Tab
            reply.focus(scroll_visible=False)

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
        self._choices.set_ticked(value, value in self._ticked)

    def _words(self, value: str) -> str:
        """An option's number and words: "2. Female" (a typed reply may name options by
        number: "2", or "1, 3" for several)."""
        assert self.question is not None
        number = self.question.option_values.index(value) + 1
        return f"{number}. {self.flow.option_text(self.question, value, self._language)}"

    def forget(self) -> None:
        """Empty the reply box and the ticks (the person has gone)."""
        with self.prevent(Input.Changed):
            self._reply.value = ""
        self._ticked.clear()
        self._shown_with = None

    def type_in(self, text: str) -> None:
        """Letters typed elsewhere on the screen go into the reply box."""
        reply = self._reply
        reply.focus(scroll_visible=False)
        reply.insert_text_at_cursor(text)

    def offer_reply_again(self) -> None:
        """After a reply that was not understood: it stays (nothing lost), selected, so
        typing anew replaces it and the arrow keys let the person mend it."""
        reply = self._reply
        reply.focus()
        reply.select_all()

    # -- the keys, from the reply box ----------------------------------------------
    def action_highlight(self, step: int) -> None:
        """↑/↓ move through the options on show."""
        choices = self._choices
        if choices.display:
            choices.move(step)

    def on_reply_box_move(self, event: ReplyBox.Move) -> None:
        event.stop()
        self.action_highlight(event.step)

    def on_reply_box_space_while_empty(self, event: ReplyBox.SpaceWhileEmpty) -> None:
        event.stop()
        choices = self._choices
        if self._multi and choices.highlighted is not None:
            self.toggle(choices.value_at(choices.highlighted))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._answer(event.value)

    def _answer(self, reply: str) -> None:
        """Enter in the reply box, or *Continue*: what is typed is the answer (with the
        boxes ticked beside it, for a question with several answers, if the person
        changed them); with the box empty, the list answers (the highlighted option,
        or the ticked ones)."""
        if not reply:
            if self._single:
                choices = self._choices
                if choices.highlighted is not None:
                    self.post_message(self.Chosen(choices.value_at(choices.highlighted)))
                return
            if self._multi:
                self.post_message(self.Chosen(self.ticked))
                return
        # Ticks the person made here count with the reply; the saved answer's ticks,
        # untouched, are what the reply replaces.
        ticked_here = self._multi and self._ticked != set(self._shown_with or ())
        self.post_message(self.Typed(reply, self.ticked if ticked_here else ()))

    # -- what the lists and buttons report -----------------------------------------
    def on_choice_list_picked(self, event: ChoiceList.Picked) -> None:
        event.stop()
        value = event.value
        if self.question is None or value not in self.question.option_values:
            return  # a click that landed on the previous question's list, read late
        if self._multi:  # a click, or Space: a tick, not yet an answer
            self.toggle(value)
        else:
            self.post_message(self.Chosen(value))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "continue":
            self._answer(self._reply.value)
        elif event.button.id == "back":
            self.post_message(self.BackPressed())
