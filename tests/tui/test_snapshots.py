"""SVG snapshots of the screens a patient sees (pytest-textual-snapshot).

Update after an intended change with: pytest tests/tui/test_snapshots.py --snapshot-update
and look at the report before committing.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from intake_bot.tui.widgets.answer_panel import AnswerPanel
from tests.hair_loss_paths import answers, calm
from tests.tui.driving import SIZE, agree, agree_and_answer, give, make_app, see_result
from tests.tui.test_consent import kiosk_app

OUTCOME_PATHS = {
    "routine": calm(),
    "mesotherapy": answers(
        age=48,
        sex="female",
        shedding_amount="increased",
        thinning_pattern="diffuse",
        menopause="peri",
    ),
    "specialist": answers(patches="yes", onset="sudden", shedding_amount="increased"),
    # (flow v3: pain and pus-filled spots are urgent only with hair loss present)
    "specialist_urgent": answers(
        scalp_symptoms=["pain_burning", "pustules"], shedding_amount="increased"
    ),
}


def test_welcome(snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE)


def test_welcome_in_spanish_at_80x24(snap_compare):
    assert snap_compare(make_app("es"), terminal_size=(80, 24))


def test_choice_question(snap_compare):
    async def run_before(pilot):
        await agree(pilot)
        await give(pilot, 34, "keys")
        await give(pilot, "female", "keys")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_multi_question_with_ticks(snap_compare):
    async def run_before(pilot):
        await agree(pilot)
        path = calm()
        while pilot.app.session.current_question.id != "scalp_symptoms":
            await give(pilot, path[pilot.app.session.current_question.id], "keys")
        panel = pilot.app.screen.query_one(AnswerPanel)
        panel.toggle("itch")
        panel.toggle("dandruff_oily")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_reply_not_understood(snap_compare):
    async def run_before(pilot):
        await agree(pilot)
        await give(pilot, 34, "keys")
        box = pilot.app.screen.query_one("#reply", Input)
        box.focus()
        box.value = "[red]maybe[/]"
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


@pytest.mark.slow
def test_review(snap_compare):
    async def run_before(pilot):
        await agree_and_answer(pilot, OUTCOME_PATHS["mesotherapy"], "keys")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("outcome", list(OUTCOME_PATHS))
def test_result(snap_compare, outcome, language):
    async def run_before(pilot):
        await agree_and_answer(pilot, OUTCOME_PATHS[outcome], "keys")
        screen = await see_result(pilot)
        assert screen.result.outcome == outcome

    assert snap_compare(make_app(language), terminal_size=SIZE, run_before=run_before)


def test_kiosk_welcome(snap_compare):
    assert snap_compare(kiosk_app("en"), terminal_size=SIZE)


def test_help(snap_compare):
    assert snap_compare(make_app(), terminal_size=SIZE, press=["f1"])


def test_high_contrast_question(snap_compare):
    async def run_before(pilot):
        await agree(pilot)
        await pilot.press("f3")
        await give(pilot, 34, "keys")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)
