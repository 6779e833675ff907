"""A staff screening finished while the database is down is kept on this computer (the
staff outbox: one private file each), the staff are told so, and the console's poll
moves it into the database once it answers again: once, with its ticket and its audit
row; nothing lost, nothing stored twice."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from intake_bot.errors import StoreUnavailable
from intake_bot.flow import load_default_flow
from intake_bot.records.intake import Intake
from intake_bot.staff import AccessRefused, Desk, StaffSubmitter
from intake_bot.store import audit, queue
from intake_bot.store.accounts import Accounts
from intake_bot.store.outbox import Outbox
from intake_bot.store.store import Store
from intake_bot.tui.staff.app import StaffApp
from tests.hair_loss_paths import answers
from tests.staff.conftest import PASSPHRASE, PATHS, make_intake, with_account
from tests.staff.driving import SIZE, settle, sign_in, tickets
from tests.staff.driving import queue as queue_screen
from tests.tui.driving import answer_all, see_result

KEPT_HERE = "kept on this computer while the database was down"


def audit_rows(store: Store) -> list[tuple[str, str, str | None, str]]:
    with store.engine.connect() as connection:
        return [(r.actor, r.action, r.ticket, r.detail) for r in audit.rows(connection)]


def screens(store: Store) -> list[tuple[str, str, str | None, str]]:
    return [row for row in audit_rows(store) if row[1] == "screen"]


class Database:
    """A SQLite database in ``folder``, made unusable (a file where its folder was; the
    pool's connections dropped) and restored."""

    def __init__(self, tmp_path: Path) -> None:
        self.folder = tmp_path / "data"
        self.away = tmp_path / "data.away"
        self.url = f"sqlite:///{self.folder / 'intakes.sqlite3'}"
        self.store = with_account(self.url)

    def break_it(self) -> None:
        self.store.engine.dispose()
        self.folder.rename(self.away)
        self.folder.write_text("not a folder")

    def mend_it(self) -> None:
        self.folder.unlink()
        self.away.rename(self.folder)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database(tmp_path)
    yield db
    db.store.close()


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    return Outbox(tmp_path / "outbox" / "staff")


def signed_in_desk(store: Store, outbox: Outbox) -> tuple[Desk, StaffSubmitter]:
    desk = Desk(store, load_default_flow(), outbox=outbox)
    assert desk.sign_in("Ana", PASSPHRASE) == "Ana"
    submitter = StaffSubmitter(desk)
    submitter.actor, submitter.patient_ref = "Ana", "MRN-0042"
    return desk, submitter


def waiting_file(outbox: Outbox, intake: Intake) -> Path:
    files = list(outbox.folder.glob("*.intake.json"))
    assert [path.name for path in files] == [f"{intake.id}.intake.json"]
    return files[0]


def test_database_down_the_screening_is_kept_privately_then_reaches_the_queue_once(
    database, outbox
):
    desk, submitter = signed_in_desk(database.store, outbox)
    moved: list[tuple[str, str]] = []
    desk.on_replayed = lambda shown, stored: moved.append((shown, stored.ticket))
    screened = make_intake("KAA-AAB", "specialist_urgent")
    database.break_it()

    kept = submitter.submit(screened)  # no exception: the answers are kept here

    assert submitter.kept_here and submitter.kept[-1] == kept
    assert (kept.id, kept.ticket) == (screened.id, "KAA-AAB")
    assert (kept.front_door, kept.screened_by, kept.patient_ref) == ("staff", "Ana", "MRN-0042")
    path = waiting_file(outbox, kept)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(outbox.folder.stat().st_mode) == 0o700
    on_disk = Intake.model_validate_json(path.read_bytes())
    assert on_disk.answers == screened.answers and on_disk.screened_by == "Ana"
    # Still down: the poll says so, the file stays.
    with pytest.raises(StoreUnavailable):
        desk.fingerprint()
    assert desk.replay_outbox() == [] and len(outbox) == 1

    database.mend_it()
    desk.fingerprint()  # the console's poll: the database answers again

    assert len(outbox) == 0 and moved == [("KAA-AAB", "KAA-AAB")]
    stored = database.store.find()
    assert [(i.id, i.ticket) for i in stored] == [(screened.id, "KAA-AAB")]
    assert (stored[0].front_door, stored[0].screened_by, stored[0].patient_ref) == (
        "staff",
        "Ana",
        "MRN-0042",
    )
    assert stored[0].triage.outcome == "specialist_urgent"
    assert [(a, act, t) for a, act, t, _ in screens(database.store)] == [
        ("Ana", "screen", "KAA-AAB")
    ]
    assert KEPT_HERE in screens(database.store)[0][3]
    desk.fingerprint()
    desk.replay_outbox()
    assert database.store.count() == 1 and len(screens(database.store)) == 1  # once


def test_account_check_failing_keeps_it_too(database, outbox, monkeypatch):
    """The database falls between the screening and its save: checking the account fails."""
    desk, submitter = signed_in_desk(database.store, outbox)

    def down(self, stamp):
        raise StoreUnavailable("cannot reach the database (test)")

    monkeypatch.setattr(Accounts, "still", down)
    kept = submitter.submit(make_intake("KAA-AAB"))
    assert submitter.kept_here and len(outbox) == 1 and database.store.count() == 0
    monkeypatch.undo()
    desk.fingerprint()
    assert [i.id for i in database.store.find()] == [kept.id] and len(outbox) == 0


def test_a_removed_account_is_still_refused_not_kept_here(database, outbox):
    """Today's rule stands: nobody signed in, or someone else, is refused (nothing kept)."""
    desk = Desk(database.store, load_default_flow(), outbox=outbox)
    submitter = StaffSubmitter(desk)
    submitter.actor = "Ana"
    with pytest.raises(AccessRefused):
        submitter.submit(make_intake("KAA-AAB"))
    assert desk.sign_in("Ana", PASSPHRASE) == "Ana"
    submitter.actor = "Bea"
    with pytest.raises(AccessRefused):
        submitter.submit(make_intake("KAA-AAC"))
    assert len(outbox) == 0 and not submitter.kept_here and database.store.count() == 0


def test_a_code_taken_meanwhile_gets_a_new_one_and_a_note(database, outbox, monkeypatch):
    desk, submitter = signed_in_desk(database.store, outbox)
    moved: list[tuple[str, str]] = []
    desk.on_replayed = lambda shown, stored: moved.append((shown, stored.ticket))
    with monkeypatch.context() as patch:
        patch.setattr(
            database.store,
            "add_with_free_ticket",
            lambda *a, **k: (_ for _ in ()).throw(StoreUnavailable("disk full (test)")),
        )
        kept = submitter.submit(make_intake("KAA-AAB"))
    assert submitter.kept_here and len(outbox) == 1
    database.store.add(make_intake("KAA-AAB"))  # a kiosk took the code meanwhile

    desk.fingerprint()

    assert len(outbox) == 0
    ((shown, new),) = moved
    assert shown == "KAA-AAB" and new != "KAA-AAB"
    stored = database.store.get(new)
    assert stored is not None and stored.id == kept.id
    assert "shown ticket KAA-AAB" in stored.staff_notes
    (row,) = screens(database.store)
    assert row[:3] == ("Ana", "screen", new) and "shown as ticket KAA-AAB" in row[3]
    assert database.store.count() == 2


def test_stored_but_not_audited_is_audited_once_later(database, outbox, monkeypatch):
    """The database fell after storing, before the audit row: kept here; the replay finds
    it stored (by its id) and writes the audit row; stored once."""
    desk, submitter = signed_in_desk(database.store, outbox)
    real = queue.record_action

    def failing(store, *, action, **kwargs):
        if action == "screen":
            raise StoreUnavailable("cannot reach the database (test)")
        real(store, action=action, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(queue, "record_action", failing)
        kept = submitter.submit(make_intake("KAA-AAB"))
    assert submitter.kept_here and len(outbox) == 1 and database.store.count() == 1
    desk.fingerprint()
    assert len(outbox) == 0 and [i.id for i in database.store.find()] == [kept.id]
    assert [t for _, _, t, _ in screens(database.store)] == ["KAA-AAB"]


# -- the console -------------------------------------------------------------------------------
def notes(app: StaffApp) -> list[str]:
    return [note.message for note in app._notifications]


async def test_console_says_the_screening_is_kept_here_and_then_in_the_queue(
    tmp_path, sqlite_url, monkeypatch
):
    store = with_account(sqlite_url)
    outbox = Outbox(tmp_path / "outbox" / "staff")
    app = StaffApp(Desk(store, load_default_flow(), outbox=outbox), "en", idle_lock=300)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press(*"MRN-0042", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await answer_all(pilot, answers(**PATHS["specialist"]), "keys")
        with monkeypatch.context() as patch:  # the database down as it is saved
            patch.setattr(
                store,
                "add_with_free_ticket",
                lambda *a, **k: (_ for _ in ()).throw(StoreUnavailable("disk full (test)")),
            )
            await see_result(pilot)
            await settle(pilot)
        kept = app.staff_submitter.kept[-1]
        said = " ".join(notes(app))
        assert f"kept on this computer as ticket {kept.ticket}" in said
        assert "will reach the queue when the database is back" in said
        assert len(outbox) == 1 and store.count() == 0
        await pilot.press("tab", "enter")  # "Start again": back to the queue
        await settle(pilot)
        queue_screen(app).poll()  # (the 2 s poll, now)
        await settle(pilot)
        await settle(pilot)
        assert len(outbox) == 0
        assert tickets(app)[0] == kept.ticket
        assert f"reached the queue as ticket {kept.ticket}" in " ".join(notes(app))
    stored = store.get(kept.ticket)
    assert stored is not None and stored.screened_by == "Ana" and stored.patient_ref == "MRN-0042"
    assert store.count() == 1 and [t for _, _, t, _ in screens(store)] == [kept.ticket]
    store.close()
