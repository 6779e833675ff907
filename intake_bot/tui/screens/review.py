"""Review: every answer in one list, each one selectable to change it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from intake_bot.answers import answer_text
from intake_bot.session import Session
from intake_bot.tui.bindings import localize_bindings
from intake_bot.tui.strings import t
from intake_bot.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from intake_bot.tui.app import IntakeApp


class ReviewScreen(Screen[None]):
    #: (beside this file, for subclasses too; read early: IntakeApp.read_screen_styles)
    CSS_PATH = Path(__file__).with_name("review.tcss")
    BINDINGS = [Binding("escape", "back", "Back")]

    app: IntakeApp

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        flow, language = self.session.flow, self.session.language
        yield Static(Content(self.app.title), id="title-bar")  # as the conversation's
        yield Static(Content(t("review_title", language)), id="review-title")
        yield Static(Content(t("review_help", language)), id="review-help")
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
            yield Button(t("see_result", language), id="confirm", variant="success")
            yield Button(t("back", language), id="back")
        yield KeyBar()

    def forget(self) -> None:
        """The person has gone (a wipe): the list of their answers is emptied now."""
        self.query_one("#answers", OptionList).clear_options()

    def on_mount(self) -> None:
        localize_bindings(self, self.session.language)
        self.query_one("#confirm", Button).focus()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.app.edit_answer(event.option.id)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "confirm":
            self.app.show_result()
        elif event.button.id == "back":
            self.action_back()

    def action_back(self) -> None:
        self.app.leave_review()

    async def relabel(self) -> None:
        await self.recompose()
        self.query_one("#confirm", Button).focus()  # Enter still sees the result
