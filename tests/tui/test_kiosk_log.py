"""The kiosk's log holds the database's trouble too: "database unavailable" once per
fault (not at every probe), the database answering again and the outbox moving in;
each line once, none of it on standard error, and never a password."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from intake_bot.kiosk import log as kiosk
from intake_bot.records.intake import Intake
from intake_bot.store.submitter import StoreSubmitter
from intake_bot.tui import kiosk as tui_kiosk
from tests.store.driver import template

#: Real time, processes or signals: run apart, not beside other tests (README).
pytestmark = pytest.mark.serial

LOGGERS = ("intake_bot.kiosk", "intake_bot.store")


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Where the kiosk log goes, in ``tmp_path``, not open yet (the loggers as they
    were, after)."""
    saved = [
        (logger, list(logger.handlers), logger.level, logger.propagate)
        for logger in map(logging.getLogger, LOGGERS)
    ]
    for logger, *_ in saved:
        logger.handlers.clear()
    monkeypatch.setattr(kiosk, "log_dir", lambda: tmp_path / "log")
    yield tmp_path / "log" / "kiosk.log"
    for logger, handlers, level, propagate in saved:
        for handler in logger.handlers:
            if handler not in handlers:
                handler.close()
        logger.handlers[:] = handlers
        logger.setLevel(level)
        logger.propagate = propagate


@pytest.fixture
def kiosk_log(log_file: Path) -> Path:
    """The kiosk log, opened."""
    kiosk.open_log()
    kiosk.open_log()  # (a second call adds nothing)
    return log_file


def intake(ticket: str) -> Intake:
    return template().model_copy(update={"id": uuid.uuid4(), "ticket": ticket})


def lines(path: Path, words: str) -> list[str]:
    return [line for line in path.read_text().splitlines() if words in line]


def test_an_unreachable_database_is_in_the_kiosk_log_once(kiosk_log, tmp_path, capfd):
    now = [0.0]
    url = "postgresql://clinic:s3cret-pw@127.0.0.1:1/intakes"
    submitter = StoreSubmitter(url, outbox=tmp_path / "outbox", clock=lambda: now[0])
    submitter.submit(intake("KAA-AAA"))
    for _ in range(3):
        assert not submitter.probe()  # the background thread's probes, once a second
    now[0] += 31
    submitter.submit(intake("KAA-AAB"))  # tries the database again: still down
    assert len(submitter.outbox) == 2
    said = lines(kiosk_log, "database unavailable")
    assert len(said) == 1, said
    assert "WARNING database unavailable: cannot reach the database" in said[0]
    assert "s3cret-pw" not in kiosk_log.read_text()
    assert "database unavailable" not in capfd.readouterr().err


def test_a_fault_the_recovery_and_the_outbox_move_are_logged(kiosk_log, tmp_path):
    path = tmp_path / "intakes.sqlite3"
    submitter = StoreSubmitter(f"sqlite:///{path}", outbox=tmp_path / "outbox", probe_every=0.05)

    path.write_bytes(b"this is not a database at all " * 200)
    submitter.submit(intake("KBA-AAA"))
    submitter.submit(intake("KBA-AAB"))
    submitter.start()
    try:
        time.sleep(0.5)  # several probes, all failing
        path.unlink()
        deadline = time.monotonic() + 15
        while not lines(kiosk_log, "moved from the outbox"):
            assert time.monotonic() < deadline, kiosk_log.read_text()
            time.sleep(0.05)
        after = intake("KBA-AAC")
        assert submitter.submit(after) == after  # to the database again
    finally:
        submitter.stop()
    text = kiosk_log.read_text()
    assert len(submitter.outbox) == 0, text
    assert len(lines(kiosk_log, "database unavailable")) == 1, text
    assert len(lines(kiosk_log, "the database answers again")) == 1, text
    assert len(lines(kiosk_log, "INFO 2 intakes moved from the outbox to the database")) == 1


def test_kiosk_lines_still_go_to_the_log_once(kiosk_log):
    kiosk.log.warning("kiosk stopped by SIGTERM")
    assert len(lines(kiosk_log, "kiosk stopped by SIGTERM")) == 1


def test_the_log_is_open_from_the_kiosk_s_first_step(log_file, monkeypatch):
    """The kiosk's first step (the stop signals) opens the log, so a database fault at
    start, said by the background thread before any screen shows, is in it."""
    monkeypatch.setattr(tui_kiosk.signal, "signal", lambda number, handler: None)
    tui_kiosk.StopSignals().install()
    logging.getLogger("intake_bot.store").warning("database unavailable: at start")
    assert len(lines(log_file, "database unavailable: at start")) == 1
