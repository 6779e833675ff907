"""Store figures: submit latency (p50/p95) on SQLite and PostgreSQL, and the
throughput of 8 processes writing at once. Prints figures and ok/MISSED; never fails.

    .venv/bin/python bench/store.py

A submit is StoreSubmitter.submit of a built intake (issue a ticket, insert, commit:
SQLite with WAL and synchronous=FULL; PostgreSQL with fsync on, a throwaway cluster
on 127.0.0.1 started by tests/pg.py).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intake_bot.store.submitter import StoreSubmitter  # noqa: E402
from tests import pg  # noqa: E402
from tests.store.driver import template  # noqa: E402

TARGET_P95_MS = 20.0
SUBMITS = 300


def latency(url: str, outbox: Path) -> tuple[float, float]:
    submitter = StoreSubmitter(url, outbox=outbox)
    submitter.connect()
    base = template()
    times = []
    for _ in range(20 + SUBMITS):
        start = time.perf_counter()  # as the kiosk does: draw a free code, then keep
        intake = base.model_copy(update={"id": uuid.uuid4(), "ticket": submitter.issuer.issue()})
        submitter.submit(intake)
        times.append((time.perf_counter() - start) * 1000)
    times = times[20:]
    assert len(submitter.outbox) == 0
    return statistics.median(times), statistics.quantiles(times, n=20)[18]


def writers(url: str, folder: Path, processes: int = 8, each: int = 200) -> tuple[float, int]:
    start = time.perf_counter()
    running = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.store.driver",
                url,
                str(folder / f"o{n}"),
                "fresh",
                str(each),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    tickets = []
    errors = 0
    for process in running:
        out, _ = process.communicate()
        errors += process.returncode != 0
        tickets += out.split()
    elapsed = time.perf_counter() - start
    return len(set(tickets)) / elapsed, errors


def main() -> None:
    print(f"Python {sys.version.split()[0]}; {SUBMITS} submits each, after 20 warm-up")
    folder = Path(tempfile.mkdtemp(prefix="intake-bot-bench-"))
    engines = [("SQLite", f"sqlite:///{folder / 'bench.sqlite3'}")]
    cluster = None
    try:
        cluster = pg.start(fsync=True)
        engines.append(("PostgreSQL", cluster.new_database()))
    except pg.Unavailable as why:
        print(f"PostgreSQL skipped: {why}")
    try:
        for name, url in engines:
            p50, p95 = latency(url, folder / f"outbox-{name}")
            verdict = "ok" if p95 <= TARGET_P95_MS else "MISSED"
            print(
                f"{name:10} submit p50 {p50:5.1f} ms  p95 {p95:5.1f} ms  (target p95 <= {TARGET_P95_MS:.0f} ms) {verdict}"
            )
        for name, url in engines:
            rate, errors = writers(url, folder)
            print(
                f"{name:10} 8 processes x 200: {rate:6.0f} intakes/s (incl. start-up), {errors} errors"
            )
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
