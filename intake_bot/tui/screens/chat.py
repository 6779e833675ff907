"""The conversation: the bot asks, the person answers, the transcript grows.

The screen renders the session and hands answers to it; what is asked next, what is
valid and what is dropped are the session's decisions. Once every question is
answered it opens the review over itself, which it closes with what the person chose
(change an answer, go back); "See my result" goes from the review to the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static

from intake_bot.catalog import say
from intake_bot.engine.answers import AnswerError, answer_text
from intake_bot.engine.replies import ReplyNotUnderstood, interpret
from intake_bot.engine.session import Session
from intake_bot.tui.widgets.answer_panel import AnswerPanel
from intake_bot.tui.widgets.key_bar import KeyBar
from intake_bot.tui.widgets.transcript import Entry, Transcript

if TYPE_CHECKING:
    from intake_bot.tui.app import IntakeApp
    from intake_bot.tui.screens.review import ReviewChoice


@dataclass
class _Step:
    """One question in the transcript: the question, maybe the answer, maybe notes."""

    question_id: str
    answer: Any
    size: int  # how many transcript entries it takes


class ChatScreen(Screen[None]):
    CSS_PATH = Path(__file__).with_name("chat.tcss")
    BINDINGS = [Binding("escape", "back", "Back")]

    app: IntakeApp

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._steps: list[_Step] = []
        self._editing = False
        self._can_go_back = True  # (as the bindings start; the first question says no)

    def compose(self) -> ComposeResult:
        yield Static(Content(self.app.title), id="title-bar")
        yield Transcript(id="transcript")
        yield AnswerPanel(self.session.flow)
        yield Static(id="progress", markup=False)
        yield KeyBar()

    async def on_mount(self) -> None:
        self.app.language_signal.subscribe(self, lambda _: self.call_next(self._relabel))
        await self.sync()

    # -- rendering the session ---------------------------------------------------

    def on_unmount(self) -> None:
        # (the signal holds what it calls: let go, or this screen is never freed)
        self.app.language_signal.unsubscribe(self)

    def _wanted(self) -> list[tuple[str, Any]]:
        """(question, answer or None) for every question shown: the answered ones on
        the path up to the current question, then the current one."""
        current = self.session.state
        shown = []
        for qid in self.session.path():
            if qid == current:
                shown.append((qid, None))
                break
            shown.append((qid, self.session.answers.get(qid)))
        return shown

    async def sync(self) -> None:
        """Bring the transcript and the answer panel in line with the session.

        Only what changed is touched: moving on adds two messages; going back or
        changing an answer removes the messages from that point.
        """
        if self.session.at_review:
            if self.app.screen is self:  # (not when relabelled under an open review)
                from intake_bot.tui.screens.review import ReviewScreen

                self.app.push_screen(ReviewScreen(self.session), self._reviewed)
            return
        if self.session.current_question is None:  # finished: the result takes over
            return
        wanted = self._wanted()
        keep = 0
        while (
            keep < len(self._steps)
            and keep < len(wanted)
            and (self._steps[keep].question_id, self._steps[keep].answer) == wanted[keep]
        ):
            keep += 1
        del self._steps[keep:]
        kept = sum(step.size for step in self._steps)
        new: list[Entry] = []
        for qid, answer in wanted[keep:]:
            entries = self._messages(qid, answer)
            self._steps.append(_Step(qid, answer, len(entries)))
            new += entries
        with self.app.batch_update():  # one repaint for the whole step
            self.query_one(Transcript).replace_from(kept, new)
            self._show_panel()
            self._show_progress()

    def _messages(self, question_id: str, answer: Any) -> list[Entry]:
        flow, language = self.session.flow, self.session.language
        question = flow.question(question_id)
        hint = flow.text(question.hint, language) if question.hint and answer is None else None
        entries = [Entry("bot", flow.text(question.text, language), question_id, hint)]
        if answer is not None:
            text = answer_text(flow, question, answer, language)
            entries.append(Entry("person", text, question_id))
        return entries

    def _show_panel(self) -> None:
        question = self.session.current_question
        assert question is not None
        can_go_back = self.session.path().index(question.id) > 0
        self.query_one(AnswerPanel).show(
            question,
            self.session.answers.get(question.id),
            self.session.language,
            can_go_back=can_go_back,
        )
        if can_go_back != self._can_go_back:
            self._can_go_back = can_go_back
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape shows dimmed on the first question: there is nothing to go back to."""
        if action == "back":
            return True if self._can_go_back else None
        return True

    def _show_progress(self) -> None:
        progress, language = self.session.progress(), self.session.language
        key = {0: "progress_last", 1: "progress_one"}.get(progress.remaining, "progress")
        text = say(key, language, position=progress.position, remaining=progress.remaining)
        if self._editing:
            text = f"{text} · {say('edit_hint', language)}"
        self.query_one("#progress", Static).update(Content(text))

    async def _note(self, text: str) -> None:
        """A kind bot message under the current question (e.g. a reply not understood)."""
        transcript = self.query_one(Transcript)
        transcript.replace_from(len(transcript), [Entry("note", text)])
        self._steps[-1].size += 1

    async def _relabel(self) -> None:
        """Show everything again in the session's (new) language."""
        self.query_one("#title-bar", Static).update(Content(self.app.title))
        self.query_one(Transcript).replace_from(0, [])
        self._steps.clear()
        await self.sync()

    async def _reviewed(self, choice: ReviewChoice | None) -> None:
        """Back from the review: an answer to change, or back to the last question."""
        if choice is not None and choice.change is not None:
            self.start_edit(choice.change)
        elif choice is not None:
            self.session.back()
        await self.sync()

    # -- the person's moves ------------------------------------------------------
    async def _give(self, value: Any) -> None:
        try:
            self.session.answer(value)
        except AnswerError as error:
            await self._note(error.message)
            return
        if self._editing:
            # Back to where the person was: questions the change opened, then review.
            self.session.resume()
            self._editing = not self.session.at_review
        await self.sync()

    async def on_answer_panel_chosen(self, message: AnswerPanel.Chosen) -> None:
        message.stop()
        self.app.hold_collector()
        await self._give(message.value)

    async def on_answer_panel_typed(self, message: AnswerPanel.Typed) -> None:
        message.stop()
        self.app.hold_collector()
        question = self.session.current_question
        assert question is not None
        try:
            value = interpret(self.session.flow, question, message.text, self.session.language)
        except (ReplyNotUnderstood, AnswerError) as error:
            await self._note(error.message)
            self.query_one(AnswerPanel).offer_reply_again()
            return
        if message.ticked and isinstance(value, tuple):  # typed beside ticks: both count
            chosen = set(value) | set(message.ticked)
            value = tuple(v for v in question.option_values if v in chosen)
        await self._give(value)

    async def on_answer_panel_back_pressed(self, message: AnswerPanel.BackPressed) -> None:
        message.stop()
        await self.action_back()

    async def action_back(self) -> None:
        if self.session.back():
            await self.sync()

    def on_key(self, event: events.Key) -> None:
        """Typing while the transcript, a list or a button has the focus (after a Tab
        or a click): the reply box takes the letters, as a chat's prompt does, so none
        is lost and Enter then sends them. A key with a binding keeps it."""
        if (
            event.is_printable
            and event.character
            and isinstance(self.focused, Transcript | Button | OptionList)
            and event.key not in self.active_bindings
        ):
            event.stop()
            self.query_one(AnswerPanel).type_in(event.character)

    async def on_transcript_edit_requested(self, message: Transcript.EditRequested) -> None:
        """Change an earlier answer; afterwards, carry on where the person was."""
        if message.question_id != self.session.state:
            self.start_edit(message.question_id)
            await self.sync()

    def start_edit(self, question_id: str) -> None:
        self.session.go_to(question_id)
        self._editing = True
