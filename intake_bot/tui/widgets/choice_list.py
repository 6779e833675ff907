"""The options of the question on show, drawn line by line (Textual's line API, as the
transcript is).

Every answer brings a new list, so the list is built for what it has to do once per
question: each option is wrapped once for the width it gets, and its lines are drawn
once for each look it takes (plain, under the arrow keys' highlight, under the mouse).
Textual's ``OptionList``, which this replaces, wrapped every option three times per
question (for the list's height, its line map and its drawing) through its general
``Visual`` machinery. Measured with ``cProfile`` over the bench's intake, replacing it
took an answer's Python calls from 26.4k to 22.4k (``bench/README.md``).

An option shows its number and words ("2. Female"); for a question with several
answers it starts with a tick box, drawn as Textual's toggle buttons draw theirs, and
its wrapped lines start under the words, not under the box. Its words are the flow's
text, shown literally (``Content``, never markup).

It never takes the focus: the reply box keeps it, and the panel moves the highlight
(``move``) for the arrow keys typed there. A click on an option posts ``Picked``; the
second click of a double click does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from textual.content import Content
from textual.events import Click, Leave, MouseMove
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from intake_bot.tui.widgets.direct_lines import DirectScrollBar, lines_as_drawn


@dataclass(frozen=True, slots=True)
class Choice:
    """One option: the value the session gets, the words shown, and (for a question
    with several answers) whether its box is ticked; ``None``: no box."""

    value: str
    words: str
    ticked: bool | None = None


@dataclass(slots=True)
class _Layout:
    """The options wrapped for one width."""

    lines: list[list[Content]]  # each option's lines
    starts: list[int]  # each option's first line
    height: int  # lines in all


class ChoiceList(ScrollView, DirectScrollBar, can_focus=False):
    """A list of options to choose one of, or to tick several of."""

    ALLOW_SELECT = False  # (a drag over the options selects no text: it is a list)

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "choice-list--option",
        "choice-list--option-highlighted",
        "choice-list--option-hover",
        "choice-list--box",
        "choice-list--box-ticked",
    }

    #: The tick box ("▐X▌") and a space: an option's words start after it.
    BOX_LEFT, BOX_MARK, BOX_RIGHT = "▐", "X", "▌"
    BOX_WIDTH = 4

    class Picked(Message):
        """An option was clicked."""

        def __init__(self, choice_list: ChoiceList, value: str, index: int) -> None:
            self.choice_list = choice_list
            self.value = value
            self.index = index
            super().__init__()

        @property
        def control(self) -> ChoiceList:
            return self.choice_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._choices: list[Choice] = []
        self._highlighted: int | None = None
        self._hover: int | None = None
        self._layouts: dict[int, _Layout] = {}  # by width
        self._strips: dict[tuple[int, str, int], list[Strip]] = {}  # by option, look, width
        self._reveal_pending = False  # the highlight is to be scrolled into view

    # -- what it shows -------------------------------------------------------------
    @property
    def choices(self) -> tuple[Choice, ...]:
        return tuple(self._choices)

    @property
    def option_count(self) -> int:
        return len(self._choices)

    def value_at(self, index: int) -> str:
        return self._choices[index].value

    def show_choices(self, choices: list[Choice], highlighted: int | None = 0) -> None:
        """Show ``choices`` in place of the options before, ``highlighted`` marked."""
        self._choices = list(choices)
        self._layouts.clear()
        self._strips.clear()
        self._hover = None
        self._highlighted = self._clamp(highlighted)
        self.scroll_to(y=0, animate=False, immediate=True, force=True)
        self._reveal_pending = True  # once laid out for the new options
        self.refresh(layout=True)  # (its height follows its options)

    def set_ticked(self, value: str, ticked: bool) -> None:
        """Tick or untick the box of the option for ``value``."""
        for index, choice in enumerate(self._choices):
            if choice.value == value and choice.ticked is not None:
                self._choices[index] = Choice(choice.value, choice.words, ticked)
                self._forget_strips(index)
                self._refresh_option(index)

    @property
    def highlighted(self) -> int | None:
        """The option the arrow keys are on (its index), kept in view."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        index = self._clamp(index)
        if index == self._highlighted:
            return
        before, self._highlighted = self._highlighted, index
        self._refresh_option(before)
        self._refresh_option(index)
        self._reveal_highlighted()

    def move(self, step: int) -> None:
        """Move the highlight ``step`` options on (past either end: round to the other)."""
        count = len(self._choices)
        if not count:
            return
        if self._highlighted is None:
            self.highlighted = 0 if step > 0 else count - 1
        else:
            self.highlighted = (self._highlighted + step) % count

    def _clamp(self, index: int | None) -> int | None:
        if index is None or not self._choices:
            return None
        return max(0, min(len(self._choices) - 1, index))

    # -- layout --------------------------------------------------------------------
    def _layout(self, width: int) -> _Layout:
        """The options wrapped for ``width`` (kept: the same list is asked its height,
        then drawn, at the same width)."""
        layout = self._layouts.get(width)
        if layout is None:
            if len(self._layouts) > 8:  # (a terminal resized again and again)
                self._layouts.clear()
            lines, starts, line = [], [], 0
            for choice in self._choices:
                room = width - (self.BOX_WIDTH if choice.ticked is not None else 0)
                wrapped = Content(choice.words).wrap(max(1, room))
                lines.append(wrapped)
                starts.append(line)
                line += len(wrapped)
            layout = self._layouts[width] = _Layout(lines, starts, line)
        return layout

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._layout(width).height

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        """The screen's layout pass gives the list its size, just before the frame is
        drawn: its scroll size follows the options wrapped for that width, here, so that
        this very frame scrolls and draws them right. (Set without its reactive's
        watchers: the screen's layout is what is running.)

        The options are measured at the full width first: a scroll bar shown for the
        question before must not narrow this list into needing one too (its last
        option would hide below the fold). Only a list that does not fit is measured
        again beside its bar. A new size (a resize, a new question) brings the
        highlighted option back into view."""
        resized = size != self._size
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        full, rows = self.container_size
        if full > 0:
            width = full
            if self._layout(full).height > rows:  # it scrolls: beside the bar
                width = max(1, full - self.styles.scrollbar_size_vertical)
            wanted = Size(width, self._layout(width).height)
            if wanted != self.virtual_size:
                self.set_reactive(Widget.virtual_size, wanted)
                self._scroll_update(wanted)
            if resized or self._reveal_pending:
                self._reveal_pending = False
                self._reveal_highlighted()
        return changed

    def _reveal_highlighted(self) -> None:
        width = self.scrollable_content_region.width
        index = self._highlighted
        if index is None or width <= 0:
            return
        layout = self._layout(width)
        region = Region(0, layout.starts[index], width, len(layout.lines[index]))
        self.scroll_to_region(region, animate=False, immediate=True, force=True)

    def _option_at(self, y: int) -> int | None:
        """The option on the widget's row ``y``, if any."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return None
        layout = self._layout(width)
        line = y + round(self.scroll_offset.y)
        for index, start in enumerate(layout.starts):
            if start <= line < start + len(layout.lines[index]):
                return index
        return None

    def _refresh_option(self, index: int | None) -> None:
        width = self.scrollable_content_region.width
        if index is None or width <= 0 or index >= len(self._choices):
            return
        layout = self._layout(width)
        top = layout.starts[index] - round(self.scroll_offset.y)
        self.refresh(Region(0, top, self.size.width, len(layout.lines[index])))

    def _forget_strips(self, index: int) -> None:
        self._strips = {key: strips for key, strips in self._strips.items() if key[0] != index}

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # a new theme: colours change, the wrapping does not
        self.refresh()

    # -- drawing -------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        # Each option's lines are drawn whole (colours, the full width), and the list
        # has no border or padding (chat.tcss): no CSS pass (see direct_lines).
        return lines_as_drawn(self, crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        layout = self._layout(width)
        line = y + round(self.scroll_offset.y)
        index = self._option_at(y)
        if index is None:
            style = self.get_visual_style("choice-list--option")
            return Strip.blank(width, style.rich_style)
        look = (
            "choice-list--option-highlighted"
            if index == self._highlighted
            else "choice-list--option-hover"
            if index == self._hover
            else ""
        )
        key = (index, look, width)
        strips = self._strips.get(key)
        if strips is None:
            strips = self._strips[key] = self._draw(index, look, layout.lines[index], width)
        return strips[line - layout.starts[index]]

    def _draw(self, index: int, look: str, lines: list[Content], width: int) -> list[Strip]:
        """Option ``index``'s lines, in ``look`` (a component class, or "" for plain)."""
        style = self.get_visual_style("choice-list--option", *([look] if look else []))
        plain = style.rich_style
        choice = self._choices[index]
        words = [Strip([Segment(line.plain, plain)], line.cell_length) for line in lines]
        if choice.ticked is not None:
            head = self._tick_box(style, choice.ticked)
            indent = Strip.blank(self.BOX_WIDTH, plain)
            words = [Strip.join([head if i == 0 else indent, line]) for i, line in enumerate(words)]
        return [strip.extend_cell_length(width, plain).crop(0, width) for strip in words]

    def _tick_box(self, style: Style, ticked: bool) -> Strip:
        """The start of an option's first line: its box, then a space."""
        box = self.get_visual_style("choice-list--box-ticked" if ticked else "choice-list--box")
        # (as Content draws styled spans: each over the option's own style; the box's
        # edges in its background colour, so it shows as a solid block)
        edge = (style + Style(foreground=box.background, background=style.background)).rich_style
        return Strip(
            [
                Segment(self.BOX_LEFT, edge),
                Segment(self.BOX_MARK if ticked else " ", (style + box).rich_style),
                Segment(self.BOX_RIGHT, edge),
                Segment(" ", style.rich_style),
            ],
            self.BOX_WIDTH,
        )

    # -- the mouse -----------------------------------------------------------------
    def on_mouse_move(self, event: MouseMove) -> None:
        self._set_hover(self._option_at(event.y))

    def on_leave(self, event: Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, index: int | None) -> None:
        if index != self._hover:
            before, self._hover = self._hover, index
            self._refresh_option(before)
            self._refresh_option(index)

    def on_click(self, event: Click) -> None:
        index = self._option_at(event.y)
        if event.chain > 1:  # a double click: its first click chose (or ticked) already;
            event.stop()  # the second would answer the next question, or untick
            return
        if index is not None:
            event.stop()
            self.highlighted = index
            self.post_message(self.Picked(self, self._choices[index].value, index))
