"""Staff access, round 2 (issue 21): a removed or changed account stops working at
once in its open console; wrong tries are counted in the database per name; `staff add`
refuses look-alike and mixed-script names and weak passphrases."""

from __future__ import annotations

import getpass

import pytest
import sqlalchemy as sa

from intake_bot import cli
from intake_bot.flow import load_default_flow
from intake_bot.pin import hash_passphrase
from intake_bot.staff import AccessRefused, Desk, SignInGuard
from intake_bot.store import audit
from intake_bot.store.accounts import (
    AccountError,
    Accounts,
    check_passphrase,
    mixed_script,
    name_key,
    skeleton,
)
from intake_bot.store.queue import Filters
from intake_bot.store.schema import staff_accounts, staff_sign_in_failures
from intake_bot.store.store import Store
from intake_bot.tui.staff.screens.intake import IntakeScreen
from intake_bot.tui.staff.screens.sign_in import SignInScreen
from tests.staff.conftest import PASSPHRASE, hours_ago, make_intake, with_account
from tests.staff.driving import SIZE, make_app, queue, settle, sign_in
from tests.tui.driving import on_screen

OTHER = "another long passphrase"


def rows(store: Store) -> list[tuple[str, str, str | None, str]]:
    with store.engine.connect() as connection:
        return [(r.actor, r.action, r.ticket, r.detail) for r in audit.rows(connection)]


def change_passphrase(store: Store, name: str, passphrase: str) -> None:
    """As another console (or an administrator) would: a new salted hash in the row."""
    with store.engine.begin() as connection:
        connection.execute(
            sa.update(staff_accounts)
            .where(staff_accounts.c.name_key == name_key(name))
            .values(passphrase_hash=hash_passphrase(passphrase))
        )


# -- a removed or changed account ---------------------------------------------------------
def test_a_removed_account_is_refused_at_its_next_action(db_url):
    store = with_account(db_url)
    store.add(make_intake("KAA-AAA", finished_at=hours_ago(0.1)))
    desk = Desk(store, load_default_flow())
    told: list[str] = []
    desk.on_refused = told.append
    assert desk.sign_in("Ana", PASSPHRASE) == "Ana"
    assert desk.open("KAA-AAA", actor="Ana").ticket == "KAA-AAA"
    other = Store(db_url)  # another console, or `intake-bot staff remove`
    Accounts(other).remove("Ana", actor="admin (command line)")
    with pytest.raises(AccessRefused, match="removed"):
        desk.open("KAA-AAA", actor="Ana")
    assert told == ["This staff account has been removed: the console is locked."]
    for act in (
        lambda: desk.set_status("KAA-AAA", "reviewed", actor="Ana"),
        lambda: desk.add_note("KAA-AAA", "a note", actor="Ana"),
        lambda: desk.page(Filters()),
        desk.fingerprint,
    ):
        with pytest.raises(AccessRefused):
            act()
    assert told == [told[0]]  # (said once)
    trail = rows(store)
    assert [(a, act, t) for a, act, t, _ in trail][-2:] == [
        ("admin (command line)", "account-remove", None),
        ("Ana", "refused", "KAA-AAA"),  # the refusal, once; never a view
    ]
    assert trail[-1][3] == "view: account removed since sign-in"
    with store.engine.connect() as connection:
        status = connection.execute(sa.text("SELECT status FROM intakes")).scalar()
    assert status == "new"
    other.close()
    store.close()


def test_a_changed_passphrase_or_a_new_account_of_the_same_name_is_refused(db_url):
    store = with_account(db_url)
    store.add(make_intake("KAA-AAA", finished_at=hours_ago(0.1)))
    desk = Desk(store, load_default_flow())
    assert desk.sign_in("Ana", PASSPHRASE) == "Ana"
    change_passphrase(store, "Ana", OTHER)
    with pytest.raises(AccessRefused, match="passphrase was changed"):
        desk.page(Filters())
    assert rows(store)[-1][:2] == ("Ana", "refused")
    assert desk.sign_in("Ana", OTHER) == "Ana"  # signed in again: works again
    assert desk.page(Filters()).total == 1
    accounts = Accounts(store)
    accounts.remove("Ana", actor="admin")
    accounts.add("Ana", OTHER, actor="admin")  # same name, same passphrase, new account
    with pytest.raises(AccessRefused, match="removed"):
        desk.open("KAA-AAA", actor="Ana")
    store.close()


def test_nobody_signed_in_or_someone_else_is_refused(sqlite_url):
    store = with_account(sqlite_url)
    desk = Desk(store, load_default_flow())
    with pytest.raises(AccessRefused, match="nobody is signed in"):
        desk.page(Filters())
    desk.sign_in("Ana", PASSPHRASE)
    with pytest.raises(AccessRefused):
        desk.open("KAA-AAA", actor="Bea")
    store.close()


@pytest.mark.serial  # waits for the console's 2 s look in real time
async def test_console_locks_when_its_account_is_removed_and_shows_nothing(sqlite_url):
    store = with_account(sqlite_url)
    Accounts(store).add("Bea", OTHER, actor="test")
    store.add(make_intake("KAA-AAC", "specialist_urgent", finished_at=hours_ago(0.1)))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("enter")  # open the intake
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen) and "KAA-AAC" in on_screen(app)
        assert cli.main(["staff", "remove", "Ana", "--db", sqlite_url]) == 0  # elsewhere
        await pilot.press("r")  # mark reviewed: refused, locked
        await settle(pilot)
        assert app.locked and isinstance(app.screen, SignInScreen)
        shown = on_screen(app)
        assert "has been removed" in shown and "Locked" in shown
        assert "KAA-" not in shown and "specialist" not in shown and "pain" not in shown
        # Bea signs in: her own console, the intake Ana had open is gone
        await sign_in(pilot, "Bea", OTHER)
        assert not app.locked and app.user == "Bea" and queue(app)
        assert "signed in as Bea" in on_screen(app)
        await pilot.pause(2.5)  # a look for new intakes, as Bea
        await settle(pilot)
        assert "nobody is signed in" not in on_screen(app) and "KAA-AAC" in on_screen(app)
    actions = [(a, act, t) for a, act, t, _ in rows(store)]
    assert ("Ana", "refused", "KAA-AAC") in actions
    assert ("Ana", "status", "KAA-AAC") not in actions
    store.close()


@pytest.mark.parametrize("key", ["n", "enter"])
async def test_console_locks_on_a_note_or_an_open_after_removal(sqlite_url, key):
    store = with_account(sqlite_url)
    store.add(make_intake("KAA-AAA", finished_at=hours_ago(0.1)))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        if key == "n":
            await pilot.press("enter")
            await settle(pilot)
        Accounts(Store(sqlite_url)).remove("Ana", actor="admin")
        await pilot.press(key)
        await settle(pilot)
        if key == "n":
            await pilot.press(*"called back", "enter")
            await settle(pilot)
        assert app.locked and isinstance(app.screen, SignInScreen)
        assert "KAA-" not in on_screen(app)
    actions = [act for _, act, _, _ in rows(store)]
    assert "refused" in actions and "note" not in actions
    assert actions.count("view") == (1 if key == "n" else 0)
    store.close()


async def test_an_export_after_removal_is_refused_and_writes_nothing(sqlite_url, tmp_path):
    store = with_account(sqlite_url)
    store.add(make_intake("KAA-AAA", finished_at=hours_ago(0.1)))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-path").value = str(tmp_path / "KAA-AAA.txt")
        Accounts(Store(sqlite_url)).remove("Ana", actor="admin")
        await pilot.press("enter")
        await settle(pilot)
        assert app.locked and isinstance(app.screen, SignInScreen)
    assert not (tmp_path / "KAA-AAA.txt").exists()
    actions = [act for _, act, _, _ in rows(store)]
    assert "refused" in actions and "export" not in actions
    store.close()


async def test_a_changed_passphrase_locks_and_the_new_one_unlocks(sqlite_url):
    store = with_account(sqlite_url)
    store.add(make_intake("KAA-AAA", finished_at=hours_ago(0.1)))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        change_passphrase(store, "Ana", OTHER)
        await pilot.press("enter")
        await settle(pilot)
        assert app.locked and "passphrase was changed" in on_screen(app)
        await sign_in(pilot, "Ana", PASSPHRASE)  # the old one no longer works
        assert app.locked
        await sign_in(pilot, "Ana", OTHER)
        assert not app.locked and queue(app)  # afresh: back at the queue
    store.close()


# -- wrong tries, in the database ---------------------------------------------------------
def test_wrong_tries_are_counted_per_name_across_consoles_and_restarts(db_url):
    store = with_account(db_url)
    Accounts(store).add("Bea", OTHER, actor="test")
    now = [1_000_000.0]
    guard = SignInGuard(clock=lambda: now[0])
    first = Desk(store, load_default_flow(), guard=guard)
    for _ in range(2):
        assert first.sign_in("Ana", "not the passphrase") is None
    first.store.close()
    restarted = Store(db_url)  # the console quit and started again
    second = Desk(restarted, load_default_flow(), guard=guard)
    result = second.attempt("Ana", "still not it")  # the third: the wait starts
    assert result.who is None and result.wait == 2.0
    refused = second.attempt("Ana", PASSPHRASE)
    assert (refused.who, refused.checked) == (None, False)  # unchecked during the wait
    assert second.sign_in("Bea", OTHER) == "Bea"  # another name does not wait
    third = Desk(Store(db_url), load_default_flow(), guard=guard)  # a console beside
    assert third.wait_left("ana") == 2.0  # (the name as typed: its key)
    now[0] += 2
    assert third.attempt("Ana", "wrong again").wait == 4.0  # 2, 4, 8... s
    now[0] += 4
    assert third.sign_in("Ana", PASSPHRASE) == "Ana"  # right: the count is forgotten
    assert third.wait_left("Ana") == 0.0
    with restarted.engine.connect() as connection:
        kept = connection.execute(sa.select(staff_sign_in_failures.c.name_key)).scalars()
        assert list(kept) == []
    for _ in range(3):  # an unknown name waits alike (the wait tells nothing)
        assert third.sign_in("Nobody", "whatever it is") is None
    assert third.wait_left("Nobody") == 2.0
    restarted.close()
    third.store.close()


def test_a_wait_never_exceeds_the_maximum_when_the_clock_goes_back(sqlite_url):
    store = with_account(sqlite_url)
    now = [1_000_000.0]
    desk = Desk(store, load_default_flow(), guard=SignInGuard(clock=lambda: now[0]))
    for _ in range(3):
        desk.sign_in("Ana", "not the passphrase")
    now[0] -= 10_000
    assert desk.wait_left("Ana") == 60.0
    store.close()


# -- names and passphrases ----------------------------------------------------------------
def test_names_are_normalised_and_look_alikes_refused(db_url):
    store = with_account(db_url, "Ana Ruiz")
    accounts = Accounts(store)
    assert accounts.check("ＡＮＡ  ruiz", PASSPHRASE) == "Ana Ruiz"  # NFKC, casefold
    for name, says in (
        ("ＡＮＡ ＲＵＩＺ", "already a staff account"),
        ("\u0410na Ruiz", "mixes letters of different scripts"),  # Cyrillic А
        ("Aná Ruíz", "looks like the existing account 'Ana Ruiz'"),
        ("Ana Ruiź", "looks like"),  # a combining accent
    ):
        with pytest.raises(AccountError, match=says):
            accounts.add(name, OTHER, actor="test")
    accounts.add("Pepe", OTHER, actor="test")
    for name in ("Рере", "Ρερε", "Pepе"):
        # all Cyrillic, all Greek: one script each, but they read "Pepe"; mixed
        with pytest.raises(AccountError, match=r"looks like the existing account 'Pepe'|mixes"):
            accounts.add(name, OTHER, actor="test")
    accounts.add("Анна", OTHER, actor="test")  # Cyrillic alone, like nobody: fine
    accounts.add("山田 はなこ", OTHER, actor="test")  # Han with kana: one writing
    store.close()


def test_scripts_and_skeletons():
    assert mixed_script("\u0410na") and mixed_script("Pαul")
    assert not mixed_script("José María") and not mixed_script("Ольга")
    assert skeleton("\u0420\u0435\u0440\u0435") == skeleton("PEPE") == "pepe"
    assert skeleton("\u0410\u043d\u0430") == "aha"  # (small н is not an n)


@pytest.mark.parametrize(
    ("passphrase", "says"),
    [
        (" " * 10, "at least 10 characters"),
        ("a" + " " * 12 + "b", "at least 10 characters"),
        ("short", "at least 10 characters"),
        ("Ana Ruiz Ana", None),
        ("ana  ruiz", "at least 10"),
        ("AnaRuizABC", None),
        ("a n a r u i z", "may not be the name"),
        ("password123", "too common"),
        ("Pass Word 123", "too common"),
        ("qwertyuiop", "too common"),
        ("ababababababab", "too common"),
        ("x" * 300, "at most 256"),
    ],
)
def test_passphrase_rules(passphrase, says):
    if says is None:
        check_passphrase(passphrase, "Ana Ruiz")
        return
    with pytest.raises(AccountError, match=says):
        check_passphrase(passphrase, "Ana Ruiz")


def test_a_passphrase_may_not_be_the_name():
    with pytest.raises(AccountError, match="may not be the name"):
        check_passphrase("Maria Fernanda", "maría fernanda".replace("í", "i"))


@pytest.fixture
def typed(monkeypatch):
    answers: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": answers.pop(0))
    return answers


@pytest.mark.parametrize(
    ("name", "answers", "says"),
    [
        ("\u0410na Ruiz", [], "mixes letters of different scripts (Cyrillic, Latin)"),
        ("ANA  RUIZ", [], "already a staff account named 'Ana Ruiz'"),
        ("Ana Ruíz", [], "looks like the existing account 'Ana Ruiz'"),
        ("Bob", [" " * 10], "at least 10 characters"),
        ("Roberta Smith", ["roberta smith "], "may not be the name"),
        ("Bob", ["Password123"], "too common"),
    ],
)
def test_staff_add_refusals_are_one_line_and_exit_2(sqlite_url, typed, capsys, name, answers, says):
    with_account(sqlite_url, "Ana Ruiz").close()
    typed += answers
    assert cli.main(["staff", "add", name, "--db", sqlite_url]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err and err.count("\n") == 1
    assert not typed  # refused at once: the passphrase is not asked again
    with Store(sqlite_url) as store:
        assert [a.name for a in Accounts(store).list()] == ["Ana Ruiz"]


# -- a screening saved after the account was removed ----------------------------------------
def screening_rows(store: Store) -> list[tuple[str, str, str | None, str]]:
    return [row for row in rows(store) if row[1] in ("screen", "refused")]


def test_a_screening_saved_after_removal_is_kept_flagged_and_the_desk_locks(db_url):
    from intake_bot.staff import StaffSubmitter
    from tests.staff.conftest import make_intake as made

    store = with_account(db_url)
    desk = Desk(store, load_default_flow())
    told: list[str] = []
    desk.on_refused = told.append
    assert desk.sign_in("Ana", PASSPHRASE) == "Ana"
    submitter = StaffSubmitter(desk)
    submitter.actor, submitter.patient_ref = "Ana", "MRN-0042"
    other = Store(db_url)
    Accounts(other).remove("Ana", actor="admin (command line)")
    screened = made("KAA-AAB", "specialist_urgent")
    kept = submitter.submit(screened)  # no exception: the patient's answers are kept
    assert submitter.kept_refused == "removed"
    stored = store.get(kept.ticket)
    assert stored is not None and stored.id == screened.id
    assert stored.answers == screened.answers and stored.triage.outcome == "specialist_urgent"
    assert (stored.front_door, stored.screened_by, stored.patient_ref) == (
        "staff",
        "Ana",
        "MRN-0042",
    )
    assert stored.status == "new"  # in the queue, for someone still allowed to see it
    assert "account had been removed" in stored.staff_notes
    trail = screening_rows(store)
    assert [(a, act, t) for a, act, t, _ in trail] == [
        ("Ana", "refused", None),
        ("Ana", "screen", kept.ticket),
    ]
    assert "account removed since sign-in" in trail[-1][3]
    assert f"kept as ticket {kept.ticket}" in told[-1] and "locked" in told[-1]
    with pytest.raises(AccessRefused):  # and nothing more, until someone signs in
        desk.page(Filters())
    again = submitter.submit(made("KAA-AAC"))  # (still refused: kept and flagged too)
    assert "account had been removed" in store.get(again.ticket).staff_notes
    assert desk.sign_in("Ana", PASSPHRASE) is None  # the account is gone for good
    assert store.count() == 2
    other.close()
    store.close()


def test_a_screening_kept_after_a_passphrase_change_says_so(sqlite_url):
    from intake_bot.staff import StaffSubmitter

    store = with_account(sqlite_url)
    desk = Desk(store, load_default_flow())
    desk.sign_in("Ana", PASSPHRASE)
    submitter = StaffSubmitter(desk)
    submitter.actor = "Ana"
    change_passphrase(store, "Ana", OTHER)
    kept = submitter.submit(make_intake("KAA-AAB"))
    assert "passphrase had been changed" in store.get(kept.ticket).staff_notes
    assert "passphrase changed since sign-in" in screening_rows(store)[-1][3]
    store.close()


async def test_console_keeps_a_screening_finished_after_removal_and_shows_its_ticket(
    sqlite_url,
):
    from textual.widgets import Static

    from tests.hair_loss_paths import answers
    from tests.staff.conftest import PATHS
    from tests.tui.driving import answer_all, plain

    store = with_account(sqlite_url)
    Accounts(store).add("Bea", OTHER, actor="test")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"MRN-0042", "enter")
        await settle(pilot)
        await pilot.press("enter")  # the staff consent
        await pilot.pause()
        await answer_all(pilot, answers(**PATHS["specialist_urgent"]), "keys")
        assert cli.main(["staff", "remove", "Ana", "--db", sqlite_url]) == 0  # elsewhere
        await pilot.press("enter")  # "See the result": kept, refused, locked
        await settle(pilot)
        assert app.locked and isinstance(app.screen, SignInScreen)
        [kept] = store.find()
        hint = plain(app.screen.query_one("#sign-in-hint", Static))
        assert "has been removed" in hint and "locked" in hint
        assert f"kept as ticket {kept.ticket}" in hint
        shown = on_screen(app)
        assert "specialist" not in shown and "MRN-0042" not in shown and "pain" not in shown
        await pilot.press("escape", "tab", "enter", "f10")  # nothing gets past the lock
        await settle(pilot)
        assert app.locked and isinstance(app.screen, SignInScreen)
        await sign_in(pilot, "Bea", OTHER)
        assert not app.locked and app.user == "Bea" and app.session is None
        assert queue(app) and kept.ticket in on_screen(app)
    assert (kept.screened_by, kept.patient_ref) == ("Ana", "MRN-0042")
    assert kept.triage.outcome == "specialist_urgent"
    assert ("Ana", "screen", kept.ticket) in [(a, act, t) for a, act, t, _ in rows(store)]
    store.close()
