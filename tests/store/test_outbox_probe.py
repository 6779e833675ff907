"""The kiosk's outbox moves to the database as soon as the database answers again (a
probe every second in the background), not only on the 30 s clock; a submit while
the database is down goes straight to the outbox; nothing is lost or kept twice."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from intake_bot.records.intake import Intake
from intake_bot.store.store import Store
from intake_bot.store.submitter import StoreSubmitter
from tests import pg
from tests.store.conftest import started_cluster
from tests.store.driver import template

#: Real time, processes or signals: run apart, not beside other tests (README).
pytestmark = pytest.mark.serial

DEADLINE = 15.0  # seconds: generous on a busy machine (a pass takes ~1 s), under the 30 s retry


def intake(ticket: str) -> Intake:
    return template().model_copy(update={"id": uuid.uuid4(), "ticket": ticket})


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {DEADLINE:.0f} s: {what}")
        time.sleep(0.05)


def stored(url: str) -> list[Intake]:
    with Store(url) as store:
        return store.find()


@pytest.fixture
def running() -> Iterator[list[StoreSubmitter]]:
    started: list[StoreSubmitter] = []
    yield started
    for submitter in started:
        submitter.stop()


def through_a_fault(
    url: str,
    outbox: Path,
    running: list[StoreSubmitter],
    *,
    break_it: Callable[[], None],
    mend_it: Callable[[], None],
    before: list[Intake] = (),  # type: ignore[assignment]
) -> None:
    """Submit ``before`` (the database works), break it, start the kiosk's background
    thread, submit three (the outbox keeps them), mend it: the outbox empties into the
    database by itself, each intake once, and the next submit goes to the database."""
    submitter = StoreSubmitter(url, outbox=outbox)
    running.append(submitter)
    for kept in before:
        assert submitter.submit(kept) == kept
    assert len(submitter.outbox) == 0
    break_it()
    submitter.start()
    waiting = [intake("KBA-AAA"), intake("KBA-AAB"), intake("KBA-AAC")]
    for one in waiting:
        assert submitter.submit(one) == one
    assert len(submitter.outbox) == 3 and submitter.problem
    mend_it()
    wait_for(lambda: len(submitter.outbox) == 0, "the outbox moved to the database")
    assert submitter.problem is None and not submitter.database_down
    after = intake("KCA-AAA")
    assert submitter.submit(after) == after
    assert len(submitter.outbox) == 0  # straight to the database
    kept = stored(url)
    expected = [*before, *waiting, after]
    assert sorted(str(i.id) for i in kept) == sorted(str(i.id) for i in expected)  # once each
    assert {i.ticket for i in kept} == {i.ticket for i in expected}


def test_sqlite_folder_back_the_outbox_moves_within_seconds(tmp_path, outbox, running):
    blocker = tmp_path / "data"  # a file where the database's folder should be
    url = f"sqlite:///{blocker / 'intakes.sqlite3'}"
    through_a_fault(
        url,
        outbox,
        running,
        break_it=lambda: blocker.write_text("not a folder"),
        mend_it=blocker.unlink,
    )


def test_sqlite_garbage_file_replaced_the_outbox_moves_within_seconds(tmp_path, outbox, running):
    path = tmp_path / "intakes.sqlite3"
    url = f"sqlite:///{path}"

    def mend() -> None:
        for leftover in tmp_path.glob("intakes.sqlite3*"):
            leftover.unlink()

    through_a_fault(
        url,
        outbox,
        running,
        break_it=lambda: path.write_bytes(b"this is not a database at all " * 200),
        mend_it=mend,
    )


def test_without_the_thread_a_submit_while_down_never_waits_for_the_database(tmp_path, outbox):
    """The 30 s fallback: a submit after a fault goes to the outbox without trying the
    database (no connect timeout for the person) until ``retry_every`` has passed."""
    now = [0.0]
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    url = f"sqlite:///{blocker / 'intakes.sqlite3'}"
    submitter = StoreSubmitter(url, outbox=outbox, clock=lambda: now[0])
    first, second, third = intake("KDA-AAA"), intake("KDA-AAB"), intake("KDA-AAC")
    submitter.submit(first)
    assert submitter.database_down and len(submitter.outbox) == 1
    blocker.unlink()
    now[0] += 29
    submitter.submit(second)  # not tried: the database's fault is recent
    assert len(submitter.outbox) == 2 and not (tmp_path / "data").exists()
    now[0] += 2
    submitter.submit(third)  # 31 s after the fault: the database again
    assert len(submitter.outbox) == 2
    assert submitter.flush() == 2
    assert {i.ticket for i in stored(url)} == {"KDA-AAA", "KDA-AAB", "KDA-AAC"}


def test_probe_says_whether_the_database_takes_writes(tmp_path, outbox):
    path = tmp_path / "intakes.sqlite3"
    path.write_bytes(b"garbage " * 512)
    submitter = StoreSubmitter(f"sqlite:///{path}", outbox=outbox)
    assert not submitter.probe()
    assert "not a usable SQLite database" in (submitter.problem or "")
    path.unlink()
    assert submitter.probe()


# -- PostgreSQL, stopped and started -------------------------------------------------------
@pytest.fixture
def own_cluster() -> Iterator[pg.Cluster]:
    """A cluster of this test's own (the session's one is shared: it is not stopped)."""
    cluster = started_cluster()
    yield cluster
    cluster.stop()


def pg_ctl(cluster: pg.Cluster, *action: str) -> None:
    done = cluster._run([str(cluster.bin / "pg_ctl"), "-D", str(cluster.folder / "data"), *action])
    assert done.returncode == 0, done.stderr


def test_postgresql_stopped_then_started_the_outbox_moves_within_seconds(
    own_cluster, outbox, running
):
    url = own_cluster.new_database()
    options = f"-p {own_cluster.port} -k {own_cluster.folder} -h 127.0.0.1 -F"
    log = str(own_cluster.folder / "log")
    through_a_fault(
        url,
        outbox,
        running,
        before=[intake("KAA-AAA")],  # the store is open, its pool holds a connection
        break_it=lambda: pg_ctl(own_cluster, "-m", "fast", "-w", "stop"),
        mend_it=lambda: pg_ctl(own_cluster, "-o", options, "-l", log, "-w", "start"),
    )
