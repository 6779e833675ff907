"""At home the person chooses whether their summary is kept: nothing is written unless
they ask (``--save``, ``save_self``, or *Save my summary* on the result screen), and
what is kept can be read again with the code the screen gives."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Button, Static

from intake_bot.cli import main
from intake_bot.flow import load_default_flow
from intake_bot.store.self_save import SAVE_SELF_VARIABLE, SelfSave
from intake_bot.store.store import Store
from intake_bot.tui.app import IntakeApp
from intake_bot.tui.screens.result import ResultScreen
from tests.hair_loss_paths import calm
from tests.tui.driving import SIZE, agree, answer_all, on_screen, plain, see_result


def home_app(saver: SelfSave, language: str = "en") -> IntakeApp:
    """As ``intake-bot`` builds it: kept at the result only if something asked for it."""
    submitter = saver if saver.may_ask else None
    return IntakeApp(load_default_flow(), language, submitter=submitter, saver=saver)


async def to_result(pilot) -> ResultScreen:
    await agree(pilot)
    await answer_all(pilot, calm(), "keys")
    return await see_result(pilot)


async def press_save(pilot) -> None:
    pilot.app.screen.query_one("#save", Button).press()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def no_config(tmp_path, monkeypatch):
    """No config file and no saving variable: nothing asks for saving beforehand."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv(SAVE_SELF_VARIABLE, raising=False)


@pytest.mark.parametrize("language", ["en", "es"])
async def test_nothing_is_written_until_the_person_presses_save_my_summary(
    tmp_path, no_config, capsys, language
):
    db = tmp_path / "mine.sqlite3"
    saver = SelfSave(url=f"sqlite:///{db}", config=None, save=False)
    assert not saver.may_ask
    app = home_app(saver, language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_result(pilot)
        assert not db.exists() and app.submitter is None
        label = {"en": "Save my summary", "es": "Guardar mi resumen"}[language]
        assert str(screen.query_one("#save", Button).label) == label
        await press_save(pilot)
        assert db.exists()
        said = plain(app.screen.query_one("#saved", Static))
        ticket = saver.kept[0].ticket
        assert ticket in said and "intake-bot export --ticket" in said and f" {db}." in said
        assert f"--db sqlite:///{db}" in said  # (given with --db: export needs it too)
        assert not app.screen.query("#save")  # saved once, not twice
        assert "Start again" in on_screen(app) or "Empezar de nuevo" in on_screen(app)
        # The focus is back on the result: Enter pressed again while waiting loses nothing.
        assert app.focused is app.screen.query_one("#result")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
    with Store(f"sqlite:///{db}") as store:
        kept = store.get(ticket)
    assert kept is not None and kept.front_door == "self" and kept.triage.outcome == "routine"
    assert main(["export", "--db", f"sqlite:///{db}", "--ticket", ticket, "--format", "text"]) == 0
    assert f"Ticket {ticket}" in capsys.readouterr().out


class SlowSave(SelfSave):
    """A save that takes as long as the test says (a first save migrates a new file)."""

    def __init__(self, **options) -> None:
        super().__init__(**options)
        self.go_on = threading.Event()

    def keep(self, intake):
        self.go_on.wait(10)
        return super().keep(intake)


async def test_enter_pressed_again_while_saving_loses_nothing(tmp_path, no_config):
    saver = SlowSave(url=f"sqlite:///{tmp_path / 'mine.sqlite3'}", config=None, save=False)
    app = home_app(saver)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_result(pilot)
        screen.query_one("#save", Button).focus()
        await pilot.press("enter")  # Save my summary
        await pilot.press("enter")  # pressed again while it saves
        assert app.screen is screen and screen.query_one("#save", Button).disabled
        saver.go_on.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is screen and screen.query("#saved")
        assert len(saver.kept) == 1


async def test_with_save_asked_beforehand_the_result_gives_the_code_at_once(tmp_path, no_config):
    db = tmp_path / "mine.sqlite3"
    saver = SelfSave(url=f"sqlite:///{db}", config=None, save=True)
    app = home_app(saver)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_result(pilot)
        assert len(saver.kept) == 1
        assert saver.kept[0].ticket in plain(screen.query_one("#saved", Static))
        assert not screen.query("#save")


async def test_the_saving_variable_alone_asks_for_saving(tmp_path, no_config, monkeypatch):
    monkeypatch.setenv(SAVE_SELF_VARIABLE, "true")
    db = tmp_path / "mine.sqlite3"
    saver = SelfSave(url=f"sqlite:///{db}", config=None, save=False)
    assert saver.may_ask
    app = home_app(saver)
    async with app.run_test(size=SIZE) as pilot:
        await to_result(pilot)
    assert len(saver.kept) == 1 and db.exists()


async def test_save_my_summary_goes_where_the_environment_says(tmp_path, no_config, monkeypatch):
    db = tmp_path / "named.sqlite3"
    monkeypatch.setenv("INTAKE_BOT_DB", f"sqlite:///{db}")
    saver = SelfSave(url=None, config=None, save=False)
    app = home_app(saver)
    async with app.run_test(size=SIZE) as pilot:
        await to_result(pilot)
        await press_save(pilot)
        said = plain(app.screen.query_one("#saved", Static))
    assert db.exists() and f" {db}." in said
    # export reads the same variable, so the command needs no --db
    assert said.endswith(f"intake-bot export --ticket {saver.kept[0].ticket} --format text")


async def test_a_save_that_fails_says_so_and_can_be_tried_again(tmp_path, no_config):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    saver = SelfSave(url=f"sqlite:///{blocker / 'mine.sqlite3'}", config=None, save=False)
    app = home_app(saver)
    async with app.run_test(size=SIZE) as pilot:
        await to_result(pilot)
        await press_save(pilot)
        said = plain(app.screen.query_one("#not-saved", Static))
        assert said == "Sorry, your summary could not be saved on this computer."
        retry = app.screen.query_one("#save", Button)
        assert not retry.disabled and app.focused is retry
        assert saver.kept == []


async def test_the_kiosk_offers_no_save_button(tmp_path):
    from tests.tui.test_consent import kiosk_app

    app = kiosk_app("en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_result(pilot)
        assert not screen.query("#save") and not screen.query("#saved")
        assert screen.ticket is not None
