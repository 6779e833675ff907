"""The conversation: going back, changing answers, review edits, replies that are not understood."""

from __future__ import annotations

import re

import pytest
from textual import events
from textual.widgets import Input, OptionList

from intake_bot.tui.screens.chat import ChatScreen
from intake_bot.tui.screens.help import HelpScreen
from intake_bot.tui.screens.result import ResultScreen
from intake_bot.tui.screens.review import ReviewScreen
from intake_bot.tui.widgets.answer_panel import AnswerPanel, Choices
from intake_bot.tui.widgets.key_bar import KeyBar
from intake_bot.tui.widgets.transcript import Transcript
from tests.hair_loss_paths import answers
from tests.tui.driving import (
    SIZE,
    agree,
    agree_and_answer,
    choose_at_review,
    click_answer,
    give,
    make_app,
    on_screen,
    plain,
    transcript,
)

WOMAN = answers(age=30, sex="female", shedding_amount="increased", gave_birth_recently="yes")


async def walk_until(pilot, path, stop_at):
    app = pilot.app
    while app.session.current_question.id != stop_at:
        await give(pilot, path[app.session.current_question.id], "keys")


async def test_back_key_and_button_return_to_the_previous_question_with_its_answer_kept():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await walk_until(pilot, WOMAN, "thinning_pattern")
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.current_question.id == "shedding_amount"
        assert "Somewhat more than usual" not in transcript(app)  # the answer is open again
        assert app.screen.query_one("#choices").highlighted == 1  # ...and shown chosen
        await pilot.click("#back")
        await pilot.pause()
        assert app.session.current_question.id == "sex"
        await pilot.press("enter")  # keep "Female"
        await pilot.pause()
        assert app.session.current_question.id == "shedding_amount"


async def test_changing_an_earlier_answer_in_the_transcript_removes_questions_no_longer_asked():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        # past the pregnancy questions (after the medicines, in flow v3)
        await walk_until(pilot, WOMAN, "bleeding_disorder")
        shown = " ".join(transcript(app))
        assert "pregnant" in shown.lower() and "breastfeed" in shown.lower()
        # click the person's answer "Female" to change it
        await click_answer(pilot, "Female")  # scrolled up to it, as the person would
        await pilot.pause()
        assert app.session.current_question.id == "sex"
        await give(pilot, "male", "keys")
        # back where the person was: the first unanswered question
        assert app.session.current_question.id == "bleeding_disorder"
        for gone in ("pregnant", "gave_birth_recently", "breastfeeding", "planning_pregnancy"):
            assert gone not in app.session.answers
        shown = " ".join(transcript(app)).lower()
        assert "pregnant" not in shown and "breastfeed" not in shown
        assert "Male" in transcript(app)


@pytest.mark.slow
async def test_review_lists_every_answer_and_edits_one():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree_and_answer(pilot, WOMAN, "keys")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        listing = review.query_one("#answers")
        assert listing.option_count == len(app.session.answers)
        # choose "shedding_amount" in the list and change it to normal
        await choose_at_review(pilot, "shedding_amount")
        assert isinstance(app.screen, ChatScreen)
        assert app.session.current_question.id == "shedding_amount"
        await give(pilot, "normal", "keys")
        await pilot.pause()
        # nothing new to ask: straight back to review, with the change
        assert isinstance(app.screen, ReviewScreen)
        assert app.session.answers["shedding_amount"] == "normal"
        assert "About the same as always" in str(
            app.screen.query_one("#answers").get_option_at_index(2).prompt
        )


async def test_leaving_review_goes_back_to_the_last_question():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree_and_answer(pilot, WOMAN, "keys")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert app.session.current_question.id == "prior_treatments"


@pytest.mark.parametrize("reply", ["[/]", "[red]x", "[bold]", "[link=x]", "[/bold", "\\[x]"])
async def test_markup_typed_as_a_reply_is_shown_literally(reply):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await give(pilot, 40, "keys")
        app.screen.query_one("#reply", Input).focus()
        await pilot.press(*reply, "enter")  # key by key, as typed
        await pilot.pause()
        notes = transcript(app, "note")
        assert len(notes) == 1 and reply not in notes[0]  # (never quoted back)
        assert app.screen.query_one("#reply", Input).value == reply  # nothing lost
        assert reply in on_screen(app)  # shown as typed, in the reply box
        assert app.session.current_question.id == "sex"


@pytest.mark.parametrize("reply", ["🙂🙂 yes 🙂", "はい " * 200, "x" * 3000, "\t"])
async def test_long_wide_and_odd_replies_do_not_break_the_screen(reply):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await agree(pilot)
        await give(pilot, 40, "keys")
        await give(pilot, "male", "keys")
        await give(pilot, "normal", "keys")
        await give(pilot, "none", "keys")
        assert app.session.current_question.id == "patches"
        reply_box = app.screen.query_one("#reply", Input)
        reply_box.focus()
        reply_box.value = reply
        await pilot.press("enter")
        await pilot.pause()
        if reply.startswith("🙂"):
            assert app.session.answers["patches"] == "yes"
        else:
            assert app.session.current_question.id == "patches"
            assert transcript(app, "note")
        assert app.screen.size.width == 80


async def test_text_reply_longer_than_allowed_is_refused_with_a_message():
    from intake_bot.flow import load_flow
    from intake_bot.tui.app import IntakeApp
    from tests.conftest import FLOWS

    dental = load_flow(FLOWS / "dental_checkin.yaml")
    app = IntakeApp(dental)
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        for value in (40, "checkup", ("blood_thinners",)):
            await give(pilot, value, "keys")
        question = app.session.current_question
        box = app.screen.query_one("#reply", Input)
        box.focus()
        box.value = "a" * (question.max_length + 5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.current_question.id == question.id
        notes = transcript(app, "note")
        assert notes and str(question.max_length) in notes[-1]
        assert box.value == "a" * (question.max_length + 5)


async def test_multi_question_none_with_others_is_explained_and_kept():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await walk_until(pilot, WOMAN, "other_hair_loss")
        panel = app.screen.query_one(AnswerPanel)
        for value in ("eyebrows", "none"):
            app.screen.query_one(
                Choices
            ).highlighted = app.session.current_question.option_values.index(value)
            await pilot.press("space")
        await pilot.click("#continue")
        await pilot.pause()
        assert app.session.current_question.id == "other_hair_loss"
        notes = transcript(app, "note")
        assert "on its own" in notes[-1]
        assert set(panel.ticked) == {"eyebrows", "none"}


async def test_help_opens_with_f1_and_question_mark_and_closes_with_escape():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await agree(pilot)
        app.screen.query_one("#reply").blur()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.click("#close")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)


async def test_f2_switches_language_mid_conversation_keeping_answers():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await give(pilot, 40, "keys")
        await give(pilot, "male", "keys")
        await pilot.press("f2")
        await pilot.pause()
        assert app.session.language == "es"
        shown = transcript(app)
        assert "¿Qué edad tienes?" in shown[0] or "¿" in shown[0]
        assert "Hombre" in shown
        assert dict(app.session.answers) == {"age": 40, "sex": "male"}
        footer_words = set(app.screen.query_one(KeyBar).keys_shown)
        assert {"Ayuda", "Atrás", "Contraste"} <= footer_words
        await pilot.press("f2")
        await pilot.pause()
        assert app.session.language == "en" and "Male" in transcript(app)


async def test_f3_toggles_high_contrast():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        before = app.theme
        await pilot.press("f3")
        assert app.theme == "intake-high-contrast"
        await pilot.press("f3")
        assert app.theme == before


async def test_progress_shows_where_the_person_is_and_changes_with_the_path():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        assert plain(app.screen.query_one("#progress")).startswith("Question 1 ·")
        await give(pilot, 30, "keys")
        await give(pilot, "male", "keys")
        as_man = app.session.progress().total
        await pilot.press("escape")
        await pilot.pause()
        await give(pilot, "female", "keys")
        assert app.session.progress().total > as_man  # pregnancy questions joined the path
        text = plain(app.screen.query_one("#progress"))
        assert text == f"Question 3 · about {app.session.progress().remaining} to go"


async def test_the_reply_box_keeps_the_focus_so_typing_answers_with_every_letter_kept():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await give(pilot, 52, "keys")
        assert app.focused is app.screen.query_one("#reply")  # the list of options shows too
        await pilot.press(*"woman", "enter")  # key by key
        await pilot.pause()
        assert app.session.answers["sex"] == "female"
        await pilot.press(*"more than usual", "enter")
        await pilot.pause()
        assert app.session.answers["shedding_amount"] == "increased"


async def test_from_the_reply_box_arrows_move_space_ticks_and_enter_answers():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await give(pilot, 30, "keys")
        reply = app.screen.query_one("#reply", Input)
        await pilot.press("down", "down", "up", "enter")  # sex: the second option
        await pilot.pause()
        assert app.session.answers["sex"] == app.session.flow.question("sex").option_values[1]
        await walk_until(pilot, WOMAN, "other_hair_loss")
        assert app.focused is reply and reply.value == ""
        values = app.session.current_question.option_values
        await pilot.press("down", "space", "down", "space", "up", "space")  # ticks, unticks
        assert app.screen.query_one(AnswerPanel).ticked == (values[2],)
        await pilot.press("enter")  # Enter on the empty box goes on with the ticked ones
        await pilot.pause()
        assert app.session.answers["other_hair_loss"] == (values[2],)
        assert app.focused is reply


async def test_keys_typed_in_one_burst_act_in_the_order_they_came():
    """A terminal hands over keys typed fast (or sent by a script) in one read: ↓ then
    Space must tick the option ↓ moved to, not the one before it."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await walk_until(pilot, WOMAN, "other_hair_loss")
        values = app.session.current_question.option_values
        for key, character in (("down", None), ("space", " "), ("down", None), ("down", None)):
            app.post_message(events.Key(key, character))  # no pause between them
        app.post_message(events.Key("space", " "))
        await pilot.pause()
        assert app.screen.query_one(AnswerPanel).ticked == (values[1], values[3])


async def test_ticks_not_yet_sent_and_the_highlight_survive_a_change_of_language():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await walk_until(pilot, WOMAN, "other_hair_loss")
        await pilot.press("down", "space")
        await pilot.press("f2")
        await pilot.pause()
        panel = app.screen.query_one(AnswerPanel)
        assert panel.ticked == (app.session.current_question.option_values[1],)
        assert app.screen.query_one(Choices).highlighted == 1  # where it was
        assert "Cejas" in str(app.screen.query_one(Choices).get_option_at_index(0).prompt)


@pytest.mark.slow
async def test_back_from_review_to_a_multi_question_shows_the_answer_given_even_if_typed():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await walk_until(pilot, WOMAN, "prior_treatments")  # the last question
        await give(pilot, ("none",), "keys")  # ticked: None; the review opens
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        await pilot.pause()
        panel = app.screen.query_one(AnswerPanel)
        assert panel.ticked == ("none",)
        await give(pilot, ("minoxidil",), "typed")  # now typed; the review again
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.current_question.id == "prior_treatments"
        assert panel.ticked == ("minoxidil",)  # the answer given, not the old ticks
        await pilot.press("enter")  # goes on with it unchanged
        await pilot.pause()
        assert app.session.answers["prior_treatments"] == ("minoxidil",)


async def test_a_late_click_on_the_previous_questions_list_is_ignored():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await give(pilot, 34, "keys")
        choices = app.screen.query_one(Choices)
        stale = choices.get_option_at_index(1)  # "female", of this question
        await give(pilot, "male", "keys")
        assert app.session.current_question.id == "shedding_amount"
        choices.post_message(OptionList.OptionSelected(choices, stale, 1))
        await pilot.pause()
        assert app.session.current_question.id == "shedding_amount"
        assert app.session.answers["sex"] == "male"


async def test_a_long_option_with_a_tick_box_wraps_under_its_words():
    app = make_app("es")
    async with app.run_test(size=(80, 24)) as pilot:
        await agree(pilot)
        await walk_until(pilot, WOMAN, "medications")
        ticks = app.screen.query_one(Choices)
        question = app.session.current_question
        # "Hormonas (menopausia, testosterona, transición de género, anabolizantes)":
        # longer than a row at 80 columns, beside its box
        number = question.option_values.index("hormone_therapy") + 1
        words = f"{number}. {app.flow.option_text(question, 'hormone_therapy', 'es')}"
        lines = [ticks.render_line(y).text.rstrip() for y in range(ticks.size.height)]
        first = next(i for i, line in enumerate(lines) if f"{number}. Hormonas" in line)
        assert lines[first].startswith(f"[ ] {number}. Hormonas")  # its box, then its words
        assert lines[first + 1].strip().endswith("anabolizantes)")  # all of them, wrapped
        assert f"{lines[first][4:]} {lines[first + 1].strip()}" == words  # (nothing lost)
        assert not lines[first + 1].startswith("[")  # (one box for the option)


async def test_back_shows_dimmed_on_the_first_question():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        assert app.screen.active_bindings["escape"].enabled is False
        await give(pilot, 40, "keys")
        assert app.screen.active_bindings["escape"].enabled is True


async def test_typing_after_a_tab_to_the_transcript_goes_to_the_reply_box():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await pilot.press("shift+tab")  # (as the help says: into the conversation)
        assert isinstance(app.focused, Transcript)
        await pilot.press("4", "2", "enter")
        await pilot.pause()
        assert app.session.answers["age"] == 42


async def test_typing_after_a_tab_onto_continue_goes_to_the_reply_box_and_nothing_is_lost():
    """Tab from the reply box lands on Continue: the digits typed next must reach the
    box, and Enter then send them (not the list's highlighted option)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#continue")
        await pilot.press("4", "2", "enter")
        await pilot.pause()
        assert app.session.answers["age"] == 42
        await pilot.press("tab", "2", "enter")  # sex: "2", not the highlighted first
        await pilot.pause()
        assert app.session.answers["sex"] == app.flow.question("sex").option_values[1]


async def test_space_in_a_reply_being_typed_is_a_space():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await walk_until(pilot, WOMAN, "other_hair_loss")
        await pilot.press(*"1 2")
        assert app.screen.query_one("#reply", Input).value == "1 2"
        assert app.screen.query_one(AnswerPanel).ticked == ()


async def test_a_new_question_is_in_view_when_the_panel_grows():
    """A longer list of options below makes the transcript shorter; its end (the new
    question) stays in view. (The transcript does this in the layout pass itself, so
    the frame that shows the new list shows the question too.)"""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await walk_until(pilot, WOMAN, "duration")  # 3 options; the next one has 5
        shown = app.screen.query_one(Transcript)
        height = shown.size.height
        await give(pilot, WOMAN["duration"], "keys")
        assert app.session.current_question.id == "other_hair_loss"
        assert shown.size.height < height  # the panel grew
        await pilot.pause()
        region = shown.region_of(len(shown) - 1)
        assert region.y >= 0 and region.bottom <= shown.size.height  # the question shows


@pytest.mark.slow
async def test_switching_language_at_review_then_confirming_shows_the_result():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree_and_answer(pilot, WOMAN, "keys")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert sum(isinstance(s, ReviewScreen) for s in app.screen_stack) == 1
        assert "Revisa" in plain(app.screen.query_one("#review-title"))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        # the whole conversation is back, in Spanish, up to the last question
        bots = transcript(app, "bot")
        last = app.flow.text(app.flow.question("prior_treatments").text, "es")
        assert len(bots) == len(app.session.path()) and bots[-1] == last
        await give(pilot, WOMAN["prior_treatments"], "keys")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.click("#confirm")
        await pilot.pause()
        assert app.screen.result.language == "es"


@pytest.mark.slow
async def test_a_change_at_review_that_opens_questions_asks_only_those_then_returns():
    man = answers(age=40, sex="male")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree_and_answer(pilot, man, "keys")
        await choose_at_review(pilot, "sex")
        await give(pilot, "female", "keys")
        asked = []
        while not isinstance(app.screen, ReviewScreen):
            qid = app.session.current_question.id
            asked.append(qid)
            await give(
                pilot,
                {
                    "pregnant": "no",
                    "gave_birth_recently": "no",
                    "breastfeeding": "no",
                    "planning_pregnancy": "no",
                    "menopause": "peri",
                }[qid],
                "keys",
            )
        assert asked == [
            "pregnant",
            "gave_birth_recently",
            "breastfeeding",
            "planning_pregnancy",
            "menopause",
        ]


async def test_at_80x24_a_long_multi_list_keeps_the_reply_box_and_continue_on_screen():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await agree(pilot)
        await walk_until(pilot, answers(), "medications")
        for widget_id in ("#reply", "#continue", "#choices"):
            region = app.screen.query_one(widget_id).region
            assert region.height > 0 and region.bottom <= 24, widget_id


async def test_help_shows_its_close_button_at_80x24():
    app = make_app("es")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert "Cerrar" in on_screen(app)  # the button's label is on screen, not cut off
        assert app.focused is app.screen.query_one("#close")


@pytest.mark.slow
async def test_switching_language_at_review_keeps_enter_on_see_my_result():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree_and_answer(pilot, WOMAN, "keys")
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.focused is app.screen.query_one("#confirm")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen) and app.screen.result.language == "es"


async def test_help_follows_the_language():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert plain(app.screen.query_one("#help-title")) == "Ayuda"


async def test_after_a_reply_not_understood_typing_anew_replaces_it():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await give(pilot, 40, "keys")
        await pilot.press(*"robot", "enter")
        await pilot.pause()
        box = app.screen.query_one("#reply", Input)
        assert box.value == "robot" and app.focused is box  # kept, nothing lost
        await pilot.press(*"male", "enter")
        await pilot.pause()
        assert app.session.answers["sex"] == "male"


async def test_an_answer_is_changed_from_the_transcript_with_the_keys_in_either_language():
    app = make_app("es")
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await walk_until(pilot, WOMAN, "thinning_pattern")
        await pilot.press("shift+tab")  # from the list of options to the conversation
        assert isinstance(app.focused, Transcript)
        assert "Cambiar esta respuesta" in app.screen.query_one(KeyBar).keys_shown
        await pilot.press("up", "enter")  # the answer before the latest: the sex
        await pilot.pause()
        assert app.session.current_question.id == "sex"
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("shift+tab")
        assert "Change this answer" in app.screen.query_one(KeyBar).keys_shown


def _bar_actions(app, bar) -> list[str]:
    """What a click does on each row of a scroll bar, read from the screen as drawn:
    "scroll_up" above the thumb, "grab" on it, "scroll_down" below it."""
    region = bar.region
    return [
        app.screen.get_style_at(region.x, y).meta.get("@mouse.down", "")
        for y in range(region.y, region.bottom)
    ]


async def test_the_transcript_scroll_bar_shows_where_you_are_and_scrolls_by_click_and_drag():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await walk_until(pilot, WOMAN, "scalp_symptoms")  # more than a screenful
        shown = app.screen.query_one(Transcript)
        bar = shown.vertical_scrollbar
        assert shown.max_scroll_y > 0 and shown.scroll_y == shown.max_scroll_y
        actions = _bar_actions(app, bar)
        assert actions[-1] == "grab" and actions[0] == "scroll_up"  # the thumb at the end

        await pilot.click(bar, offset=(0, 0))  # above the thumb: a page back
        await pilot.pause()
        assert 0 < shown.scroll_y < shown.max_scroll_y
        assert _bar_actions(app, bar)[-1] == "scroll_down"  # the thumb moved up

        thumb = _bar_actions(app, bar).index("grab")
        await pilot.mouse_down(bar, offset=(0, thumb))  # drag the thumb up past the top
        await pilot.hover(bar, offset=(0, -1))
        await pilot.mouse_up(bar, offset=(0, -1))
        await pilot.pause()
        assert shown.scroll_y == 0
        assert _bar_actions(app, bar)[0] == "grab"
        # the first question is on screen again
        assert "How old are you?" in on_screen(app)


async def test_a_long_list_of_options_scrolls_with_its_own_bar_at_80x24():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await agree(pilot)
        await walk_until(pilot, answers(), "medications")
        choices = app.screen.query_one(Choices)
        assert choices.max_scroll_y > 0  # more options than fit
        bar = choices.vertical_scrollbar
        question = app.session.current_question
        last = question.option_values[-1]
        last_words = f"{len(question.option_values)}. {app.flow.option_text(question, last, 'en')}"
        assert last_words not in on_screen(app)
        thumb = bar.render_lines(bar.size.region)  # the bar as drawn
        assert "grab" in _bar_actions(app, bar)
        await pilot.mouse_down(bar, offset=(0, 0))  # drag the thumb down to the end
        await pilot.hover(bar, offset=(0, bar.size.height))
        await pilot.mouse_up(bar, offset=(0, bar.size.height))
        await pilot.pause()
        assert choices.scroll_y == choices.max_scroll_y
        assert last_words in on_screen(app)
        assert bar.render_lines(bar.size.region) != thumb  # the thumb moved


async def test_with_no_color_set_the_conversation_is_drawn_in_greys(monkeypatch):
    """NO_COLOR (no-color.org): Textual turns every line grey with a line filter; the
    transcript and the option list, which hand their lines straight to the screen,
    get it too."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await walk_until(pilot, WOMAN, "scalp_symptoms")  # the transcript scrolls
        svg = app.export_screenshot()
        colours = set(re.findall(r"(?:fill|color): (#[0-9a-f]{6})", svg)) - {"#c5c8c6"}
        assert len(colours) > 2  # (#c5c8c6: the SVG's own default text colour)
        not_grey = {c for c in colours if len({c[1:3], c[3:5], c[5:7]}) > 1}
        assert not not_grey


async def test_at_80x24_a_long_list_leaves_no_empty_row_under_the_reply_box():
    """The option list's height is a share of the screen (35vh: 8.4 rows at 24); the
    part of a row left over must not become an empty row under the reply box."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await agree(pilot)
        await walk_until(pilot, answers(), "medications")
        reply_row = app.screen.query_one("#reply-row")
        progress = app.screen.query_one("#progress")
        assert reply_row.region.bottom == progress.region.y


async def test_at_80x24_the_arrow_keys_keep_the_highlighted_option_in_view():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await agree(pilot)
        await walk_until(pilot, answers(), "medications")
        question = app.session.current_question
        values = question.option_values

        def words(index: int) -> str:
            """The option's number and first words: its first row on screen (a long
            option, such as the blood thinners, wraps onto more rows)."""
            text = app.flow.option_text(question, values[index], "en")
            return f"{index + 1}. {' '.join(text.split()[:2])}"

        assert words(0) in on_screen(app) and words(len(values) - 1) not in on_screen(app)
        await pilot.press("up", "space")  # ↑ from the first option: round to the last
        await pilot.pause()
        assert words(len(values) - 1) in on_screen(app)
        assert app.screen.query_one(AnswerPanel).ticked == (values[-1],)
        await pilot.press("down")  # ↓ from the last: round to the first
        await pilot.pause()
        assert words(0) in on_screen(app)
        assert app.screen.query_one(Choices).highlighted == 0


async def test_an_option_under_the_mouse_shows_it_and_a_click_on_it_answers():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await give(pilot, 30, "keys")  # sex: three options, the first highlighted
        choices = app.screen.query_one(Choices)

        def background(row: int) -> object:
            return next(iter(choices.render_line(row))).style.bgcolor

        plain = background(2)
        await pilot.hover(choices, offset=(4, 2))
        await pilot.pause()
        hovered = background(2)
        assert hovered != plain and hovered != background(0)  # not as the highlight
        await pilot.hover("#reply")
        await pilot.pause()
        assert background(2) == plain
        await pilot.click(choices, offset=(4, 2))
        await pilot.pause()
        assert app.session.answers["sex"] == app.flow.question("sex").option_values[2]


async def test_a_list_that_fits_once_the_window_grows_shows_every_option_and_no_scroll_bar():
    """At 96x24 the eight medications a man is offered (9 rows) need a scroll bar; at
    96x26 they fit, but only at the full width (beside the bar, one more wraps: 10
    rows): the bar must go, not stay and hide the last option."""
    app = make_app()
    async with app.run_test(size=(96, 24)) as pilot:
        await agree(pilot)
        await walk_until(pilot, answers(), "medications")
        choices = app.screen.query_one(Choices)
        last = f"{choices.option_count}. None"
        assert choices.option_count == 8
        assert choices.show_vertical_scrollbar and last not in on_screen(app)
        await pilot.resize_terminal(96, 26)
        await pilot.pause()
        await pilot.pause()
        assert not choices.show_vertical_scrollbar
        assert choices.max_scroll_y == 0 and last in on_screen(app)


async def test_after_a_resize_the_highlighted_option_is_still_in_view():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await agree(pilot)
        await walk_until(pilot, answers(), "medications")
        choices = app.screen.query_one(Choices)
        last = choices.option_count - 1
        assert last == 7  # (a man is offered eight)
        await pilot.press("up")  # round to the last option, "8. None"
        await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert choices.highlighted == last
        assert f"{last + 1}. None" in on_screen(app)


async def test_continue_sends_a_typed_reply_or_the_highlighted_option_on_every_question():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        reply = app.screen.query_one("#reply", Input)
        reply.insert_text_at_cursor("34")
        await pilot.click("#continue")  # a number typed, sent by the mouse
        await pilot.pause()
        assert app.session.answers["age"] == 34
        await pilot.press("down")  # sex: the second option, the box empty
        await pilot.click("#continue")
        await pilot.pause()
        assert app.session.answers["sex"] == app.flow.question("sex").option_values[1]


async def test_a_double_click_answers_one_question_not_the_next_one_too():
    """Each answer brings the next question under the pointer: the second click of a
    double click (on an option or on Continue) must not answer it unread."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await give(pilot, 34, "keys")
        await pilot.double_click("#choices", offset=(4, 0))  # sex: the first option
        await pilot.pause()
        assert app.session.answers["sex"] == app.flow.question("sex").option_values[0]
        assert "shedding_amount" not in app.session.answers
        assert app.session.current_question.id == "shedding_amount"
        await pilot.double_click("#continue")  # the highlighted option, once
        await pilot.pause()
        assert "shedding_amount" in app.session.answers
        assert app.session.current_question.id == "thinning_pattern"
        assert "thinning_pattern" not in app.session.answers


async def test_a_reply_typed_beside_ticks_adds_to_them_and_none_with_them_is_explained():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await walk_until(pilot, WOMAN, "other_hair_loss")
        await pilot.click("#choices", offset=(6, 0))  # Eyebrows
        await pilot.click("#choices", offset=(6, 1))  # Eyelashes
        app.screen.query_one("#reply", Input).insert_text_at_cursor("none")
        await pilot.click("#continue")
        await pilot.pause()
        assert "other_hair_loss" not in app.session.answers  # "None" cannot go with them
        reply = app.screen.query_one("#reply", Input)
        assert reply.value == "none"  # kept, to mend
        reply.value = ""
        reply.insert_text_at_cursor("body hair")  # (a woman is not offered "Beard")
        await pilot.pause(0.6)  # (a person retyping: not the second click of a double click)
        await pilot.click("#continue")
        await pilot.pause()
        assert app.session.answers["other_hair_loss"] == ("eyebrows", "eyelashes", "body")


async def test_a_change_of_language_keeps_the_highlight_on_an_answered_question():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await give(pilot, 30, "keys")
        await give(pilot, "male", "keys")
        await pilot.press("escape")  # back to sex, answered "male" (the second option)
        await pilot.pause()
        await pilot.press("down")  # onto the third
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen.query_one(Choices).highlighted == 2
