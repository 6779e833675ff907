"""The staff console driven as staff use it: keys first."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from textual.widgets import Static

from intake_bot.records.intake import RecordedAnswer
from intake_bot.staff import SignInGuard
from intake_bot.store import audit
from intake_bot.store.queue import local_midnight
from intake_bot.tui.screens.chat import ChatScreen
from intake_bot.tui.screens.welcome import WelcomeScreen
from intake_bot.tui.staff.screens.intake import IntakeScreen
from intake_bot.tui.staff.screens.sign_in import SignInScreen
from tests.hair_loss_paths import answers
from tests.staff.conftest import PASSPHRASE, PATHS, hours_ago, make_intake, with_account
from tests.staff.driving import SIZE, make_app, queue, settle, sign_in, tickets
from tests.tui.driving import answer_all, on_screen, plain, see_result


def message(app) -> str:
    return plain(app.screen.query_one("#sign-in-message", Static))


# Flow v3: pain or pus-filled spots are urgent (scarring_signs) only with hair loss
# present; without it they are specialist (scalp_inflammation). The urgent intakes
# here have both, so that they are urgent on v3.
def actions(store) -> list[tuple[str, str, str | None]]:
    with store.engine.connect() as connection:
        return [(r.actor, r.action, r.ticket) for r in audit.rows(connection)]


def seeded(url: str):
    store = with_account(url)
    midnight = local_midnight()
    for ticket, outcome, when, door in (
        ("KAA-AAA", "routine", hours_ago(0.1), "kiosk"),
        ("KAA-AAC", "specialist_urgent", hours_ago(0.2), "kiosk"),
        ("KAA-AAD", "specialist", hours_ago(0.15), "staff"),
        ("KAA-AAE", "specialist_urgent", midnight - sa_days(3), "self"),
    ):
        finished = max(when, midnight) if ticket != "KAA-AAE" else when
        store.add(make_intake(ticket, outcome, finished_at=finished, front_door=door))
    return store


def sa_days(n: int):
    from datetime import timedelta

    return timedelta(days=n)


async def test_sign_in_right_wrong_and_slowed(sqlite_url):
    store = with_account(sqlite_url)
    now = [0.0]
    app = make_app(store, guard=SignInGuard(clock=lambda: now[0]))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3):
            await sign_in(pilot, "Ana", "wrong passphrase")
            assert isinstance(app.screen, SignInScreen)
        assert "Wrong name or passphrase" in message(app)
        assert "wait 2 s" in message(app)
        app.screen.query_one("#name").value = ""
        await sign_in(pilot)  # the right one, but during the wait: refused unchecked
        assert isinstance(app.screen, SignInScreen) and "Too many wrong tries" in message(app)
        now[0] += 2
        app.screen.query_one("#name").value = ""
        await sign_in(pilot)
        assert queue(app) and app.user == "Ana"
    assert [a for _, a, _ in actions(store)][1:] == ["sign-in-failed"] * 3 + ["sign-in"]
    store.close()


async def test_locks_after_idle_showing_nothing_of_patients(sqlite_url):
    store = seeded(sqlite_url)
    now = [0.0]
    app = make_app(store, clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        assert "KAA-AAC" in on_screen(app)
        now[0] += 299
        app.check_idle()
        await pilot.pause()
        assert not app.locked
        now[0] += 1
        app.check_idle()
        await pilot.pause()
        assert app.locked and isinstance(app.screen, SignInScreen)
        shown = on_screen(app)
        assert "Locked" in shown and "KAA-" not in shown and "specialist" not in shown
        await pilot.press(*PASSPHRASE, "enter")  # the name is there already
        await settle(pilot)
        assert not app.locked and "KAA-AAC" in on_screen(app)
    store.close()


async def test_queue_order_filters_and_find(sqlite_url):
    store = seeded(sqlite_url)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        assert tickets(app) == ["KAA-AAC", "KAA-AAA", "KAA-AAD", "KAA-AAE"]
        assert "!!" in on_screen(app)  # urgent: marked in words, not by colour alone
        await pilot.press("o")  # outcome: the flow's first (specialist_urgent)
        await settle(pilot)
        assert tickets(app) == ["KAA-AAC", "KAA-AAE"]
        await pilot.press("d")  # any day -> today
        await settle(pilot)
        assert tickets(app) == ["KAA-AAC"]
        await pilot.press("x")
        await settle(pilot)
        assert len(tickets(app)) == 4
        await pilot.press("f", "f")  # any door -> kiosk -> staff
        await settle(pilot)
        assert tickets(app) == ["KAA-AAD"]
        await pilot.press("x", "t", "t")  # any status -> new -> reviewed
        await settle(pilot)
        assert tickets(app) == []
        assert "No intakes match" in on_screen(app)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("slash", *"kaaaa")  # found as it is typed
        await settle(pilot)
        assert tickets(app) == ["KAA-AAC", "KAA-AAA", "KAA-AAD", "KAA-AAE"]
        await pilot.press("e")
        await settle(pilot)
        assert tickets(app) == ["KAA-AAE"]
        await pilot.press("enter")  # the only one: opened
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen) and app.screen.ticket == "KAA-AAE"
    store.close()


async def test_new_intakes_appear_without_a_restart(db_url):
    store = seeded(db_url)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        screen = queue(app)
        screen.poll()  # (every POLL seconds on its own; called here, not waited for)
        await settle(pilot)
        store.add(make_intake("KAA-AAH", "specialist_urgent"))  # a kiosk, meanwhile
        screen.poll()
        await settle(pilot)
        assert tickets(app)[0] == "KAA-AAH"
    store.close()


async def test_detail_review_note_export_and_back_with_the_place_kept(sqlite_url, tmp_path):
    store = seeded(sqlite_url)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("down")  # KAA-AAA
        await pilot.press("enter")
        await settle(pilot)
        shown = on_screen(app)
        assert "Ticket KAA-AAA" in shown and "Answers, as the patient saw them" in shown
        assert "How old are you?" in shown and "Contraindications found: none" in shown
        await pilot.press("r")
        await settle(pilot)
        assert "status: reviewed" in on_screen(app)
        await pilot.press("n")
        await pilot.press(*"called, booked Tue", "enter")
        await settle(pilot)
        assert "Ana] called, booked Tue" in plain(app.screen.query_one("#intake-body", Static))
        await pilot.press("e")
        await pilot.pause()
        path = app.screen.query_one("#export-path")
        path.value = str(tmp_path / "KAA-AAA.txt")
        await pilot.press("enter")
        await settle(pilot)
        assert "Outcome:" in Path(tmp_path / "KAA-AAA.txt").read_text()
        await pilot.press("escape")
        await settle(pilot)
        assert queue(app).current_ticket() == "KAA-AAA"  # the place kept
        stored = store.get("KAA-AAA")
        assert stored.status == "reviewed" and "called, booked Tue" in stored.staff_notes
    assert [(w, a, t) for w, a, t in actions(store)][2:] == [
        ("Ana", "view", "KAA-AAA"),
        ("Ana", "status", "KAA-AAA"),
        ("Ana", "note", "KAA-AAA"),
        ("Ana", "export", "KAA-AAA"),
    ]
    store.close()


async def test_markup_and_control_characters_display_literally(sqlite_url):
    store = with_account(sqlite_url)
    intake = make_intake("KAA-AAA")
    hostile = RecordedAnswer(
        question_id="notes",
        question="Anything else? [link=http://x]click[/link]",
        type="text",
        value="[bold red]DANGER[/] \x1b[2J\x1b[31mred\x07 $x {y}",
    )
    store.add(intake.model_copy(update={"answers": [*intake.answers, hostile]}))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#intake").scroll_end(animate=False, immediate=True)
        await pilot.pause()
        shown = on_screen(app)
        assert "[bold red]DANGER[/] \\x1b[2J\\x1b[31mred\\x07 $x {y}" in shown
        assert "Anything else? [link=http://x]click[/link]" in shown
    store.close()


async def test_a_staff_screening_is_saved_with_its_author(db_url):
    store = with_account(db_url)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"MRN-0042", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert "A member of the clinic staff will ask you" in on_screen(app)  # staff consent
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        await answer_all(pilot, answers(**PATHS["specialist_urgent"]), "keys")
        await see_result(pilot)
        await pilot.press("tab", "enter")  # "Start again": back to the queue
        await settle(pilot)
        assert queue(app)
        kept = app.staff_submitter.kept[-1]
        assert tickets(app)[0] == kept.ticket
    stored = store.get(kept.ticket)
    assert stored.front_door == "staff" and stored.screened_by == "Ana"
    assert stored.patient_ref == "MRN-0042" and stored.triage.outcome == "specialist_urgent"
    assert ("Ana", "screen", kept.ticket) in actions(store)
    store.close()


async def test_a_database_fault_is_said_and_the_screen_goes_on(sqlite_url, tmp_path):
    store = seeded(sqlite_url)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        with store.engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE intakes"))
        queue(app).load()
        await settle(pilot)
        assert "Database problem" in on_screen(app)
        assert tickets(app)  # the last rows stay, said to be possibly old
    store.close()
