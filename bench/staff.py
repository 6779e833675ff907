"""Staff console figures with 10,000 intakes in the database (SQLite, and PostgreSQL
when a throwaway cluster can be started): sign-in accepted -> queue painted, and a
filter key -> filtered queue painted (target: each under 250 ms). Headless
(``App.run_test``): the time until the page is on the app's screen after a refresh.
Prints figures and ok/MISSED; never fails.

    .venv/bin/python bench/staff.py
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intake_bot.records.tickets import TicketIssuer  # noqa: E402
from intake_bot.store.schema import intakes  # noqa: E402
from intake_bot.store.store import Store, _row  # noqa: E402
from intake_bot.tui.staff.screens.queue import QueueScreen  # noqa: E402
from tests import pg  # noqa: E402
from tests.staff.conftest import make_intake, with_account  # noqa: E402
from tests.staff.driving import make_app, sign_in  # noqa: E402

COUNT = 10_000
TARGET_MS = 250.0
RUNS = 5


def seed(url: str) -> Store:
    store = with_account(url)
    rng = random.Random(7)
    issuer = TicketIssuer(lambda _: False, choose=rng.choice)
    bases = [make_intake("AAA-AAA", o) for o in ("routine", "specialist", "specialist_urgent")]
    now = datetime.now(UTC)
    rows = [
        _row(
            bases[i % 3].model_copy(
                update={
                    "id": uuid.uuid4(),
                    "ticket": issuer.issue(),
                    "finished_at": now - timedelta(minutes=3 * i),
                    "front_door": rng.choice(("kiosk", "staff", "self")),
                }
            )
        )
        for i in range(COUNT)
    ]
    with store.engine.begin() as connection:
        connection.execute(intakes.insert(), rows)
    return store


async def once(store: Store) -> tuple[float, float]:
    stamps: list[float] = []
    original = QueueScreen._painted

    def painted(self: QueueScreen) -> None:
        stamps.append(time.perf_counter())
        original(self)

    QueueScreen._painted = painted  # type: ignore[method-assign]
    accepted: list[float] = []
    app = make_app(store)
    sign_in_call = app.desk.sign_in

    def timed_sign_in(name: str, passphrase: str) -> str | None:
        who = sign_in_call(name, passphrase)
        accepted.append(time.perf_counter())
        return who

    app.desk.sign_in = timed_sign_in  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(100, 32)) as pilot:
            await sign_in(pilot)
            while not stamps:
                await asyncio.sleep(0.005)
            first = stamps[0] - accepted[0]
            await asyncio.sleep(0.3)
            before = len(stamps)
            pressed = time.perf_counter()
            await pilot.press("o")
            while len(stamps) == before:
                await asyncio.sleep(0.005)
            filtered = stamps[before] - pressed
    finally:
        QueueScreen._painted = original  # type: ignore[method-assign]
    return first * 1000, filtered * 1000


def report(engine: str, url: str) -> None:
    started = time.perf_counter()
    store = seed(url)
    print(f"{engine}: {COUNT} intakes seeded in {time.perf_counter() - started:.1f} s")
    results = [asyncio.run(once(store)) for _ in range(RUNS)]
    for label, values in (
        ("sign-in accepted -> queue painted", [r[0] for r in results]),
        ("filter key -> filtered queue painted", [r[1] for r in results]),
    ):
        median, worst = statistics.median(values), max(values)
        verdict = "ok" if worst < TARGET_MS else "MISSED"
        print(f"  {label}: median {median:.0f} ms, worst {worst:.0f} ms of {RUNS} {verdict}")
    store.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        report("SQLite", f"sqlite:///{folder}/intakes.sqlite3")
    try:
        cluster = pg.start()
    except pg.Unavailable as why:
        print(f"PostgreSQL: skipped ({why})")
        return
    try:
        report("PostgreSQL", cluster.new_database())
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
