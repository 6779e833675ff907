"""The store on a real SQLite file and on PostgreSQL: the same tests on both."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from intake_bot.errors import StoreError
from intake_bot.store.database import current_revision, head_revision, make_engine, upgrade
from intake_bot.store.store import Store, TicketTaken
from intake_bot.store.submitter import StoreSubmitter
from tests.store.driver import template


@pytest.fixture
def intake():
    return template().model_copy(update={"id": uuid.uuid4(), "ticket": "KAA-AAA"})


def test_round_trip_keeps_every_field(db_url, intake):
    record = intake.model_copy(
        update={
            "started_at": intake.finished_at - timedelta(minutes=4),
            "front_door": "staff",
            "patient_ref": "MRN-0042 ünïcode",
            "staff_notes": "called back",
        }
    )
    with Store(db_url) as store:
        assert store.add(record) == record
    with Store(db_url) as again:  # a new process would see the same
        stored = again.get("KAA-AAA")
    assert stored == record
    assert stored.answers[0].question == "How old are you?"
    assert stored.triage.title and stored.flow_hash == record.flow_hash


def test_adding_the_same_intake_twice_stores_it_once(db_url, intake):
    with Store(db_url) as store:
        store.add(intake)
        again = intake.model_copy(update={"ticket": "KAA-AAC"})  # a retry, new code drawn
        assert store.add(again).ticket == "KAA-AAA"
        assert store.count() == 1


def test_a_taken_ticket_is_refused_for_another_intake(db_url, intake):
    with Store(db_url) as store:
        store.add(intake)
        with pytest.raises(TicketTaken):
            store.add(intake.model_copy(update={"id": uuid.uuid4()}))
        assert store.ticket_taken("KAA-AAA") and not store.ticket_taken("KAA-AAC")


def test_find_filters_and_status(db_url, intake):
    now = datetime.now(UTC)
    with Store(db_url) as store:
        for n, days in enumerate((10, 3, 0)):
            store.add(
                intake.model_copy(
                    update={
                        "id": uuid.uuid4(),
                        "ticket": f"KAA-AA{'ACD'[n]}",
                        "finished_at": now - timedelta(days=days),
                    }
                )
            )
        store.set_status("KAA-AAC", "reviewed")
        assert [i.ticket for i in store.find()] == ["KAA-AAA", "KAA-AAC", "KAA-AAD"]
        assert [i.ticket for i in store.find(since=now - timedelta(days=5))] == [
            "KAA-AAC",
            "KAA-AAD",
        ]
        assert [i.ticket for i in store.find(status="reviewed")] == ["KAA-AAC"]
        assert store.purge(5) == 1
        assert [i.ticket for i in store.find()] == ["KAA-AAC", "KAA-AAD"]


def test_migrations_from_an_empty_database_match_the_schema(db_url):
    engine = make_engine(db_url)
    assert current_revision(engine) is None
    upgrade(engine)
    upgrade(engine)  # again: nothing to do
    assert current_revision(engine) == head_revision() == "0005"
    inspector = sa.inspect(engine)
    from intake_bot.store.schema import metadata

    for table in metadata.tables.values():
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == set(table.columns.keys())
        uniques = {"uq_intakes_ticket", "uq_staff_accounts_name_key"}
        indexes = {i["name"] for i in inspector.get_indexes(table.name)} - uniques
        pg_only = {"ix_intakes_ticket_prefix"} if engine.dialect.name != "postgresql" else set()
        assert indexes == {i.name for i in table.indexes} - pg_only
    engine.dispose()


def test_migration_from_the_previous_schema_keeps_the_data(db_url, intake):
    engine = make_engine(db_url)
    upgrade(engine, "0001")
    assert not sa.inspect(engine).has_table("audit")
    with Store(db_url, migrate=False) as old:
        old.add(intake)  # written at revision 0001, as the previous version did
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert "ix_intakes_queue_status" in {
        i["name"] for i in sa.inspect(engine).get_indexes("intakes")
    }
    with Store(db_url) as store:
        assert store.get("KAA-AAA") == intake
        store.set_status("KAA-AAA", "reviewed")  # the audit table is there
    engine.dispose()


def test_outbox_when_unreachable_then_replayed_once(db_url, intake, outbox, tmp_path):
    down = StoreSubmitter("postgresql://nobody@127.0.0.1:1/none", outbox=outbox)
    kept = down.submit(intake)
    assert kept == intake and len(down.outbox) == 1 and down.problem
    assert "cannot reach the database" in down.problem
    assert down.ticket_taken("KAA-AAA")  # waiting in the outbox: not given again
    up = StoreSubmitter(db_url, outbox=outbox)
    up.connect().add(intake)  # as if a kill came after the commit, before the removal
    assert up.flush() == 1 and len(up.outbox) == 0
    assert up.flush() == 0
    assert up.connect().count() == 1 and up.connect().get("KAA-AAA") == intake


def test_replay_of_a_code_taken_meanwhile_keeps_both(db_url, intake, outbox):
    down = StoreSubmitter("postgresql://nobody@127.0.0.1:1/none", outbox=outbox)
    down.submit(intake)
    up = StoreSubmitter(db_url, outbox=outbox)
    other = intake.model_copy(update={"id": uuid.uuid4()})  # another kiosk, same code
    up.connect().add(other)
    assert up.flush() == 1
    stored = up.connect().find()
    assert len(stored) == 2 and len({i.ticket for i in stored}) == 2
    moved = next(i for i in stored if i.id == intake.id)
    assert "shown ticket KAA-AAA" in moved.staff_notes


def test_background_thread_replays_and_purges(db_url, intake, outbox):
    down = StoreSubmitter("postgresql://nobody@127.0.0.1:1/none", outbox=outbox)
    old = intake.model_copy(update={"finished_at": datetime.now(UTC) - timedelta(days=400)})
    down.submit(old)
    down.submit(intake.model_copy(update={"id": uuid.uuid4(), "ticket": "KAA-AAC"}))
    up = StoreSubmitter(db_url, outbox=outbox, retry_every=0.05, retention_days=90)
    up.start()
    try:
        for _ in range(200):
            if len(up.outbox) == 0 and up._next_purge > 0:
                break
            __import__("time").sleep(0.05)
    finally:
        up.stop()
    assert len(up.outbox) == 0
    assert [i.ticket for i in up.connect().find()] == ["KAA-AAC"]  # 400 days: purged


def test_a_bad_url_is_one_clear_message():
    with pytest.raises(StoreError, match="not a database URL"):
        Store("::nonsense::")
    with pytest.raises(StoreError, match="unknown kind of database 'mysqlx'"):
        Store("mysqlx://a@b/c")
