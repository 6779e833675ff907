"""The conversation so far: the bot's questions and notes on the left, the person's
answers on the right. Every text is literal (``Content``), never markup.

One widget draws the whole conversation line by line, on Textual's public line API
(``ScrollView.render_line``, as ``Log`` does): each message is wrapped once for the
current width and its lines are kept, so a new answer costs the same however long
the conversation is. (A ``Static`` per message was measured: see bench/README.md.)

The person's answers can be chosen to change them: a click on one, or focus on the
transcript (Tab), then up/down to pick an answer and Enter.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from rich.segment import Segment
from textual.binding import Binding
from textual.content import Content
from textual.events import Click, Leave, MouseMove
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

Role = Literal["bot", "person", "note"]

#: A message is at most this share of the transcript's width.
MAX_SHARE = 0.8
#: The coloured edge of a message: on the left of the bot's, the right of the person's.
LEFT_EDGE, RIGHT_EDGE = "▌", "▐"


@dataclass(frozen=True, slots=True)
class Entry:
    """One message: who says it, what, and (for the bot's current question) a hint."""

    role: Role
    text: str
    question_id: str | None = None
    hint: str | None = None


@dataclass(slots=True)
class _Shape:
    """An entry laid out for one width: its wrapped lines and the columns it covers."""

    lines: list[Content]
    inner: int  # the text's width in cells
    left: int  # first column of the message
    right: int  # column after the message


class Transcript(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("enter", "edit", "Change this answer"),
        Binding("up", "move(-1)", "Earlier answer", show=False),
        Binding("down", "move(1)", "Later answer", show=False),
    ]
    COMPONENT_CLASSES = {
        "transcript--bot",
        "transcript--bot-edge",
        "transcript--note",
        "transcript--note-edge",
        "transcript--person",
        "transcript--person-edge",
        "transcript--person-chosen",
    }

    class EditRequested(Message):
        """The person wants to change their answer to ``question_id``."""

        def __init__(self, question_id: str) -> None:
            self.question_id = question_id
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: list[Entry] = []
        self._width = 0  # the width _shapes were made for (0: not laid out)
        self._shapes: list[_Shape] = []
        self._starts: list[int] = []  # the first line of each entry (its blank line)
        self._height = 0
        self._strips: dict[tuple[int, bool], list[Strip]] = {}
        self._cursor: int | None = None  # the answer chosen with the keys
        self._hover: int | None = None  # the answer under the mouse
        self._following = True  # scrolled to the end: the latest message stays in view
        self._blank: Strip | None = None  # a blank line (between messages), as wide as shown

    # -- what it shows -------------------------------------------------------------
    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def replace_from(self, index: int, new: list[Entry]) -> None:
        """Keep the first ``index`` entries, then show ``new``; scroll to the end."""
        del self._entries[index:]
        del self._shapes[index:]
        del self._starts[index:]
        self._entries += new
        self._strips = {key: s for key, s in self._strips.items() if key[0] < index}
        for marker in ("_cursor", "_hover"):
            if (getattr(self, marker) or 0) >= index:
                setattr(self, marker, None)
        self._height = self._starts[-1] + 1 + len(self._shapes[-1].lines) if self._shapes else 0
        if self._width:
            self._lay_out(index)
        self.refresh()

    def region_of(self, index: int) -> Region:
        """Where entry ``index`` is drawn, relative to the widget (for tests and clicks)."""
        shape = self._shapes[index]
        top = self._starts[index] + 1 - self._top()
        return Region(shape.left, top, shape.right - shape.left, len(shape.lines))

    # -- layout --------------------------------------------------------------------
    def _lay_out(self, start: int = 0) -> None:
        """Wrap entries from ``start`` on for the current width; update the scroll size."""
        width = self._width
        limit = max(1, int(width * MAX_SHARE) - 4)  # edge and a space each side
        line = self._height if start else 0
        for entry in self._entries[start:]:
            body = Content(entry.text)
            if entry.hint:
                body = Content.assemble(body, "\n", Content(entry.hint).stylize("dim italic"))
            lines = body.wrap(limit)
            inner = max((piece.cell_length for piece in lines), default=0)
            outer = inner + 3
            left = width - 1 - outer if entry.role == "person" else 1
            self._shapes.append(_Shape(lines, inner, left, left + outer))
            self._starts.append(line)
            line += 1 + len(lines)
        self._height = line
        self.virtual_size = Size(width, line)
        self._scroll_to_end()

    def on_resize(self) -> None:
        """A new width: the messages are wrapped again; a new height (the answer panel
        grew or shrank for a new question): the latest stays in view."""
        width = self.scrollable_content_region.width
        if width and width != self._width:
            self._width = width
            self._shapes.clear()
            self._starts.clear()
            self._strips.clear()
            self._lay_out()
        elif self._width:
            self._scroll_to_end()

    def _scroll_to_end(self) -> None:
        end = max(0, self._height - self.scrollable_content_region.height)
        self.scroll_to(y=end, animate=False, immediate=True, force=True)
        self._following = True

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._following = new >= self.max_scroll_y

    def _top(self, height: int | None = None) -> int:
        """The first line on show. While the transcript follows the conversation it is
        drawn from the end, for the height it has now: when a new question makes the
        answer panel taller, the transcript's new height is known only once the frame is
        laid out, and its ``Resize`` (which scrolls to the end) comes after that frame.
        Drawn from the scroll offset, that frame would show the transcript as it was
        scrolled for the old height, and the new question only one frame later."""
        if self._following:
            if height is None:
                height = self.scrollable_content_region.height
            return max(0, self._height - height)
        return round(self.scroll_offset.y)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # a new theme: colours change, the wrapping does not
        self._blank = None
        self.refresh()

    # -- drawing -------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        return self._lines(range(y, y + 1))[0]

    def _lines(self, rows: range) -> list[Strip]:
        """The lines on screen at ``rows`` (what is looked up once per frame, once)."""
        region = self.scrollable_content_region
        top, width = self._top(region.height), region.width
        if self._blank is None or self._blank.cell_length != width:
            self._blank = Strip.blank(width, self.rich_style)
        blank = self._blank
        if width != self._width:
            return [blank] * len(rows)
        chosen_ones = (self._hover, self._cursor if self.has_focus else None)
        starts, strips = self._starts, self._strips
        lines = []
        for y in rows:
            line = y + top
            index = bisect_right(starts, line) - 1
            row = line - starts[index] - 1 if index >= 0 else -1
            if row < 0 or line >= self._height:  # (the blank line above each message)
                lines.append(blank)
                continue
            key = (index, index in chosen_ones)
            if key not in strips:
                strips[key] = self._draw(*key)
            lines.append(strips[key][row])
        return lines

    def _draw(self, index: int, chosen: bool) -> list[Strip]:
        entry, shape = self._entries[index], self._shapes[index]
        role = entry.role
        inside = self.get_visual_style(
            f"transcript--{role}", *(["transcript--person-chosen"] if chosen else [])
        )
        edge = self.get_visual_style(f"transcript--{role}-edge").rich_style
        base = self.rich_style
        paint = inside.rich_style
        strips = []
        for piece in shape.lines:
            text = piece.render_segments(inside)
            gap = shape.inner - piece.cell_length
            if role == "person":
                segments = [
                    Segment(" " * shape.left, base),
                    Segment(" ", paint),
                    *text,
                    Segment(" " * (gap + 1), paint),
                    Segment(RIGHT_EDGE, edge),
                ]
            else:
                segments = [
                    Segment(" ", base),
                    Segment(LEFT_EDGE, edge),
                    Segment(" ", paint),
                    *text,
                    Segment(" " * (gap + 1), paint),
                ]
            strip = Strip(segments).extend_cell_length(self._width, base).crop(0, self._width)
            strips.append(strip)
        return strips

    # -- choosing an answer ----------------------------------------------------------
    def _answer_at(self, x: int, y: int) -> int | None:
        line = y + self._top()
        index = bisect_right(self._starts, line) - 1
        if index < 0 or index >= len(self._entries) or self._entries[index].role != "person":
            return None
        shape = self._shapes[index]
        inside = self._starts[index] < line <= self._starts[index] + len(shape.lines)
        return index if inside and shape.left <= x < shape.right else None

    def _answers(self) -> list[int]:
        return [i for i, entry in enumerate(self._entries) if entry.role == "person"]

    def _set_marker(self, name: str, index: int | None) -> None:
        if getattr(self, name) != index:
            setattr(self, name, index)
            self.refresh()

    def on_mouse_move(self, event: MouseMove) -> None:
        self._set_marker("_hover", self._answer_at(event.x, event.y))

    def on_leave(self, event: Leave) -> None:
        self._set_marker("_hover", None)

    def on_click(self, event: Click) -> None:
        index = self._answer_at(event.x, event.y)
        if index is not None:
            event.stop()
            self._request_edit(index)

    def on_focus(self) -> None:
        answers = self._answers()
        if self._cursor is None and answers:
            # the latest answer (no scrolling here: a click focuses before it lands)
            self._set_marker("_cursor", answers[-1])
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        answers = self._answers()
        if not answers:
            return
        if self._cursor not in answers:
            self._set_marker("_cursor", answers[-1])
        else:
            position = answers.index(self._cursor) + step
            self._set_marker("_cursor", answers[max(0, min(len(answers) - 1, position))])
        self._show_cursor()

    def _show_cursor(self) -> None:
        if self._cursor is not None:
            region = self.region_of(self._cursor).translate((0, self._top()))
            self.scroll_to_region(region, animate=False, immediate=True, force=True)

    def action_edit(self) -> None:
        if self._cursor is not None:
            self._request_edit(self._cursor)

    def _request_edit(self, index: int) -> None:
        question_id = self._entries[index].question_id
        if question_id is not None:
            self.post_message(self.EditRequested(question_id))
