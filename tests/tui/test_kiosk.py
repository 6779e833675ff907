"""Kiosk mode: private between patients, no way out but the staff PIN, never dies."""

from __future__ import annotations

import asyncio
import gc
import re
import sys
import weakref

import pytest
from textual.widgets import Input

from intake_bot.config import KioskSettings
from intake_bot.flow import load_default_flow
from intake_bot.kiosk import RESTART
from intake_bot.pin import hash_pin
from intake_bot.records.intake import MemorySubmitter
from intake_bot.records.tickets import is_valid
from intake_bot.tui.app import IntakeApp
from intake_bot.tui.kiosk import KioskMode
from intake_bot.tui.screens.chat import ChatScreen
from intake_bot.tui.screens.pin import PinScreen
from intake_bot.tui.screens.result import ResultScreen
from intake_bot.tui.screens.still_there import StillThereScreen
from intake_bot.tui.screens.too_small import TooSmallScreen
from intake_bot.tui.screens.welcome import WelcomeScreen
from intake_bot.tui.widgets.answer_panel import AnswerPanel
from intake_bot.tui.widgets.transcript import Transcript
from tests.hair_loss_paths import answers
from tests.tui.driving import (
    SIZE,
    agree,
    agree_and_answer,
    give,
    on_screen,
    plain,
    see_result,
    transcript,
)

PIN = "246813"
PIN_HASH = hash_pin(PIN, salt=b"0123456789abcdef")
PATIENT = answers(age=34, sex="female", shedding_amount="heavy", gave_birth_recently="yes")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def kiosk_app(clock: Clock, submitter: MemorySubmitter | None = None, **settings) -> IntakeApp:
    options = {
        "idle_timeout": 90,
        "idle_warning": 20,
        "result_timeout": 60,
        "pin_hash": PIN_HASH,
        **settings,
    }
    mode = KioskMode(
        KioskSettings(**options), submitter=submitter or MemorySubmitter(), clock=clock
    )
    return IntakeApp(load_default_flow(), kiosk=mode)


async def submit_pin(app: IntakeApp) -> None:
    """Enter on the PIN box, without the Pilot waiting on a screen that is closing."""
    await app.screen.query_one("#pin-input", Input).action_submit()
    await app.workers.wait_for_complete()
    for _ in range(100):  # the check's answer comes back through the event loop
        if app.staff_exit:
            break
        await asyncio.sleep(0.02)


async def first_answers(pilot) -> None:
    """The patient agrees and gives their age, sex and how much hair they shed."""
    await agree(pilot)
    for qid in ("age", "sex", "shedding_amount"):
        await give(pilot, PATIENT[qid], "keys")


async def test_idle_session_warns_then_is_wiped_leaving_nothing_of_the_patient():
    clock = Clock()
    app = kiosk_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await first_answers(pilot)
        assert "34 years" in on_screen(app)
        old_session = app.session
        clock.now += 71  # 19 s left: the warning shows, counting down
        app.kiosk_controller.tick()
        await pilot.pause()
        assert isinstance(app.screen, StillThereScreen)
        assert "19 s" in plain(app.screen.query_one("#countdown"))
        clock.now += 19
        app.kiosk_controller.tick()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.screen_stack == [app.screen]  # the welcome alone, ready for the next one
        assert app.focused is app.screen.query_one("#agree")
        assert app.session is None and dict(old_session.answers) == {}
        assert not any(isinstance(s, ChatScreen | StillThereScreen) for s in app.screen_stack)
        assert not any(t.entries for s in app.screen_stack for t in s.query(Transcript))
        screen_text = on_screen(app)
        for trace in ("34 years", "Female", "Much more than usual"):
            assert trace not in screen_text


async def test_still_there_hides_the_answers_and_only_its_button_answers_it():
    clock = Clock()
    app = kiosk_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await first_answers(pilot)
        clock.now += 75
        app.kiosk_controller.tick()
        await pilot.pause()
        assert isinstance(app.screen, StillThereScreen)
        assert "34 years" not in on_screen(app) and "Female" not in on_screen(app)
        # Someone else touches the keyboard and the mouse: nothing shows, nothing waits.
        await pilot.press("x", "down", "escape", "f1", "f2", "ctrl+c", "q")
        await pilot.click(offset=(2, 2))
        await pilot.pause()
        assert isinstance(app.screen, StillThereScreen) and app.language == "en"
        assert "34 years" not in on_screen(app)
        clock.now += 15  # the keys did not restart the idle time: wiped when it ran out
        app.kiosk_controller.tick()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.session is None


async def test_yes_im_here_keeps_the_answers_and_restarts_the_idle_time():
    clock = Clock()
    app = kiosk_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await give(pilot, 34, "keys")
        clock.now += 75
        app.kiosk_controller.tick()
        await pilot.pause()
        assert isinstance(app.screen, StillThereScreen)
        await pilot.press("enter")  # on "Yes, I'm here"
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen) and "34 years" in on_screen(app)
        clock.now += 30  # the button restarted the clock
        app.kiosk_controller.tick()
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen) and app.session.answers == {"age": 34}


async def test_a_wiped_conversation_is_freed_from_memory_before_the_next_patient():
    clock = Clock()
    app = kiosk_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await first_answers(pilot)
        chat = weakref.ref(app.screen)
        transcript = weakref.ref(app.screen.query_one(Transcript))
        clock.now += 91
        app.kiosk_controller.tick()  # idle too long: wiped
        await pilot.pause()  # the app starts freeing them (a worker) from its own queue
        await app.workers.wait_for_complete()
        # Not merely unreachable: gone, and not set aside (frozen) for good with the app.
        assert chat() is None and transcript() is None
        await agree(pilot)  # the next patient's first question sets things aside again
        await pilot.pause()
        assert chat() is None and transcript() is None


#: A patient's reply, kept as bytes: a str of it in this module would itself be found.
SECRET = b"my quixoticzebra reply"


def strings_holding(secret: bytes) -> list[str]:
    """Every string the program can still reach that holds ``secret``: from every object
    the garbage collector tracks and every module, through untracked containers too."""
    found, seen = [], set()
    todo = [*gc.get_objects(), *sys.modules.values()]
    while todo:
        obj = todo.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, str):
            if "zebra" in obj and secret in obj.encode("utf-8", "surrogatepass"):
                found.append(obj[:80])
            continue
        todo += gc.get_referents(obj)
    return found


@pytest.mark.slow
async def test_a_wipe_leaves_no_copy_of_what_the_patient_typed():
    clock = Clock()
    app = kiosk_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await give(pilot, 34, "keys")
        keys = ["space" if b == 32 else chr(b) for b in SECRET]
        await pilot.press(*keys, "enter")  # not understood: it stays in the box, selected
        await pilot.pause()
        note = transcript(app, "note")[-1]
        assert "didn't quite understand" in note and "zebra" not in note  # not echoed
        assert "zebra" in on_screen(app)  # (in the reply box, to mend)
        await pilot.press("ctrl+x")  # cut: the app's clipboard (and the terminal's)
        await pilot.pause()
        assert strings_holding(SECRET)  # (the scan sees it while the patient is here)
        clock.now += 91
        app.kiosk_controller.tick()
        await pilot.pause()
        await app.workers.wait_for_complete()
        gc.collect()
        assert app.clipboard == "" and strings_holding(SECRET) == []
        await agree(pilot)  # the next patient pastes: nothing of the last one
        await pilot.press("ctrl+v")
        await pilot.pause()
        assert app.screen.query_one("#reply", Input).value == ""


async def test_a_language_left_behind_on_the_welcome_is_reset():
    clock = Clock()
    app = kiosk_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#lang-es")
        await pilot.pause()
        assert app.language == "es"
        clock.now += 91
        app.kiosk_controller.tick()
        await pilot.pause()
        assert app.language == "en" and "agree" in str(app.screen.query_one("#agree").label)


@pytest.mark.parametrize("key", ["ctrl+q", "ctrl+c", "ctrl+z", "ctrl+backslash", "escape", "f10"])
async def test_quit_and_suspend_keys_do_nothing(key):
    app = kiosk_app(Clock())
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await give(pilot, 34, "keys")
        await pilot.press(key)
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert app.session is not None and app.session.answers == {"age": 34}
        assert not app.screen.query("CommandPalette")


@pytest.mark.slow
async def test_no_leave_or_quit_buttons_at_the_kiosk():
    clock = Clock()
    app = kiosk_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        assert not app.screen.query("#leave")
        await agree_and_answer(pilot, PATIENT, "keys")
        screen = await see_result(pilot)
        assert not screen.query("#quit")


async def test_the_staff_pin_unlocks():
    app = kiosk_app(Clock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        await pilot.pause()
        assert isinstance(app.screen, PinScreen)
        await pilot.press(*PIN)
        await submit_pin(app)
    assert app.staff_exit and app.return_code == 0 and app.kiosk.crashes == 0


async def test_wrong_pins_are_refused_and_slowed_down():
    clock = Clock()
    app = kiosk_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        for _ in range(3):
            await pilot.press(*"111111", "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
        message = plain(app.screen.query_one("#pin-message"))
        assert "not right" in message and "wait 2 s" in message
        guard = app.kiosk.guard
        assert guard.failures == 3
        await pilot.press(*PIN, "enter")  # even the right PIN waits its turn
        await pilot.pause()
        assert guard.failures == 3 and app.is_running and isinstance(app.screen, PinScreen)
        assert "wait" in plain(app.screen.query_one("#pin-message"))
        assert app.screen.query_one("#pin-input", Input).value == ""
        clock.now += 2
        await pilot.press(*PIN)
        await submit_pin(app)
    assert app.staff_exit


async def test_enter_on_an_empty_or_short_pin_is_not_a_try():
    app = kiosk_app(Clock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        for keys in ([], [], [], [], ["1", "2", "3", "4"]):
            await pilot.press(*keys, "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
        message = plain(app.screen.query_one("#pin-message"))
        assert "6 to 12 digits" in message and "wait" not in message
        assert app.kiosk.guard.failures == 0 and app.kiosk.guard.wait_left() == 0
        await pilot.press(*PIN)
        await submit_pin(app)  # staff were not made to wait
    assert app.staff_exit


@pytest.mark.parametrize(
    "stored",
    [
        "scrypt$1$1$1$AAAA$AAAA",
        f"scrypt${2**30}$8$1$MDEyMzQ1Njc4OWFiY2RlZg==${PIN_HASH.rsplit('$', 1)[1]}",
        f"scrypt$16384$8$1$${PIN_HASH.rsplit('$', 1)[1]}",
    ],
)
async def test_a_pin_hash_that_cannot_be_checked_is_said_and_never_restarts_the_kiosk(stored):
    import logging

    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Keep()
    logging.getLogger("intake_bot.kiosk").addHandler(handler)
    app = kiosk_app(Clock())
    app.kiosk.guard.stored_hash = stored  # (the config refuses these: see test_config)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f12", *PIN, "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, PinScreen) and app.is_running
            message = plain(app.screen.query_one("#pin-message"))
            assert "The PIN setting is broken — see the README" in message
    finally:
        logging.getLogger("intake_bot.kiosk").removeHandler(handler)
    assert app.return_code is None and app.kiosk.crashes == 0 and not app.staff_exit
    assert any("PinCheckError at pin.py" in r for r in records), records
    assert not any(PIN in r for r in records)


def test_a_crash_in_a_worker_is_summarised_by_its_real_type_and_place():
    from textual.worker import WorkerFailed

    from intake_bot.kiosk.log import crash_summary

    def check_the_pin() -> None:
        raise ZeroDivisionError("a patient's words")

    try:
        check_the_pin()
    except ZeroDivisionError as error:
        summary = crash_summary(WorkerFailed(error))
    assert summary.startswith("ZeroDivisionError at test_kiosk.py:")
    assert "check_the_pin" in summary and "patient" not in summary


async def test_escape_closes_the_pin_prompt_without_leaving():
    app = kiosk_app(Clock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.is_running


@pytest.mark.slow
async def test_result_shows_a_ticket_submits_the_intake_and_times_out():
    clock = Clock()
    submitter = MemorySubmitter()
    app = kiosk_app(clock, submitter)
    async with app.run_test(size=SIZE) as pilot:
        await agree_and_answer(pilot, PATIENT, "keys")
        screen = await see_result(pilot)
        ticket = screen.ticket
        assert ticket is not None and is_valid(ticket)
        assert " ".join(ticket) in plain(screen.query_one("#ticket"))
        intake = submitter.intakes[ticket]
        assert intake.triage.outcome == screen.result.outcome
        assert intake.values()["age"] == 34 and intake.flow_id == "hair_loss"
        clock.now += 59
        app.kiosk_controller.tick()
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        clock.now += 1
        app.kiosk_controller.tick()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.session is None
        assert ticket not in on_screen(app)


@pytest.mark.slow
@pytest.mark.parametrize("keys", [["down"], ["up"], ["tab"], ["f1"], ["f2"], ["f12"]])
async def test_keys_on_the_result_do_not_keep_it_on_screen(keys):
    clock = Clock()
    app = kiosk_app(clock, result_timeout=5)
    async with app.run_test(size=SIZE) as pilot:
        await agree_and_answer(pilot, PATIENT, "keys")
        screen = await see_result(pilot)
        ticket = screen.ticket
        for _ in range(2):  # a key every 2 s, as the red team did
            clock.now += 2
            await pilot.press(*keys)
            await pilot.pause()
            app.kiosk_controller.tick()
            await pilot.pause()
            assert any(isinstance(s, ResultScreen) for s in app.screen_stack)
        clock.now += 1  # 5 s since it appeared
        await pilot.press(*keys)
        app.kiosk_controller.tick()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.screen_stack == [app.screen]
        assert " ".join(ticket) not in on_screen(app) and app.session is None


@pytest.mark.slow
async def test_two_patients_get_different_tickets():
    clock = Clock()
    submitter = MemorySubmitter()
    app = kiosk_app(clock, submitter)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(2):
            await agree_and_answer(pilot, PATIENT, "keys")
            await see_result(pilot)
            await pilot.press("tab", "enter")  # Tab to "Start again"
            await pilot.pause()
    assert len(submitter.intakes) == 2


@pytest.mark.slow
async def test_a_submission_that_fails_is_said_plainly():
    class Broken(MemorySubmitter):
        def submit(self, intake):
            raise OSError("disk full")

    app = kiosk_app(Clock(), Broken())
    async with app.run_test(size=SIZE) as pilot:
        await agree_and_answer(pilot, PATIENT, "keys")
        screen = await see_result(pilot)
        assert screen.ticket is None
        assert "could not be saved" in plain(screen.query_one("#not-saved"))


async def test_an_unexpected_error_ends_the_app_for_a_restart_without_patient_data_in_the_log(
    monkeypatch,
):
    import logging

    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    logging.getLogger("intake_bot.kiosk").addHandler(Keep())

    async def broken(self, value):
        raise RuntimeError(f"cannot handle {value!r}")

    monkeypatch.setattr(ChatScreen, "_give", broken)
    app = kiosk_app(Clock())
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        app.screen.query_one(AnswerPanel).post_message(AnswerPanel.Typed("34"))
    assert app.return_code == RESTART and app.kiosk.crashes == 1
    assert any("RuntimeError" in r for r in records)
    assert not any("34" in r or "cannot handle" in r for r in records)
    # The fresh app started next in this process finds the garbage collector running
    # (the answer had paused it) and the ended app's objects collectable again.
    assert gc.isenabled() and gc.get_freeze_count() == 0


@pytest.mark.parametrize("mid_patient", [False, True])
async def test_the_size_notice_clears_even_after_f12_was_pressed_over_it(mid_patient):
    clock = Clock()
    app = kiosk_app(clock)
    async with app.run_test(size=SIZE) as pilot:
        if mid_patient:
            await first_answers(pilot)
        below = app.screen
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("f12")
        await pilot.pause()
        await pilot.resize_terminal(100, 32)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not any(isinstance(s, TooSmallScreen) for s in app.screen_stack)
        assert app.screen is below
        if mid_patient:  # the answers are still there: no wipe was needed
            assert "34 years" in on_screen(app) and app.session.answers["age"] == 34


async def test_a_size_notice_under_another_screen_is_removed_and_checked_again():
    app = kiosk_app(Clock())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")  # the PIN prompt is open when the window shrinks
        await pilot.pause()
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        app.push_screen(PinScreen(app.kiosk.guard, "en"))  # something opens over it
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)  # the notice stays on top
        await pilot.resize_terminal(100, 32)
        await pilot.pause()
        assert not any(isinstance(s, TooSmallScreen) for s in app.screen_stack)
        assert [type(s) for s in app.screen_stack] == [WelcomeScreen, PinScreen]
        await pilot.press("escape")  # closing a screen looks at the size again
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)


async def test_a_tiny_terminal_asks_to_be_enlarged_and_recovers():
    app = kiosk_app(Clock())
    async with app.run_test(size=(50, 14)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "bigger" in plain(app.screen.query_one("#too-small"))
        await pilot.resize_terminal(100, 32)
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)


def test_ticket_codes_look_right():
    from intake_bot.records.tickets import ALPHABET, TicketIssuer, normalize

    taken = {"AAA-AAA"}
    issuer = TicketIssuer(taken.__contains__)
    codes = {issuer.issue() for _ in range(500)}
    assert len(codes) == 500 and all(re.fullmatch(r"[A-Z0-9]{3}-[A-Z0-9]{3}", c) for c in codes)
    assert not set("".join(codes)) & set("0O1IL2Z5S8B6GQ")
    assert normalize(" k7f 3qx ") == "K7F-3QX" and set(ALPHABET).isdisjoint("0O1IL")
    sequence = iter("AAAAAA" + "CCCCCC")
    issuer = TicketIssuer(taken.__contains__, choose=lambda alphabet: next(sequence))
    assert issuer.issue() == "CCC-CCC"  # AAA-AAA is taken: never reused
