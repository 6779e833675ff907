"""The conversation so far: the bot's questions and notes on the left, the person's
answers on the right, one ``Static`` per message in a scrolling column that stays at
its end as it grows. Every text is literal (``Content``), never markup.

The person's answers can be chosen to change them: a click on one, or focus on the
transcript (Tab), then ↑/↓ to pick an answer and Enter. It posts ``EditRequested``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.widget import AwaitMount, Widget
from textual.widgets import Static

Role = Literal["bot", "person", "note"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One message: who says it, what, and (for the bot's current question) a hint."""

    role: Role
    text: str
    question_id: str | None = None
    hint: str | None = None


class Bubble(Static):
    """One message; its role is its CSS class."""

    def __init__(self, entry: Entry) -> None:
        body = Content(entry.text)
        if entry.hint:
            body = Content.assemble(body, "\n", Content(entry.hint).stylize("dim italic"))
        super().__init__(body, classes=entry.role)
        self.entry = entry

    def on_click(self, event: Click) -> None:
        if self.entry.role == "person" and self.entry.question_id is not None:
            event.stop()
            self.post_message(Transcript.EditRequested(self.entry.question_id))


class Row(Horizontal):
    """A line of the conversation: its bubble on the left, or the right (the person's)."""

    def __init__(self, entry: Entry) -> None:
        super().__init__(Bubble(entry), classes=entry.role)


class Transcript(VerticalScroll, can_focus=True):
    BINDINGS = [
        Binding("enter", "edit", "Change this answer"),
        Binding("up", "move(-1)", "Earlier answer", show=False),
        Binding("down", "move(1)", "Later answer", show=False),
    ]

    class EditRequested(Message):
        """The person wants to change their answer to ``question_id``."""

        def __init__(self, question_id: str) -> None:
            self.question_id = question_id
            super().__init__()

    def on_mount(self) -> None:
        self.anchor()  # (kept scrolled to its end as messages come)

    @property
    def bubbles(self) -> list[Bubble]:
        return [row.query_one(Bubble) for row in self.query_children(Row)]

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(bubble.entry for bubble in self.bubbles)

    def __len__(self) -> int:
        return len(self.children)

    async def replace_from(self, index: int, new: list[Entry]) -> None:
        """Keep the first ``index`` messages, then show ``new``; scroll to the end."""
        gone: list[Widget] = list(self.children[index:])
        if gone:
            await self.remove_children(gone)
        if new:
            mounted: AwaitMount = self.mount_all([Row(entry) for entry in new])
            await mounted
        self.anchor()
        self.scroll_end(animate=False, immediate=True)

    def _answers(self) -> list[Bubble]:
        return [bubble for bubble in self.bubbles if bubble.entry.role == "person"]

    @property
    def chosen(self) -> Bubble | None:
        return next((b for b in self._answers() if b.has_class("-chosen")), None)

    def _choose(self, bubble: Bubble | None, scroll: bool = True) -> None:
        for answer in self._answers():
            answer.set_class(answer is bubble, "-chosen")
        if bubble is not None and scroll:
            self.scroll_to_widget(bubble, animate=False, immediate=True)

    def on_focus(self) -> None:
        answers = self._answers()
        if self.chosen is None and answers:  # (no scrolling: a click focuses before it lands)
            self._choose(answers[-1], scroll=False)

    def on_blur(self) -> None:
        self._choose(None)

    def action_move(self, step: int) -> None:
        answers = self._answers()
        if answers:
            at = answers.index(self.chosen) + step if self.chosen in answers else len(answers)
            self._choose(answers[max(0, min(len(answers) - 1, at))])

    def action_edit(self) -> None:
        chosen = self.chosen
        if chosen is not None and chosen.entry.question_id is not None:
            self.post_message(self.EditRequested(chosen.entry.question_id))
