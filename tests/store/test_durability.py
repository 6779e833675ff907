"""Never lost, never twice: kills at random moments, many writers at once, two kiosks
on one database. Real processes on a real SQLite file and on PostgreSQL."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intake_bot.store.store import Store
from tests.store.driver import fixed_id

#: Real time, processes or signals: run apart, not beside other tests (README).
pytestmark = pytest.mark.serial

ROOT = Path(__file__).resolve().parents[2]


def driver(url: str, outbox: Path, mode: str, count: int, *seed: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.driver", url, str(outbox), mode, str(count)]
        + [str(s) for s in seed],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_sigkill_at_random_points_during_200_submits_loses_and_duplicates_nothing(db_url, outbox):
    rng = random.Random(15)
    shown: dict[int, str] = {}  # what a person was shown: intake number -> ticket
    kills = 0
    for run in range(9):  # 8 runs killed at a random moment, then one left to finish
        process = driver(db_url, outbox, "fixed", 200)
        out = ""
        if run < 8:
            # The moment is counted in tickets shown, not seconds, so that a fast or a
            # loaded machine kills as often: two runs in start-up, six mid-submits.
            if run < 2:
                time.sleep(rng.uniform(0.05, 0.5))
            else:
                wanted = rng.randrange(1, 150)
                assert process.stdout is not None
                out = "".join(process.stdout.readline() for _ in range(wanted))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                kills += 1
        rest, err = process.communicate(timeout=300)
        out += rest
        for line in out.splitlines():
            if line.strip():
                number, ticket = line.split()
                assert shown.setdefault(int(number), ticket) == ticket  # a ticket is for good
        assert process.returncode in (0, -signal.SIGKILL), err
    assert process.returncode == 0, err
    assert kills >= 6
    with Store(db_url) as store:
        stored = store.find()
    assert len(stored) == 200
    assert {i.id for i in stored} == {fixed_id(n) for n in range(200)}
    assert len({i.ticket for i in stored}) == 200
    by_id = {i.id: i.ticket for i in stored}
    assert all(by_id[fixed_id(n)] == ticket for n, ticket in shown.items())
    assert not list(outbox.glob("*.json"))


@pytest.mark.slow
def test_8_processes_submitting_200_each_at_once(db_url, tmp_path):
    processes = [driver(db_url, tmp_path / f"outbox{n}", "fresh", 200) for n in range(8)]
    results = [p.communicate(timeout=300) for p in processes]
    errors = [err for p, (_, err) in zip(processes, results, strict=True) if p.returncode]
    assert errors == []
    tickets = [t for out, _ in results for t in out.split()]
    assert len(tickets) == 1600 and len(set(tickets)) == 1600
    assert not list(tmp_path.glob("outbox*/*.json"))  # all reached the database
    with Store(db_url) as store:
        stored = store.find()
    assert len(stored) == 1600 and {i.ticket for i in stored} == set(tickets)


@pytest.mark.slow
def test_two_kiosks_proposing_the_same_codes_never_repeat_a_ticket(db_url, tmp_path):
    # The same seed: both draw the same codes; the database's unique ticket decides.
    first = driver(db_url, tmp_path / "a", "fresh", 30, 7)
    second = driver(db_url, tmp_path / "b", "fresh", 30, 7)
    tickets = [t for p in (first, second) for t in p.communicate(timeout=120)[0].split()]
    assert first.returncode == second.returncode == 0
    assert len(tickets) == 60 and len(set(tickets)) == 60
    # A restart (a new process) keeps everything and still draws free codes.
    third = driver(db_url, tmp_path / "c", "fresh", 30, 7)
    more = third.communicate(timeout=120)[0].split()
    with Store(db_url) as store:
        assert store.count() == 90
    assert len(set(tickets) | set(more)) == 90
