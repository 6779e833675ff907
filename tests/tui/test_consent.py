"""The welcome shows the consent of its front door: true where it is read."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from intake_bot.config import KioskSettings
from intake_bot.flow import load_default_flow
from intake_bot.pin import hash_pin
from intake_bot.records import MemorySubmitter
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
