"""Accounts, the queue's order, filters and pages, notes and the audit, on both engines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from intake_bot.flow import load_default_flow
from intake_bot.staff import Desk, SignInGuard
from intake_bot.store import audit
from intake_bot.store.accounts import AccountError, Accounts
from intake_bot.store.queue import Filters, fingerprint, local_midnight, ticket_pattern
from intake_bot.terminal import visible
from tests.staff.conftest import PASSPHRASE, hours_ago, make_intake, with_account


# Flow v3: pain or pus-filled spots are urgent (scarring_signs) only with hair loss
# present; without it they are specialist (scalp_inflammation). The urgent intakes
# here have both, so that they are urgent on v3.
def actions(store) -> list[tuple[str, str, str | None]]:
    with store.engine.connect() as connection:
        return [(r.actor, r.action, r.ticket) for r in audit.rows(connection)]


def test_accounts_add_check_list_remove(db_url):
    store = with_account(db_url, "Ana  Ruiz")
    accounts = Accounts(store)
    assert accounts.check("ana ruiz", PASSPHRASE) == "Ana Ruiz"  # case and spaces forgiven
    assert accounts.check("Ana Ruiz", "wrong passphrase") is None
    assert accounts.check("Nobody", PASSPHRASE) is None
    with pytest.raises(AccountError, match="already"):
        accounts.add("ANA RUIZ", PASSPHRASE, actor="test")
    with pytest.raises(AccountError, match="at least 10"):
        accounts.add("Bob", "short", actor="test")
    with pytest.raises(AccountError, match="control"):
        accounts.add("Bob\x1b[2J", PASSPHRASE, actor="test")
    assert [a.name for a in accounts.list()] == ["Ana Ruiz"]
    with store.engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT passphrase_hash FROM staff_accounts")).scalar()
    assert stored.startswith("scrypt$") and PASSPHRASE not in stored
    accounts.remove("ana ruiz", actor="test")
    assert accounts.list() == []
    with pytest.raises(AccountError, match="no staff account"):
        accounts.remove("Ana Ruiz", actor="test")
    assert [a for _, a, _ in actions(store)] == ["account-add", "account-remove"]
    store.close()


def test_queue_today_first_urgent_at_the_top_then_newest(db_url):
    store = with_account(db_url)
    midnight = local_midnight()
    now = datetime.now(UTC)
    today = lambda minutes: max(midnight + timedelta(minutes=1), now - timedelta(minutes=minutes))  # noqa: E731
    for intake in (
        make_intake("KAA-AAA", "routine", finished_at=today(1)),
        make_intake("KAA-AAC", "specialist_urgent", finished_at=today(3)),
        make_intake("KAA-AAD", "specialist", finished_at=today(2)),
        make_intake("KAA-AAE", "specialist_urgent", finished_at=midnight - timedelta(days=2)),
        make_intake("KAA-AAF", "routine", finished_at=midnight - timedelta(hours=1)),
    ):
        store.add(intake)
    desk = Desk(store, load_default_flow())
    assert desk.sign_in("Ana", PASSPHRASE) == "Ana"  # (every action is for who signed in)
    page = desk.page(Filters())
    assert [r.ticket for r in page.rows] == ["KAA-AAC", "KAA-AAA", "KAA-AAD", "KAA-AAE", "KAA-AAF"]
    assert page.total == 5 and page.rows[0].urgent and page.rows[0].today
    assert page.rows[0].reasons and "pain or burning" in page.rows[0].reasons[0]
    # each filter, and paging in the database
    assert [r.ticket for r in desk.page(Filters(outcome="specialist_urgent")).rows] == [
        "KAA-AAC",
        "KAA-AAE",
    ]
    assert desk.page(Filters(days=0)).total == 3
    assert desk.page(Filters(days=7)).total == 5
    one = desk.page(Filters(), limit=2)
    two = desk.page(Filters(), after=one.next, offset=2, limit=2)
    assert [r.ticket for r in two.rows] == ["KAA-AAD", "KAA-AAE"] and two.total == 5
    desk.set_status("KAA-AAA", "reviewed", actor="Ana")
    assert [r.ticket for r in desk.page(Filters(status="reviewed")).rows] == ["KAA-AAA"]
    store.add(make_intake("KAA-AAH", front_door="staff"))
    assert [r.ticket for r in desk.page(Filters(front_door="staff")).rows] == ["KAA-AAH"]
    assert [r.ticket for r in desk.page(Filters(ticket="kaa-aa")).rows][:1] == ["KAA-AAC"]
    assert [r.ticket for r in desk.page(Filters(ticket="kaaaa e")).rows] == ["KAA-AAE"]
    assert desk.page(Filters(ticket="K0")).rows == []  # 0 is never in a code
    store.close()


def test_ticket_patterns():
    assert ticket_pattern("") == ""
    assert ticket_pattern("k7f") == "K7F%"
    assert ticket_pattern("k7f 3r") == "K7F-3R%"
    assert ticket_pattern("K7F-3RX") == "K7F-3RX%"
    assert ticket_pattern("%") is None and ticket_pattern("K7F-3RXA") is None


def test_view_note_status_export_are_audited(db_url, tmp_path):
    store = with_account(db_url)
    store.add(make_intake("KAA-AAA"))
    desk = Desk(store, load_default_flow())
    assert desk.sign_in("Ana", PASSPHRASE) == "Ana"  # (every action is for who signed in)
    before = fingerprint(store)
    intake = desk.open("KAA-AAA", actor="Ana")
    notes = desk.add_note("KAA-AAA", "called back\x1b[2J, booked", actor="Ana")
    assert "Ana] called back\\x1b[2J, booked" in notes
    assert desk.open("KAA-AAA", actor="Ana").staff_notes == notes
    desk.set_status("KAA-AAA", "reviewed", actor="Ana")
    written = desk.export(intake, "fhir", tmp_path / "k.fhir.json", actor="Ana")
    assert "QuestionnaireResponse" in written.read_text()
    assert (written.stat().st_mode & 0o777) == 0o600
    assert fingerprint(store) != before
    assert [(a, t) for _, a, t in actions(store)][2:] == [
        ("view", "KAA-AAA"),
        ("note", "KAA-AAA"),
        ("view", "KAA-AAA"),
        ("status", "KAA-AAA"),
        ("export", "KAA-AAA"),
    ]
    store.close()


def test_sign_in_audited_and_slowed(db_url):
    store = with_account(db_url)
    now = [100.0]
    desk = Desk(store, load_default_flow(), guard=SignInGuard(clock=lambda: now[0]))
    assert desk.sign_in("Ana", PASSPHRASE) == "Ana"
    for _ in range(3):
        assert desk.sign_in("Ana", "not the passphrase") is None
    assert desk.wait_left("Ana") == 2.0
    assert desk.sign_in("Ana", PASSPHRASE) is None  # refused unchecked while waiting
    now[0] += 2.0
    assert desk.sign_in("Ana", PASSPHRASE) == "Ana"
    assert desk.sign_in("my passphrase in the name box", "x" * 12) is None
    rows = actions(store)[1:]
    assert [a for _, a, _ in rows] == ["sign-in"] + ["sign-in-failed"] * 3 + [
        "sign-in",
        "sign-in-failed",
    ]
    assert rows[-1][0] == "(unknown name)"  # a wrong name is never written down
    store.close()


def test_visible_shows_control_characters_and_never_markup():
    assert visible("[bold]x[/] \x1b[31mred\x07\r") == "[bold]x[/] \\x1b[31mred\\x07\\x0d"
    assert visible("a\u202eb\nc") == "a\\u202eb\\x0ac"
    assert visible("a\nb", newlines=True) == "a\nb"


def test_a_day_boundary_is_the_consoles_own(db_url):
    assert local_midnight(datetime(2026, 5, 3, 12, tzinfo=UTC)).hour == 0
    store = with_account(db_url)
    store.add(make_intake("KAA-AAA", finished_at=hours_ago(24 * 40)))
    desk = Desk(store, load_default_flow())
    assert desk.sign_in("Ana", PASSPHRASE) == "Ana"  # (every action is for who signed in)
    assert desk.page(Filters(days=30)).total == 0 and desk.page(Filters()).total == 1
    store.close()


def test_desk_export_never_writes_into_an_existing_file_or_through_a_link(sqlite_url, tmp_path):
    from intake_bot.staff import AccessRefused

    store = with_account(sqlite_url)
    store.add(make_intake("KAA-AAA"))
    desk = Desk(store, load_default_flow())
    desk.sign_in("Ana", PASSPHRASE)
    intake = desk.open("KAA-AAA", actor="Ana")
    existing = tmp_path / "existing.txt"
    existing.write_text("someone's own file")
    target = tmp_path / "elsewhere.txt"
    target.write_text("the link's target")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "nothing-yet.txt")
    for path in (existing, link, dangling):
        with pytest.raises(FileExistsError, match="already exists"):
            desk.export(intake, "text", path, actor="Ana")
    assert existing.read_text() == "someone's own file"
    assert target.read_text() == "the link's target"
    assert not (tmp_path / "nothing-yet.txt").exists()
    assert ("export", "KAA-AAA") not in [(a, t) for _, a, t in actions(store)]
    Accounts(store).remove("Ana", actor="admin")
    with pytest.raises(AccessRefused):
        desk.export(intake, "text", tmp_path / "new.txt", actor="Ana")
    assert not (tmp_path / "new.txt").exists()
    store.close()
