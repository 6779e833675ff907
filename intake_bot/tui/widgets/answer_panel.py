"""Where the person answers the current question: a list to choose from (one or
several), and a box to type a reply in. It reports upward with messages and decides
nothing: the screen hands the answer to the session.

The reply box keeps the focus for the whole conversation, as a chat's prompt does
(and as Textual's command palette keeps it in its search box): typing answers at
once, ↑/↓ move through the options, Enter on an empty box chooses the highlighted
option (or goes on, for a list of several) and Space on an empty box ticks one. The
focus never moves between questions, so an answer costs no restyling of the screen.

The panel is built once and updated for each question (``show``): moving on to the
next question replaces a few options, it does not rebuild widgets. One option list
serves both kinds of question: for a question with several answers each option
carries a tick box, so ticking one redraws that option, and a new question never
swaps one list widget for another.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.styles import RulesMap
from textual.events import Key
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Button, Input, OptionList
from textual.widgets.option_list import Option

from intake_bot.flow.model import Flow, Question
from intake_bot.tui.strings import t
from intake_bot.tui.widgets.direct_lines import DirectScrollBar, lines_as_drawn


class TickBoxOption(Visual):
    """An option of a question with several answers: a tick box (drawn as Textual's
    toggle buttons draw theirs), then the option's words. Lines that wrap start under
    the words, not under the box."""

    LEFT, MARK, RIGHT = "▐", "X", "▌"
    WIDTH = 4  # the box and a space

    def __init__(self, words: Content, ticked: bool, box_style: Callable[[str], Style]) -> None:
        self.words = words
        self.ticked = ticked
        #: The list's style for a component class, looked up when drawn (so it follows
        #: the theme). The full style, not the ``.class`` lookup Content offers: that one
        #: asks for a partial style, which in Textual 8.2 drops a solid background.
        self.box_style = box_style

    def __str__(self) -> str:
        return f"{self.LEFT}{self.MARK if self.ticked else ' '}{self.RIGHT} {self.words}"

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        box = self.box_style("choices--box-ticked" if self.ticked else "choices--box")
        # (as Content draws styled spans: each over the option's own style)
        edge = (style + Style(foreground=box.background, background=style.background)).rich_style
        plain = style.rich_style
        head = Strip(
            [
                Segment(self.LEFT, edge),
                Segment(self.MARK if self.ticked else " ", (style + box).rich_style),
                Segment(self.RIGHT, edge),
                Segment(" ", plain),
            ],
            self.WIDTH,
        )
        indent = Strip.blank(self.WIDTH, plain)
        lines = self.words.render_strips(max(1, width - self.WIDTH), height, style, options)
        return [Strip.join([head if i == 0 else indent, line]) for i, line in enumerate(lines)]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.WIDTH + self.words.get_optimal_width(rules, container_width - self.WIDTH)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.words.get_height(rules, max(1, width - self.WIDTH))


class Choices(OptionList, DirectScrollBar, can_focus=False):
    """The options of the question on show: one to choose (a click, or Enter from the
    reply box), or several to tick (a click, or Space from the reply box)."""

    COMPONENT_CLASSES = {"choices--box", "choices--box-ticked"}

    def render_lines(self, crop: Region) -> list[Strip]:
        # Every option is new with each question. Its lines come whole from the list's
        # ``render_line``, and the list has no border or padding (chat.tcss): no CSS pass.
        self._update_lines()  # (as OptionList.render_lines does first)
        return lines_as_drawn(self, crop)


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
        self._ticked: set[str] = set()  # a question with several answers: what is ticked
        self._ticks_from: Any = None  # ...starting from this saved answer
        self._language = ""
        self._labelled_in = ""  # the language the buttons are labelled in

    def compose(self) -> ComposeResult:
        # (kept: an answer updates them, and looking them up each time cost more)
        self._choices = Choices(id="choices")
        self._reply = ReplyBox(id="reply", select_on_focus=False)
        self._continue = Button("", id="continue", variant="primary")
        self._back = Button("", id="back")
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
            and current == self._ticks_from
        )
        with self.prevent(OptionList.OptionHighlighted, Input.Changed):
            self._show(question, current, language, can_go_back, again)

    def _show(
        self, question: Question, current: Any, language: str, can_go_back: bool, again: bool
    ) -> None:
        # (Nobody listens for the highlight or the box's text changing here: those
        # messages would only travel up the screen, ahead of the frame that shows the
        # question.)
        self.question, self._language = question, language
        values = question.option_values
        choices = self._choices
        single, multi = self._single, self._multi
        choices.display = single or multi
        if single:
            choices.set_options(Option(self._words(value), id=value) for value in values)
            choices.highlighted = values.index(current) if current in values else 0
        elif multi:
            if not again:
                self._ticked, self._ticks_from = set(current or ()), current
            choices.set_options(Option(self._ticked_prompt(value), id=value) for value in values)
            choices.highlighted = 0
        reply = self._reply
        reply.placeholder = {
            "number": t("type_number", language),
            "text": t("type_text", language),
            "multi": t("type_several", language),
        }.get(question.type, t("type_reply", language))
        reply.value = (
            str(current) if question.type in ("number", "text") and current is not None else ""
        )
        self._continue.display = multi
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
        self._choices.replace_option_prompt(value, self._ticked_prompt(value))

    def _words(self, value: str) -> Content:
        """An option's number and words: "2. Female" (a typed reply may name options by
        number: "2", or "1, 3" for several)."""
        assert self.question is not None
        number = self.question.option_values.index(value) + 1
        return Content(f"{number}. {self.flow.option_text(self.question, value, self._language)}")

    def _ticked_prompt(self, value: str) -> TickBoxOption:
        """An option of a question with several answers, with its box."""
        words = self._words(value)
        return TickBoxOption(words, value in self._ticked, self._choices.get_visual_style)

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
            with self.prevent(OptionList.OptionHighlighted):
                (choices.action_cursor_down if step > 0 else choices.action_cursor_up)()

    def on_reply_box_move(self, event: ReplyBox.Move) -> None:
        event.stop()
        self.action_highlight(event.step)

    def on_reply_box_space_while_empty(self, event: ReplyBox.SpaceWhileEmpty) -> None:
        event.stop()
        choices = self._choices
        if self._multi and choices.highlighted is not None:
            option_id = choices.get_option_at_index(choices.highlighted).id
            assert option_id is not None
            self.toggle(option_id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:  # Enter on an empty box: the list answers
            if self._single:
                choices = self._choices
                if choices.highlighted is not None:
                    self.post_message(self.Chosen(choices.options[choices.highlighted].id))
                return
            if self._multi:
                self._submit_selection()
                return
        self.post_message(self.Typed(event.value))

    # -- what the lists and buttons report -----------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        value = event.option.id
        if self.question is None or value not in self.question.option_values:
            return  # a click that landed on the previous question's list, read late
        if self._multi:  # a click, or Space: a tick, not yet an answer
            self.toggle(value)
        else:
            self.post_message(self.Chosen(value))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "continue":
            self._submit_selection()
        elif event.button.id == "back":
            self.post_message(self.BackPressed())

    def _submit_selection(self) -> None:
        self.post_message(self.Chosen(self.ticked))
