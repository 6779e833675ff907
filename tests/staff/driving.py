"""Driving the staff console with the Pilot."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from intake_bot.flow import load_default_flow
from intake_bot.staff import Desk, SignInGuard
from intake_bot.store.store import Store
from intake_bot.tui.staff.app import StaffApp
from intake_bot.tui.staff.screens.queue import QueueScreen
from tests.staff.conftest import PASSPHRASE

SIZE = (100, 32)


def make_app(store: Store, *, clock=None, guard: SignInGuard | None = None) -> StaffApp:
    desk = Desk(store, load_default_flow(), guard=guard or SignInGuard())
    return StaffApp(desk, "en", idle_lock=300, **({"clock": clock} if clock else {}))


async def settle(pilot: Pilot) -> None:
    """Every worker done (queries run in threads) and what they posted handled."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def sign_in(pilot: Pilot, name: str = "Ana", passphrase: str = PASSPHRASE) -> None:
    await pilot.pause()
    box = pilot.app.screen.query_one("#name", Input)
    box.value = ""
    box.focus()
    await pilot.press(*name, "enter", *passphrase, "enter")
    await settle(pilot)
    screen = pilot.app.screen
    for _ in range(200):  # signed in: until the first page is painted (a bound, not a timing)
        if not isinstance(screen, QueueScreen) or screen.painted:
            break
        await pilot.pause(0.02)
        await settle(pilot)


def queue(app: StaffApp) -> QueueScreen:
    screen = app.screen
    assert isinstance(screen, QueueScreen), screen
    return screen


def tickets(app: StaffApp) -> list[str]:
    table = queue(app).query_one("#queue", DataTable)
    return [str(table.coordinate_to_cell_key((i, 0))[0].value) for i in range(table.row_count)]
