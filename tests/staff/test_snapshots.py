"""SVG snapshots of the staff console: sign-in, the queue, one intake (80x24 and 100x32).

Fixed tickets and times (in UTC, on fixed past days) so the pictures do not move.
Update after an intended change: pytest tests/staff/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

import pytest

from tests.staff.conftest import make_intake, with_account
from tests.staff.driving import make_app, settle, sign_in


# Flow v3: pain or pus-filled spots are urgent (scarring_signs) only with hair loss
# present; without it they are specialist (scalp_inflammation). The urgent intake
# here has both, so that it is urgent on v3.
@pytest.fixture
def utc():
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def store(sqlite_url, utc):
    store = with_account(sqlite_url)
    for ticket, outcome, hour, door in (
        ("K7F-3RX", "specialist_urgent", 9, "kiosk"),
        ("M4C-TAE", "routine", 10, "kiosk"),
        ("P9H-WUY", "specialist", 11, "staff"),
        ("RAX-7KD", "routine", 12, "self"),
    ):
        finished = datetime(2026, 1, 15, hour, 5, tzinfo=UTC)
        intake = make_intake(ticket, outcome, finished_at=finished, front_door=door)
        assert intake.triage.outcome == outcome  # (the queue shows each outcome it names)
        store.add(intake)
    yield store
    store.close()


def test_sign_in(snap_compare, store):
    async def run_before(pilot):  # the sign-in is pushed over the queue at start
        await pilot.pause()
        await settle(pilot)

    assert snap_compare(make_app(store), terminal_size=(80, 24), run_before=run_before)


def test_queue(snap_compare, store):
    async def run_before(pilot):
        await sign_in(pilot)

    assert snap_compare(make_app(store), terminal_size=(80, 24), run_before=run_before)


def test_detail(snap_compare, store):
    async def run_before(pilot):
        await sign_in(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(store), terminal_size=(100, 32), run_before=run_before)
