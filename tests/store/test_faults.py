"""Database faults a person can fix: one clear message from the commands, and the
kiosk's submitter goes on via the outbox."""

from __future__ import annotations

import json
import os
import uuid

import pytest
import sqlalchemy as sa

from intake_bot.cli import main
from intake_bot.store.submitter import StoreSubmitter
from tests.hair_loss_paths import answers
from tests.store.driver import template


@pytest.fixture
def answers_file(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers()), encoding="utf-8")
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def kiosk_keeps_it(url, outbox):
    submitter = StoreSubmitter(url, outbox=outbox)
    intake = template().model_copy(update={"id": uuid.uuid4(), "ticket": "KAA-AAA"})
    assert submitter.submit(intake) == intake
    assert len(submitter.outbox) == 1
    return submitter.problem


def one_message(err):
    assert err.startswith("intake-bot: database: ") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_unreadable_url(capsys, answers_file, outbox):
    code, _, err = run(capsys, "submit", answers_file, "--db", "::not a url::")
    assert code == 2 and "is not a database URL" in err
    one_message(err)
    assert "not a database URL" in kiosk_keeps_it("::not a url::", outbox)


def test_password_never_shown(capsys, answers_file):
    code, _, err = run(capsys, "export", "--db", "postgresql://me:s3cret@127.0.0.1:1/x")
    assert code == 2 and "cannot reach the database" in err and "s3cret" not in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in any folder")
def test_folder_without_write_permission(capsys, answers_file, tmp_path, outbox):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    url = f"sqlite:///{folder / 'intakes.sqlite3'}"
    code, _, err = run(capsys, "submit", answers_file, "--db", url)
    assert code == 2 and "cannot create the database file" in err
    one_message(err)
    assert "locked" in kiosk_keeps_it(url, outbox)


def test_folder_without_write_permission_as_any_user(capsys, answers_file, tmp_path, outbox):
    # As root permissions do not stop a write, so a file stands where the folder should be.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    url = f"sqlite:///{blocker / 'intakes.sqlite3'}"
    code, _, err = run(capsys, "submit", answers_file, "--db", url)
    assert code == 2 and "cannot create the folder" in err
    one_message(err)
    assert "cannot create the folder" in kiosk_keeps_it(url, outbox)


def test_corrupt_sqlite_file(capsys, answers_file, tmp_path, outbox):
    path = tmp_path / "intakes.sqlite3"
    path.write_bytes(b"this is not a database at all " * 200)
    url = f"sqlite:///{path}"
    code, _, err = run(capsys, "submit", answers_file, "--db", url)
    assert code == 2 and "not a usable SQLite database" in err
    one_message(err)
    assert "not a usable SQLite database" in kiosk_keeps_it(url, outbox)


def test_full_disk(capsys, answers_file, tmp_path, outbox, monkeypatch):
    """Simulated: SQLite's page limit gives the very error a full disk gives (SQLITE_FULL)."""
    from intake_bot.store import database

    made = database.make_engine

    def small(url):
        engine = made(url)

        @sa.event.listens_for(engine, "connect")
        def _limit(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA max_page_count = 12")

        return engine

    monkeypatch.setattr("intake_bot.store.store.make_engine", small)
    url = f"sqlite:///{tmp_path / 'intakes.sqlite3'}"
    run(capsys, "db", "upgrade", "--db", url)  # the schema fits
    for _ in range(30):
        code, _, err = run(capsys, "submit", answers_file, "--db", url)
        if code:
            break
    assert code == 2 and "the disk is full" in err
    one_message(err)
    assert "the disk is full" in kiosk_keeps_it(url, outbox)


def test_outbox_that_cannot_be_written_either_raises(tmp_path):
    from intake_bot.store.outbox import OutboxError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    submitter = StoreSubmitter("::bad::", outbox=blocker / "outbox")
    with pytest.raises(OutboxError, match="cannot write to the outbox"):
        submitter.submit(template())
