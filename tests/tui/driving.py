"""Driving the real app with the Pilot, the way a person would: keys, clicks or typed replies."""

from __future__ import annotations

import html
import re
from typing import Any, Literal

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from intake_bot.flow import load_default_flow
from intake_bot.store.self_save import SelfSave
from intake_bot.tui.app import IntakeApp
from intake_bot.tui.screens.chat import ChatScreen
from intake_bot.tui.screens.result import ResultScreen
from intake_bot.tui.screens.review import ReviewScreen
from intake_bot.tui.widgets.answer_panel import AnswerPanel, Choices
from intake_bot.tui.widgets.transcript import Transcript

How = Literal["keys", "clicks", "typed"]
SIZE = (100, 32)


def make_app(language: str | None = None) -> IntakeApp:
    """The chat as ``intake-bot`` starts it at home: nothing kept unless the person asks."""
    saver = SelfSave(url=None, config=None, save=False)
    return IntakeApp(load_default_flow(), language, saver=saver)


def plain(widget: Static) -> str:
    return str(widget.visual)


def on_screen(app: IntakeApp) -> str:
    """The characters on screen, from the same SVG a snapshot is made of."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def transcript(app: IntakeApp, role: str | None = None) -> list[str]:
    """The texts of the conversation on screen (only ``role``'s, if given)."""
    entries = app.screen.query_one(Transcript).entries
    return [e.text for e in entries if role is None or e.role == role]


async def click_answer(pilot: Pilot, text: str) -> None:
    """Click the person's answer ``text`` in the conversation, scrolled into view first."""
    shown = pilot.app.screen.query_one(Transcript)
    index = max(i for i, e in enumerate(shown.entries) if e.role == "person" and e.text == text)
    top = shown.region_of(index).y + shown.scroll_offset.y
    shown.scroll_to(y=top, animate=False, immediate=True, force=True)
    await pilot.pause()
    where = shown.region_of(index)
    await pilot.click(Transcript, offset=(where.x + 2, where.y))


def option_row(options: OptionList, index: int) -> int:
    """The row (in the widget) where option ``index`` ("3. ...") starts, as drawn."""
    options.scroll_to_highlight()
    prefix = f"{index + 1}. "
    for y in range(options.size.height):
        if options.render_line(y).text.lstrip("[X] ").startswith(prefix):
            return y
    raise AssertionError(f"option {index + 1} is not on screen")


async def agree(pilot: Pilot, how: How = "keys") -> None:
    if how == "clicks":
        await pilot.click("#agree")
    else:
        await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChatScreen)


async def give(pilot: Pilot, value: Any, how: How) -> None:
    """Answer the question on screen with ``value``."""
    app = pilot.app
    assert isinstance(app, IntakeApp) and app.session is not None
    question = app.session.current_question
    assert question is not None
    values = question.option_values
    language = app.session.language
    if how == "typed" or question.type in ("number", "text"):
        if question.type == "multi":
            text = ", ".join(app.flow.option_text(question, v, language) for v in value)
        elif question.type in ("choice", "yes_no"):
            text = app.flow.option_text(question, value, language)
        else:
            text = str(value)
        if how == "clicks":
            await pilot.click("#reply")
        else:
            app.screen.query_one("#reply", Input).focus()
        reply = app.screen.query_one("#reply", Input)
        reply.value = ""
        reply.insert_text_at_cursor(text)  # as a paste; key-by-key typing has its own tests
        await pilot.press("enter")
    elif question.type in ("choice", "yes_no"):
        index = values.index(value)
        if how == "clicks":
            await pilot.click(
                "#choices", offset=(4, option_row(app.screen.query_one(Choices), index))
            )
        else:
            choices = app.screen.query_one(Choices)
            moves = index - (choices.highlighted or 0)
            await pilot.press(*(["down"] * moves if moves >= 0 else ["up"] * -moves), "enter")
    else:  # multi
        panel = app.screen.query_one(AnswerPanel)
        wanted = set(value)
        for index, option_value in enumerate(values):
            ticked = option_value in panel.ticked
            if ticked == (option_value in wanted):
                continue
            if how == "clicks":
                ticks = app.screen.query_one(Choices)
                ticks.highlighted = index  # (scrolled into view)
                await pilot.pause()
                await pilot.click(ticks, offset=(6, option_row(ticks, index)))
            else:
                app.screen.query_one(Choices).highlighted = index
                await pilot.press("space")
        if how == "clicks":
            await pilot.click("#continue")
        else:
            await pilot.press("tab", "enter")
    await pilot.pause()


async def answer_all(pilot: Pilot, answers: dict[str, Any], how: How) -> None:
    app = pilot.app
    assert isinstance(app, IntakeApp) and app.session is not None
    while app.session.current_question is not None:
        question = app.session.current_question
        assert question.id in answers, (
            f"the app asks {question.id!r}, which this path does not answer"
        )
        await give(pilot, answers[question.id], how)
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)


async def agree_and_answer(pilot: Pilot, answers: dict[str, Any], how: How = "keys") -> None:
    """A whole intake up to the review: agree, then answer every question asked."""
    await agree(pilot, how if how == "clicks" else "keys")
    await answer_all(pilot, answers, how)


async def see_result(pilot: Pilot, how: How = "keys") -> ResultScreen:
    if how == "clicks":
        await pilot.click("#confirm")
    else:
        await pilot.press("enter")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # the intake is kept in a thread first
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ResultScreen)
    return screen


async def choose_at_review(pilot: Pilot, question_id: str) -> None:
    """On the review screen, pick the answer to ``question_id`` (keys: the list, then Enter)."""
    listing = pilot.app.screen.query_one("#answers", OptionList)
    listing.focus()
    listing.highlighted = list(pilot.app.session.answers).index(question_id)
    await pilot.press("enter")
    await pilot.pause()
