"""Whole intakes through the real app: by keys, by clicks and by typed replies, in both languages."""

from __future__ import annotations

import weakref

import pytest

from intake_bot.tui.screens.result import ResultScreen
from intake_bot.tui.screens.welcome import WelcomeScreen
from intake_bot.tui.widgets.key_bar import KeyBar
from tests.hair_loss_paths import answers, calm
from tests.tui.driving import SIZE, agree, agree_and_answer, answer_all, make_app, plain, see_result

# Flow v3: transplant support needs hair loss present, and pus-filled spots are urgent
# (scarring_signs, which covers scalp_inflammation) only with hair loss present.
PATHS = {
    "routine": calm(),
    "mesotherapy": answers(hair_transplant="planned", shedding_amount="increased"),
    "specialist": answers(patches="yes", onset="gradual", duration="over_12_months"),
    "specialist_urgent": answers(scalp_symptoms=["pustules", "itch"], shedding_amount="increased"),
}


@pytest.mark.slow
@pytest.mark.parametrize("outcome", PATHS)
@pytest.mark.parametrize("how", ["keys", "clicks", "typed"])
async def test_whole_intake_ends_on_the_expected_outcome(outcome, how):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree_and_answer(pilot, PATHS[outcome], how)
        screen = await see_result(pilot, "clicks" if how == "clicks" else "keys")
        assert screen.result.outcome == outcome
        title = plain(screen.query_one("#outcome-title"))
        assert title == app.flow.text(app.flow.outcome(outcome).title, "en")
        assert "not a diagnosis" in plain(screen.query_one("#disclaimer"))
        # the reasons of the rules not covered by another, each once (flow v3)
        reasons = [plain(r) for r in screen.query(".reason")]
        assert reasons == [rule.reason for rule in screen.result.shown_rules]


@pytest.mark.parametrize("how", ["keys", "clicks", "typed"])
async def test_whole_intake_in_spanish(how):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#lang-es")
        await pilot.pause()
        assert app.language == "es"
        assert "Acepto" in str(app.screen.query_one("#agree").label)
        await agree(pilot, "clicks" if how == "clicks" else "keys")
        assert app.session is not None and app.session.language == "es"
        await answer_all(pilot, PATHS["mesotherapy"], how)
        screen = await see_result(pilot)
        assert screen.result.outcome == "mesotherapy" and screen.result.language == "es"
        assert "no un diagnóstico" in plain(screen.query_one("#disclaimer"))


async def test_start_again_forgets_the_previous_person():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree_and_answer(pilot, PATHS["specialist"], "keys")
        await see_result(pilot)
        session = app.session
        await pilot.click("#again")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.session is None and session is not None and dict(session.answers) == {}
        assert not any(isinstance(s, ResultScreen) for s in app.screen_stack)
        await agree(pilot)
        assert app.session is not None and dict(app.session.answers) == {}


async def test_start_again_after_changing_language_greets_in_that_language_ready_to_agree():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await pilot.press("f2")  # to Spanish, in the middle of the conversation
        await pilot.pause()
        await answer_all(pilot, PATHS["routine"], "keys")
        await see_result(pilot)
        await pilot.click("#again")
        await pilot.pause()
        assert app.screen_stack == [app.screen] and isinstance(app.screen, WelcomeScreen)
        assert "Acepto" in str(app.screen.query_one("#agree").label)
        assert app.focused is app.screen.query_one("#agree")
        await pilot.press("enter")  # the next person starts at once, in Spanish
        await pilot.pause()
        assert app.session is not None and app.session.language == "es"
        assert dict(app.session.answers) == {}


async def test_start_again_frees_the_last_persons_screens_from_memory():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree_and_answer(pilot, PATHS["specialist"], "keys")
        result = weakref.ref(await see_result(pilot))
        session = weakref.ref(app.session)
        await pilot.click("#again")
        await pilot.pause()  # the app starts freeing them (a worker) from its own queue
        await app.workers.wait_for_complete()
        assert result() is None and session() is None


@pytest.mark.parametrize("language, words", [("en", "To the buttons"), ("es", "Ir a los botones")])
async def test_the_key_bar_on_the_result_says_how_to_reach_start_again(language, words):
    app = make_app(language)
    async with app.run_test(size=SIZE) as pilot:
        await agree_and_answer(pilot, PATHS["routine"], "keys")
        screen = await see_result(pilot)
        assert words in screen.query_one(KeyBar).keys_shown
        await pilot.press("tab")
        assert app.focused is screen.query_one("#again")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.session is None


async def test_the_result_switches_language_with_f2():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree_and_answer(pilot, PATHS["specialist"], "keys")
        screen = await see_result(pilot)
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is screen and screen.result.outcome == "specialist"
        assert screen.result.language == "es"
        title = plain(screen.query_one("#outcome-title"))
        assert title == app.flow.text(app.flow.outcome("specialist").title, "es")
        assert "no un diagnóstico" in plain(screen.query_one("#disclaimer"))
        assert "Ir a los botones" in screen.query_one(KeyBar).keys_shown


async def test_result_opens_on_its_outcome_even_on_a_small_screen():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await agree_and_answer(pilot, PATHS["specialist_urgent"], "keys")
        screen = await see_result(pilot)
        await pilot.pause()
        assert screen.query_one("#result").scroll_y == 0
        title = screen.query_one("#outcome-title")
        assert title.region.y < 24 and title.region.height > 0
        assert app.focused is screen.query_one("#result")  # not a button: Enter twice wipes nothing
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert app.screen is screen


async def test_the_other_screens_styles_are_read_while_the_welcome_is_read(monkeypatch):
    """Start-up reads only the welcome's stylesheet. The other screens' stylesheets
    are read while the person reads the welcome, so opening the conversation, the
    review and the result does not make Textual re-read every style rule then."""
    from textual.css.stylesheet import Stylesheet

    from intake_bot.tui.app import SCREEN_STYLES
    from intake_bot.tui.screens.welcome import WARM_UP_AFTER

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(WARM_UP_AFTER + 0.2)
        styles = sorted(SCREEN_STYLES.glob("*.tcss"))
        assert styles
        assert all(app.stylesheet.has_source(str(path), "") for path in styles)
        rereads = []
        original = Stylesheet.reparse
        monkeypatch.setattr(Stylesheet, "reparse", lambda self: rereads.append(1) or original(self))
        await agree_and_answer(pilot, answers(), "keys")
        await pilot.click("#confirm")
        await pilot.pause()
        assert app.screen.query("#outcome-title")  # the result is on screen
        assert not rereads


def test_a_screen_made_from_one_of_ours_keeps_its_stylesheet():
    """A subclass (the bench times the conversation through one) finds the screen's
    stylesheet beside the screen's module, not beside the subclass."""
    from intake_bot.engine.session import Session
    from intake_bot.tui.app import SCREEN_STYLES
    from intake_bot.tui.screens.chat import ChatScreen

    class TimedChat(ChatScreen):
        pass

    screen = TimedChat(Session(make_app().flow, "en"))
    assert screen.css_path == [SCREEN_STYLES / "chat.tcss"]
    assert screen.css_path[0].is_file()


async def test_the_language_in_use_is_ticked_and_never_looks_like_the_focused_button():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("shift+tab")  # from "I agree" back onto a language button
        await pilot.pause()
        english, spanish = app.screen.query_one("#lang-en"), app.screen.query_one("#lang-es")
        assert app.focused is spanish
        assert str(english.label) == "✓ English" and str(spanish.label) == "Español"

        def background(button: object) -> tuple[int, int, int]:
            """The colour behind the button's label, as drawn (reverse swaps them)."""
            style = button.rich_style
            return (style.color if style.reverse else style.bgcolor).get_truecolor()

        # clearly apart, not a tint apart (the focused button is tinted 5%)
        def apart(one: tuple[int, int, int], other: tuple[int, int, int]) -> int:
            return sum(abs(a - b) for a, b in zip(one, other, strict=True))

        assert apart(background(english), background(spanish)) > 100
        unfocused = background(english)
        await pilot.press("shift+tab")  # the focus onto the language in use: it shows
        await pilot.pause()
        assert app.focused is english
        assert apart(background(english), unfocused) > 100
        await pilot.press("tab")
        await pilot.press("enter")  # Spanish chosen: the tick moves
        await pilot.pause()
        assert str(app.screen.query_one("#lang-es").label) == "✓ Español"
        assert str(app.screen.query_one("#lang-en").label) == "English"
