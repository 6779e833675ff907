"""Thousands of random key presses, clicks, pastes and clock jumps on a running kiosk:
no unhandled error, and the app always on a screen it knows."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events
from textual.pilot import OutOfBounds

from intake_bot.tui.screens.chat import ChatScreen
from intake_bot.tui.screens.help import HelpScreen
from intake_bot.tui.screens.pin import PinScreen
from intake_bot.tui.screens.result import ResultScreen
from intake_bot.tui.screens.review import ReviewScreen
from intake_bot.tui.screens.still_there import StillThereScreen
from intake_bot.tui.screens.too_small import TooSmallScreen
from intake_bot.tui.screens.welcome import WelcomeScreen
from tests.tui.test_kiosk import Clock, kiosk_app

KNOWN_SCREENS = (
    WelcomeScreen, ChatScreen, ReviewScreen, ResultScreen, HelpScreen, PinScreen,
    StillThereScreen, TooSmallScreen,
)  # fmt: skip
SIZE = (100, 32)

KEYS = [
    "enter", "enter", "enter", "tab", "shift+tab", "escape", "up", "down", "down", "space",
    "backspace", "f1", "f2", "f3", "f12", "ctrl+q", "ctrl+c", "ctrl+z", "ctrl+backslash",
    "ctrl+p", "home", "end", "pagedown", "1", "2", "3", "y", "n", "question_mark",
]  # fmt: skip
TEXTS = st.one_of(
    st.sampled_from(
        [
            "[/]",
            "[red]x",
            "[bold]",
            "[link=x]",
            "\x1b[2J",
            "\x00\x07",
            "yes",
            "no",
            "none",
            "42",
            "sí",
        ]
    ),
    st.text(max_size=300),
    st.text(alphabet="髪🙂한글", max_size=50),
)
ACTIONS = st.one_of(
    st.tuples(st.just("key"), st.sampled_from(KEYS)),
    st.tuples(
        st.just("click"), st.tuples(st.integers(0, SIZE[0] - 1), st.integers(0, SIZE[1] - 1))
    ),
    st.tuples(st.just("paste"), TEXTS),
    st.tuples(st.just("wait"), st.sampled_from([5.0, 30.0, 75.0, 95.0])),
    st.tuples(st.just("resize"), st.sampled_from([(100, 32), (80, 24), (40, 10), (120, 40)])),
)


async def play(actions: list[tuple[str, object]]) -> None:
    clock = Clock()
    app = kiosk_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        for kind, value in actions:
            if app.staff_exit:  # a random PIN can be right: that is a clean way out
                return
            if kind == "key":
                await pilot.press(value)  # type: ignore[arg-type]
            elif kind == "click":
                x, y = value  # type: ignore[misc]
                with contextlib.suppress(OutOfBounds):
                    await pilot.click(
                        offset=(min(x, app.size.width - 1), min(y, app.size.height - 1))
                    )
            elif kind == "paste":
                app.screen.post_message(events.Paste(str(value)))
                if app.focused is not None:
                    app.focused.post_message(events.Paste(str(value)))
            elif kind == "wait":
                clock.now += float(value)  # type: ignore[arg-type]
                app.kiosk_controller.tick()
            elif kind == "resize":
                await pilot.resize_terminal(*value)  # type: ignore[misc]
            if kind in ("paste", "wait", "resize"):  # press and click wait for the screen already
                await pilot.pause()
            assert app.kiosk.crashes == 0, "the kiosk hit an error and restarted"
            assert app.is_running or app.staff_exit
            assert isinstance(app.screen, KNOWN_SCREENS), app.screen
    assert app.kiosk.crashes == 0 and app.return_code in (None, 0)


@pytest.mark.slow  # (about 2.5 minutes)
@settings(
    max_examples=16,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(ACTIONS, min_size=60, max_size=140))
def test_random_use_never_breaks_the_kiosk(actions):
    asyncio.run(play(actions))
