"""The store at scale: 100,000 intakes on SQLite and PostgreSQL. Exports (wall time,
the child's peak RSS, size), the staff queue's queries, and kiosk submits while a
full export runs. Prints figures and ok/MISSED; never fails on timing.

    .venv/bin/python bench/scale.py [--count 100000] [--engines sqlite,postgresql]
                                    [--keep DIR]

Populating: a few hundred distinct intakes (real answers through the flow's triage;
en/es, kiosk/self/staff, a share urgent, some with a patient reference) replicated
to ``--count`` rows (new ids, unique ticket codes, finished over the last 365 days,
some today), inserted with executemany in chunks, one transaction each. The SQLite
file is kept in ``--keep`` (default /tmp/intake-bot-scale), named by the count and
the schema's alembic head, and copied for each run (exports and submits write to
it); PostgreSQL is populated afresh in a throwaway cluster (tests/pg.py, fsync on).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from pydantic import TypeAdapter  # noqa: E402

from intake_bot.authoring.verify import random_answers  # noqa: E402
from intake_bot.engine.path import check_answers  # noqa: E402
from intake_bot.engine.triage import triage  # noqa: E402
from intake_bot.flow import Flow, load_default_flow  # noqa: E402
from intake_bot.records.intake import Intake, build_intake  # noqa: E402
from intake_bot.records.tickets import ALPHABET, is_valid  # noqa: E402
from intake_bot.store import queue  # noqa: E402
from intake_bot.store.database import head_revision  # noqa: E402
from intake_bot.store.schema import intakes  # noqa: E402
from intake_bot.store.store import Store, _row  # noqa: E402
from intake_bot.store.submitter import StoreSubmitter  # noqa: E402
from tests import pg  # noqa: E402
from tests.hair_loss_paths import calm  # noqa: E402
from tests.store.driver import template  # noqa: E402

#: the venv's command, running this tree's intake_bot (PYTHONPATH: a worktree works too)
INTAKE_BOT = Path(sys.executable).with_name("intake-bot")
CHILD_ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
DISTINCT = 400
CHUNK = 2_000
TODAY_SHARE = 0.005  # of the rows, finished since local midnight
URGENT = "specialist_urgent"
#: the outcomes of the distinct intakes, one each of 20 in turn: 15% urgent
MIX = ["routine"] * 7 + ["mesotherapy"] * 3 + ["specialist"] * 7 + [URGENT] * 3
FRONT_DOORS = ("kiosk",) * 5 + ("self",) * 3 + ("staff",) * 2
LANGUAGES = ("en",) * 7 + ("es",) * 3

EXPORT_RSS_MB = 200.0
QUEUE_MS = 50.0
SUBMIT_P95_MS = 50.0  # SQLite (PostgreSQL: shown against the same figure)
RUNS = 5
SUBMIT_PAUSE = 0.02  # between two kiosk submits during the export

#: Runs a command and reports its wall time, exit code and ``ru_maxrss`` (KiB). A child
#: forked straight from this (large) process would report this process's peak RSS as
#: its own (the kernel keeps the old memory's high-water mark across ``exec``); this
#: small interpreter in between starts the export from a few MiB.
MEASURE = """
import os, resource, sys, time
out, cap, argv = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
if cap:
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
start = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(out, "w") as f:
    f.write(f"{wall} {os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


# -- the distinct intakes ---------------------------------------------------------------


def distinct_intakes(flow: Flow, rng: random.Random, n: int = DISTINCT) -> list[Intake]:
    """``n`` intakes from real answers through triage: mostly a quiet person with one
    to three answers changed at random, drawn until the outcome wanted in ``MIX``."""
    quiet = {k: tuple(v) if isinstance(v, list) else v for k, v in calm().items()}
    made: list[Intake] = []
    for index in range(n):
        wanted = MIX[index % len(MIX)]
        language = rng.choice(LANGUAGES)
        door = rng.choice(FRONT_DOORS)
        for _ in range(500):
            keep = dict(quiet)
            for qid in rng.sample(sorted(keep), rng.randint(1, 3)):
                del keep[qid]
            answers = random_answers(flow, rng, keep=None if wanted == URGENT else keep)
            checked = check_answers(flow, answers, language)
            result = triage(flow, checked, language, front_door=door)
            if result.outcome == wanted:
                break
        intake = build_intake(
            flow,
            checked,
            result,
            ticket="AAA-AAA",
            front_door=door,  # type: ignore[arg-type]
            patient_ref=f"MRN-{rng.randint(100000, 999999)}"
            if door == "staff" and rng.random() < 0.6
            else None,
        )
        if door == "staff":
            intake = intake.model_copy(update={"screened_by": "Ana"})
        made.append(intake)
    return made


def tickets(rng: random.Random) -> Iterator[str]:
    """Ticket codes, valid and never twice."""
    seen: set[str] = set()
    while True:
        chars = "".join(rng.choice(ALPHABET) for _ in range(6))
        code = f"{chars[:3]}-{chars[3:]}"
        if code not in seen:
            seen.add(code)
            yield code


def rows(count: int, seed: int = 2026) -> Iterator[list[dict[str, Any]]]:
    """``count`` rows as ``Store._row`` makes them, ``CHUNK`` at a time."""
    rng = random.Random(seed)
    bases = [_row(intake) for intake in distinct_intakes(load_default_flow(), rng)]
    as_json = TypeAdapter(datetime).dump_python
    now = datetime.now(UTC)
    midnight = queue.local_midnight(now)
    since_midnight = (now - midnight).total_seconds()
    year = 365 * 24 * 3600.0
    codes = tickets(rng)
    chunk: list[dict[str, Any]] = []
    for index in range(count):
        base = rng.choice(bases)
        if index < count * TODAY_SHARE:
            finished = now - timedelta(seconds=rng.uniform(0, since_midnight))
        else:
            finished = now - timedelta(seconds=rng.uniform(since_midnight, year))
        started = finished - timedelta(seconds=rng.uniform(180, 900))
        age_days = (now - finished).days
        reviewed = rng.random() < (0.95 if age_days > 14 else 0.3 if age_days > 0 else 0.05)
        row_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        ticket = next(codes)
        record = dict(base["record"])
        record.update(
            id=str(row_id),
            ticket=ticket,
            finished_at=as_json(finished, mode="json"),
            started_at=as_json(started, mode="json"),
        )
        row = dict(base)
        row.update(
            id=row_id,
            ticket=ticket,
            started_at=started,
            finished_at=finished,
            stored_at=finished + timedelta(seconds=rng.uniform(0.05, 2)),
            status="reviewed" if reviewed else "new",
            record=record,
        )
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def populate(url: str, count: int) -> None:
    store = Store(url)
    try:
        for chunk in rows(count):
            with store.engine.begin() as connection:
                connection.execute(intakes.insert(), chunk)
        if store.engine.dialect.name == "postgresql":
            # what autovacuum does soon after a bulk load (PostgreSQL 13+ vacuums after
            # inserts too): statistics, and the visibility map index-only scans rely on
            with store.engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "VACUUM ANALYZE intakes"
                )
    finally:
        store.close()
    if url.startswith("sqlite:///"):  # the whole database in the one file, to be copied
        with contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def sqlite_database(keep: Path, count: int) -> tuple[str, float, bool]:
    """A working copy of the cached populated file (built first if missing): its URL,
    the seconds populating (or copying) took, and whether it was built now."""
    keep.mkdir(parents=True, exist_ok=True)
    cached = keep / f"intakes-{count}-{head_revision()}.sqlite3"
    started = time.perf_counter()
    built = not cached.exists()
    if built:
        building = cached.with_suffix(".building")
        for stale in keep.glob(building.name + "*"):
            stale.unlink()
        populate(f"sqlite:///{building}", count)
        os.replace(building, cached)
        for stale in keep.glob(building.name + "*"):
            stale.unlink()
    work = keep / f"run-{count}.sqlite3"
    for stale in keep.glob(work.name + "*"):
        stale.unlink()
    shutil.copyfile(cached, work)
    return f"sqlite:///{work}", time.perf_counter() - started, built


# -- exports ------------------------------------------------------------------------------


@dataclass
class Measured:
    wall: float  # seconds
    code: int
    rss_kib: int
    error: str  # the end of its standard error


def start_measured(argv: list[str], folder: Path, cap: int) -> tuple[subprocess.Popen[bytes], Path]:
    out = folder / f"measure-{uuid.uuid4().hex[:8]}"
    process = subprocess.Popen(
        [sys.executable, "-c", MEASURE, str(out), str(cap), *argv],
        stdout=subprocess.DEVNULL,
        stderr=out.with_suffix(".err").open("wb"),
        start_new_session=True,
        env=CHILD_ENV,
    )
    return process, out


def finish_measured(process: subprocess.Popen[bytes], out: Path, timeout: float) -> Measured | None:
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return None
    wall, code, rss = out.read_text().split()
    error = out.with_suffix(".err").read_text(errors="replace").strip()[-300:]
    return Measured(float(wall), int(code), int(rss), error)


def export_formats() -> list[str]:
    shown = subprocess.run(
        [str(INTAKE_BOT), "export", "--help"],
        capture_output=True,
        text=True,
        check=False,
        env=CHILD_ENV,
    ).stdout
    return ["json", "csv", "text", "fhir"] + (["fhir-ndjson"] if "fhir-ndjson" in shown else [])


def export_argv(url: str, fmt: str, target: Path) -> list[str]:
    return [str(INTAKE_BOT), "export", "--format", fmt, "-o", str(target), "--db", url]


def exports(url: str, folder: Path, timeout: float, cap: int) -> list[tuple[str, Any, str, str]]:
    lines: list[tuple[str, Any, str, str]] = []
    for fmt in export_formats():
        target = folder / f"export.{fmt}"
        target.unlink(missing_ok=True)
        process, out = start_measured(export_argv(url, fmt, target), folder, cap)
        got = finish_measured(process, out, timeout)
        if got is None:
            lines.append((f"export {fmt}", f"killed after {timeout:.0f} s", "", "MISSED"))
            continue
        size = target.stat().st_size if target.exists() else 0
        rss = got.rss_kib / 1024
        failed = ""
        if got.code:
            last = got.error.splitlines()[-1] if got.error else ""
            cause = "MemoryError (--cap-gib)" if "MemoryError" in got.error else last
            failed = f", exit {got.code}: {cause}"
        lines.append(
            (
                f"export {fmt}",
                f"{got.wall:6.1f} s, {size / 2**20:7.1f} MiB out, peak RSS {rss:7.1f} MiB{failed}",
                f"RSS < {EXPORT_RSS_MB:.0f} MB",
                "ok" if rss * 2**20 < EXPORT_RSS_MB * 1e6 and not got.code else "MISSED",
            )
        )
        target.unlink(missing_ok=True)
    return lines


# -- the staff queue ------------------------------------------------------------------------


def timed(call: Callable[[], object]) -> float:
    """Median of ``RUNS`` calls after one warm-up, in ms."""
    call()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def queue_timings(store: Store, count: int, ticket: str) -> dict[str, float]:
    """The queue's calls the console makes, in ms. (The one place that knows the queue's
    API: with keyset pagination, the deep page becomes a cursor at 90%.)"""
    none = queue.Filters()
    deep = int(count * 0.9)
    after, walked = None, 0  # the console pages by cursor: the one at 90%
    while walked < deep:
        step = queue.page(store, none, after=after, limit=min(5000, deep - walked))
        if step.next is None:
            break
        after, walked = step.next, walked + len(step.rows)
    return {
        "first page, no filter": timed(lambda: queue.page(store, none)),
        "status new": timed(lambda: queue.page(store, none.but(status="new"))),
        "front door kiosk": timed(lambda: queue.page(store, none.but(front_door="kiosk"))),
        f"outcome {URGENT}": timed(lambda: queue.page(store, none.but(outcome=URGENT))),
        f"deep page (after {walked:,} rows)": timed(lambda: queue.page(store, none, after=after)),
        f"ticket search '{ticket[:3]}'": timed(
            lambda: queue.page(store, none.but(ticket=ticket[:3]))
        ),
        "fingerprint": timed(lambda: queue.fingerprint(store)),
    }


# -- kiosk submits during an export -------------------------------------------------------


def submits_during_export(
    url: str, folder: Path, timeout: float, cap: int
) -> tuple[list[float], int, Measured | None]:
    outbox = folder / "outbox"
    shutil.rmtree(outbox, ignore_errors=True)
    submitter = StoreSubmitter(url, outbox=outbox)
    submitter.connect()
    base = template()

    def submit() -> float:
        start = time.perf_counter()  # as the kiosk does: draw a free code, then keep
        intake = base.model_copy(update={"id": uuid.uuid4(), "ticket": submitter.issuer.issue()})
        submitter.submit(intake)
        return (time.perf_counter() - start) * 1000

    for _ in range(5):
        submit()
    target = folder / "export-during.json"
    target.unlink(missing_ok=True)
    process, out = start_measured(export_argv(url, "json", target), folder, cap)
    times: list[float] = []
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        times.append(submit())
        time.sleep(SUBMIT_PAUSE)
    got = finish_measured(process, out, max(0.0, deadline - time.monotonic()))
    target.unlink(missing_ok=True)
    outboxed = len(submitter.outbox)
    if submitter._store is not None:
        submitter._store.close()
    return times, outboxed, got


# -- report -----------------------------------------------------------------------------------


def table(engine: str, lines: list[tuple[str, Any, str, str]]) -> None:
    width = max(len(line[0]) for line in lines)
    print(f"\n{engine}")
    for name, value, target, verdict in lines:
        print(f"  {name:<{width}}  {value!s:<58} {target:<18} {verdict}")


def run(engine: str, url: str, count: int, folder: Path, timeout: float, cap: int) -> None:
    store = Store(url)
    try:
        total = store.count()
        with store.reader.connect() as connection:
            ticket = connection.execute(
                sa.select(intakes.c.ticket).order_by(intakes.c.finished_at).limit(1)
            ).scalar_one()
        assert is_valid(ticket), ticket
        print(f"{engine}: {total:,} intakes; queue …", flush=True)
        lines: list[tuple[str, Any, str, str]] = [
            (f"queue: {name}", f"{ms:7.1f} ms", f"< {QUEUE_MS:.0f} ms", ok(ms < QUEUE_MS))
            for name, ms in queue_timings(store, total, ticket).items()
        ]
    finally:
        store.close()
    print(f"{engine}: exports …", flush=True)
    lines += exports(url, folder, timeout, cap)
    print(f"{engine}: kiosk submits during a json export …", flush=True)
    times, outboxed, got = submits_during_export(url, folder, timeout, cap)
    if len(times) >= 2:
        p50, p95 = statistics.median(times), statistics.quantiles(times, n=20)[18]
        during = f"{got.wall:.1f} s" if got else "killed"
        lines.append(
            (
                "kiosk submit during export",
                f"p50 {p50:5.1f} ms, p95 {p95:6.1f} ms, max {max(times):6.1f} "
                f"({len(times)} in {during})",
                f"p95 <= {SUBMIT_P95_MS:.0f} ms",
                ok(p95 <= SUBMIT_P95_MS),
            )
        )
    else:
        lines.append(("kiosk submit during export", f"{len(times)} submits", "", "MISSED"))
    lines.append(("  of them to the outbox", outboxed, "0", ok(outboxed == 0)))
    table(engine, lines)


def ok(good: bool) -> str:
    return "ok" if good else "MISSED"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--keep", type=Path, default=Path("/tmp/intake-bot-scale"))
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="seconds before an export is killed"
    )
    parser.add_argument(
        "--cap-gib",
        type=float,
        default=8.0,
        help="address-space limit of an export (GiB; 0: none), for a shared machine",
    )
    args = parser.parse_args(argv)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    cap = int(args.cap_gib * 2**30)
    print(
        f"Python {sys.version.split()[0]}; {args.count:,} intakes; schema {head_revision()}; "
        f"{os.cpu_count()} CPUs; load {os.getloadavg()[0]:.1f}"
    )
    args.keep.mkdir(parents=True, exist_ok=True)
    for engine in engines:
        folder = Path(tempfile.mkdtemp(prefix=f"{engine}-", dir=args.keep))
        began = time.perf_counter()
        try:
            if engine == "sqlite":
                url, seconds, built = sqlite_database(args.keep, args.count)
                how = "populated" if built else "copied from the cache"
                print(f"SQLite: {how} in {seconds:.1f} s ({url})", flush=True)
                run("SQLite", url, args.count, folder, args.timeout, cap)
            elif engine == "postgresql":
                try:
                    cluster = pg.start(fsync=True)
                except pg.Unavailable as why:
                    print(f"PostgreSQL: skipped ({why})")
                    continue
                try:
                    url = cluster.new_database()
                    started = time.perf_counter()
                    populate(url, args.count)
                    print(
                        f"PostgreSQL: populated in {time.perf_counter() - started:.1f} s",
                        flush=True,
                    )
                    run("PostgreSQL", url, args.count, folder, args.timeout, cap)
                finally:
                    cluster.stop()
            else:
                print(f"{engine}: unknown engine (sqlite, postgresql)")
                continue
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        print(f"  ({engine}: {time.perf_counter() - began:.0f} s in all)")


if __name__ == "__main__":
    main()
