"""The kiosk keeps intakes through the store: durable before the ticket shows, the
outbox when the database is down, everything still there after a restart."""

from __future__ import annotations

import pytest

from intake_bot.cli import main
from intake_bot.store.submitter import StoreSubmitter
from tests.tui.driving import agree_and_answer, plain, see_result
from tests.tui.test_kiosk import PATIENT, SIZE, Clock, kiosk_app


async def two_patients(app) -> list[str]:
    tickets = []
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(2):
            await agree_and_answer(pilot, PATIENT, "keys")
            screen = await see_result(pilot)
            tickets.append(screen.ticket)
            await pilot.press("tab", "enter")  # Start again
            await pilot.pause()
    return tickets


@pytest.mark.slow
async def test_kiosk_stores_in_the_database_and_a_restart_keeps_everything(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'intakes.sqlite3'}"
    first = StoreSubmitter(url, outbox=tmp_path / "outbox")
    tickets = await two_patients(kiosk_app(Clock(), first))
    second = StoreSubmitter(url, outbox=tmp_path / "outbox")  # the kiosk restarted
    tickets += await two_patients(kiosk_app(Clock(), second))
    assert len(set(tickets)) == 4 and None not in tickets
    stored = second.connect().find()
    assert sorted(i.ticket for i in stored) == sorted(tickets)
    assert {i.front_door for i in stored} == {"kiosk"}
    assert all(i.started_at and i.started_at < i.finished_at for i in stored)
    assert main(["export", "--db", url, "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert all(f"Ticket {t}" in text for t in tickets)


@pytest.mark.slow
async def test_database_down_the_ticket_still_shows_and_waits_in_the_outbox(tmp_path):
    down = StoreSubmitter("postgresql://nobody@127.0.0.1:1/none", outbox=tmp_path / "outbox")
    app = kiosk_app(Clock(), down)
    async with app.run_test(size=SIZE) as pilot:
        await agree_and_answer(pilot, PATIENT, "keys")
        screen = await see_result(pilot)
        assert screen.ticket is not None
        assert down.outbox.tickets() == {screen.ticket}
    url = f"sqlite:///{tmp_path / 'intakes.sqlite3'}"
    up = StoreSubmitter(url, outbox=tmp_path / "outbox")
    assert up.flush() == 1 and up.connect().get(screen.ticket) is not None


@pytest.mark.slow
async def test_neither_database_nor_outbox_the_person_is_told(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    broken = StoreSubmitter("::bad::", outbox=blocker / "outbox")
    app = kiosk_app(Clock(), broken)
    async with app.run_test(size=SIZE) as pilot:
        await agree_and_answer(pilot, PATIENT, "keys")
        screen = await see_result(pilot)
        assert screen.ticket is None
        assert "could not be saved" in plain(screen.query_one("#not-saved"))
