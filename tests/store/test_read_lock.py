"""Reads never take SQLite's write lock: an export streaming a year of intakes, the
staff queue and a kiosk's submit all go on at once (issue 21: a kiosk started during
a long export sent every intake to the outbox; two readers blocked each other)."""

from __future__ import annotations

import sqlite3
import uuid

import pytest

from intake_bot.records.tickets import ALPHABET
from intake_bot.store import queue
from intake_bot.store.store import Store
from tests.store.driver import template


def _fill(store: Store, count: int) -> None:
    base = template()
    for n in range(count):
        store.add(
            base.model_copy(
                update={"id": uuid.uuid4(), "ticket": f"AAA-A{ALPHABET[n // 22]}{ALPHABET[n % 22]}"}
            )
        )


@pytest.fixture
def store(tmp_path) -> Store:
    opened = Store(f"sqlite:///{tmp_path / 'intakes.sqlite3'}")
    _fill(opened, 12)
    yield opened
    opened.close()


def test_a_kiosk_submit_goes_in_while_an_export_is_reading(store: Store) -> None:
    exporting = store.iter(batch=2)
    first = next(exporting)  # the export's read transaction is open now
    extra = template().model_copy(update={"id": uuid.uuid4(), "ticket": "XXX-XXX"})
    assert store.add(extra).ticket == "XXX-XXX"  # not "database is locked" after 10 s
    rest = list(exporting)
    # the export read one snapshot: the 12 there when it began, not the new one
    assert len([first, *rest]) == 12
    assert store.get("XXX-XXX") is not None


def test_two_readers_at_once_do_not_wait_for_each_other(store: Store) -> None:
    one = store.iter(batch=2)
    next(one)
    other = Store(str(store.url))
    try:
        assert len(other.find()) == 12
        assert queue.page(other, queue.Filters()).total == 12
    finally:
        other.close()
    assert len(list(one)) == 11


def test_reads_go_on_while_another_process_holds_the_write_lock(store: Store) -> None:
    writer = sqlite3.connect(store.url.database, isolation_level=None, timeout=0)
    try:
        writer.execute("BEGIN IMMEDIATE")  # a long write elsewhere (a purge, a migration)
        assert len(store.find()) == 12
        assert store.ticket_taken(store.find()[0].ticket)
        assert queue.page(store, queue.Filters()).total == 12
    finally:
        writer.execute("ROLLBACK")
        writer.close()
