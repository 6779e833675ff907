"""Paging the console's queue with n/p: every intake once, in order, and back again
(keyset pages: intakes arriving meanwhile never shift the page being read)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from textual.widgets import Static

from intake_bot.records.tickets import ALPHABET
from tests.staff.conftest import make_intake, with_account
from tests.staff.driving import SIZE, make_app, queue, settle, sign_in, tickets
from tests.tui.driving import plain


def status(app) -> str:
    return plain(app.screen.query_one("#queue-status", Static))


def code(n: int) -> str:
    a, b = divmod(n, len(ALPHABET))
    return f"KAA-A{ALPHABET[a]}{ALPHABET[b]}"


async def test_n_and_p_walk_the_pages_of_the_queue(sqlite_url):
    store = with_account(sqlite_url)
    base = make_intake("KAA-AAA")
    start = datetime.now(UTC) - timedelta(days=3)
    for n in range(230):
        store.add(
            base.model_copy(
                update={
                    "id": uuid.uuid4(),
                    "ticket": code(n),
                    "finished_at": start - timedelta(minutes=n),
                }
            )
        )
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await settle(pilot)
        assert status(app).startswith("1-100 of 230")
        first = tickets(app)
        assert first[0] == code(0) and len(first) == 100
        await pilot.press("n")
        await settle(pilot)
        assert status(app).startswith("101-200 of 230")
        assert tickets(app)[0] == code(100)
        store.add(base.model_copy(update={"id": uuid.uuid4(), "ticket": "KAA-FFF"}))  # new now
        await pilot.press("n")
        await settle(pilot)
        assert tickets(app) == [code(n) for n in range(200, 230)]  # not shifted by the new one
        await pilot.press("n")  # the last page: nothing further
        await settle(pilot)
        assert tickets(app)[0] == code(200)
        await pilot.press("p", "p")
        await settle(pilot)
        assert status(app).startswith("1-100 of 231")
        assert tickets(app)[0] == "KAA-FFF" and queue(app).page.offset == 0
    store.close()
