"""Review: every answer in one list, each one selectable to change it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from intake_bot.catalog import say
from intake_bot.engine.answers import answer_text
from intake_bot.engine.session import Session
from intake_bot.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from intake_bot.tui.app import IntakeApp


@dataclass(frozen=True)
class ReviewChoice:
    """How the review was left: an answer to change (its question), or back (None)."""

    change: str | None = None


class ReviewScreen(Screen[ReviewChoice]):
    """Dismissed with a ``ReviewChoice``; "See my result" posts ``Confirmed`` and stays
    (the result replaces it once the intake is kept), ignoring any further move."""

    CSS_PATH = Path(__file__).with_name("review.tcss")
    BINDINGS = [Binding("escape", "back", "Back")]

    app: IntakeApp

    class Confirmed(Message):
        """The answers are right: on to the result."""

        def __init__(self, session: Session) -> None:
            self.session = session
            super().__init__()

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.confirmed = False

    def compose(self) -> ComposeResult:
        flow, language = self.session.flow, self.session.language
        yield Static(Content(self.app.title), id="title-bar")  # as the conversation's
        yield Static(Content(say("review_title", language)), id="review-title")
        yield Static(Content(say("review_help", language)), id="review-help")
        options = []
        for qid, value in self.session.answers.items():
            question = flow.question(qid)
            prompt = Content.assemble(
                Content(flow.text(question.text, language)).stylize("bold"),
                "\n  → ",
                Content(answer_text(flow, question, value, language)),
            )
            options.append(Option(prompt, id=qid))
        yield OptionList(*options, id="answers")
        with Horizontal(id="review-buttons"):
            yield Button(say("see_result", language), id="confirm", variant="success")
            yield Button(say("back", language), id="back")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#confirm", Button).focus()
        self.app.language_signal.subscribe(self, lambda _: self.call_next(self._relabel))

    def on_unmount(self) -> None:
        # (the signal holds what it calls: let go, or this screen is never freed)
        self.app.language_signal.unsubscribe(self)

    async def _relabel(self) -> None:
        await self.recompose()
        self.query_one("#confirm", Button).focus()  # Enter still sees the result

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not self.confirmed and event.option.id is not None:
            self.dismiss(ReviewChoice(change=event.option.id))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "back":
            self.action_back()
        elif event.button.id == "confirm" and not self.confirmed:
            self.confirmed = True  # "Send" pressed twice: one intake, one ticket
            self.post_message(self.Confirmed(self.session))

    def action_back(self) -> None:
        if not self.confirmed:
            self.dismiss(ReviewChoice())
