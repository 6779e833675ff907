"""The welcome shows the consent of its front door: true where it is read."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from intake_bot.config import KioskSettings
from intake_bot.flow import load_default_flow
from intake_bot.pin import hash_pin
from intake_bot.records.intake import MemorySubmitter
from intake_bot.tui.app import IntakeApp
from intake_bot.tui.kiosk import KioskMode
from tests.tui.driving import SIZE, plain


def kiosk_app(language: str) -> IntakeApp:
    settings = KioskSettings(pin_hash=hash_pin("246813", salt=b"0123456789abcdef"))
    mode = KioskMode(settings, submitter=MemorySubmitter())
    return IntakeApp(load_default_flow(), language, kiosk=mode)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("door", ["kiosk", "self"])
async def test_the_welcome_shows_the_consent_of_its_front_door(door, language):
    flow = load_default_flow()
    app = kiosk_app(language) if door == "kiosk" else IntakeApp(flow, language)
    async with app.run_test(size=SIZE):
        shown = plain(app.screen.query_one("#consent", Static))
        assert shown == flow.consent_for(door, language)
        other = "self" if door == "kiosk" else "kiosk"
        assert shown != flow.consent_for(other, language)


async def test_the_kiosk_consent_follows_a_change_of_language():
    app = kiosk_app("en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#lang-es")
        await pilot.pause()
        shown = plain(app.screen.query_one("#consent", Static))
        assert shown == load_default_flow().consent_for("kiosk", "es")
        assert "código" in shown


class BrokenDisk:
    """A self-assessment store that cannot write (a full disk, a read-only home)."""

    def submit(self, intake):
        from intake_bot.errors import StoreError

        raise StoreError("disk full")

    def ticket_taken(self, code: str) -> bool:
        return False


@pytest.mark.parametrize("language", ["en", "es"])
async def test_at_home_a_summary_that_could_not_be_saved_never_says_tell_the_staff(language):
    from tests.hair_loss_paths import calm
    from tests.tui.driving import agree, answer_all, see_result

    app = IntakeApp(load_default_flow(), language, submitter=BrokenDisk())
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await answer_all(pilot, calm(), "keys")
        screen = await see_result(pilot)
        said = plain(screen.query_one("#not-saved", Static))
        assert (
            said
            == {
                "en": "Sorry, your summary could not be saved on this computer.",
                "es": "Lo sentimos, no se ha podido guardar tu resumen en este ordenador.",
            }[language]
        )


@pytest.mark.parametrize("language", ["en", "es"])
async def test_at_home_the_consent_says_so_when_every_summary_is_saved(language):
    flow = load_default_flow()
    app = IntakeApp(flow, language, saves_every_summary=True)
    async with app.run_test(size=SIZE):
        shown = plain(app.screen.query_one("#consent", Static))
        assert shown == flow.consent_for("self_save", language)
        assert shown != flow.consent_for("self", language)


def test_every_summary_is_saved_at_home_only_with_a_consent_that_says_so():
    from pathlib import Path

    from intake_bot.cli import saves_every_summary
    from intake_bot.flow import load_flow

    hair_loss = load_default_flow()
    assert saves_every_summary(hair_loss, wanted=True)
    assert not saves_every_summary(hair_loss, wanted=False)
    # A flow whose home consent only says "nothing is saved unless you choose":
    dental = load_flow(Path(__file__).parents[1] / "flows" / "dental_checkin.yaml")
    assert "self_save" not in dental.consent
    assert not saves_every_summary(dental, wanted=True)


@pytest.mark.parametrize("language", ["en", "es"])
async def test_at_home_the_next_steps_name_the_clinics_phone_from_the_settings(language):
    from intake_bot.engine.triage import Clinic
    from tests.hair_loss_paths import answers
    from tests.tui.driving import agree, answer_all, see_result

    clinic = Clinic(name="Clínica Sol", phone="+34 912 345 678")
    app = IntakeApp(load_default_flow(), language, clinic=clinic)
    async with app.run_test(size=SIZE) as pilot:
        await agree(pilot)
        await answer_all(pilot, answers(patches="yes"), "keys")
        screen = await see_result(pilot)
        steps = plain(screen.query_one("#next-steps", Static))
        assert "Clínica Sol" in steps and "+34 912 345 678" in steps
        assert "{" not in steps
