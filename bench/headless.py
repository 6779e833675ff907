"""Headless figures: batch triage throughput, interactive sessions, load + check time.

Run: .venv/bin/python bench/headless.py [--paths 10000]
Targets (issue 2): batch triage >= 5,000 sessions/s on one core; load + check of the
default flow < 300 ms. Pinned to one core where the OS allows it.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from intake_bot.authoring.verify import random_answers, verify_flow
from intake_bot.cli import main as cli_main
from intake_bot.engine.session import Session
from intake_bot.flow import bundled_flow_path, parse_flow


def pin_one_core() -> str:
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return "pinned to one core"
    return "not pinned"


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--paths", type=int, default=10_000)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {pin_one_core()}")

    text = bundled_flow_path().read_text(encoding="utf-8")
    flow = parse_flow(text, "hair_loss.yaml")
    rng = random.Random(2026)
    paths = [random_answers(flow, rng) for _ in range(args.paths)]
    jsonl = "".join(
        json.dumps({k: list(v) if isinstance(v, tuple) else v for k, v in p.items()}) + "\n"
        for p in paths
    )

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "paths.jsonl"
        source.write_text(jsonl, encoding="utf-8")

        def batch() -> None:
            # (the batch writes UTF-8 bytes to standard output's buffer)
            out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
            with contextlib.redirect_stdout(out):
                code = cli_main(["triage", "--batch", str(source)])
            assert code == 0, "batch triage failed"
            out.flush()
            assert out.buffer.getvalue().count(b"\n") == args.paths

        seconds = best_of(3, batch)
        print(
            f"triage --batch, in process: {args.paths} sessions in {seconds:.3f} s = {args.paths / seconds:,.0f} sessions/s (target >= 5,000)"
        )

        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "intake_bot", "triage", "--batch", str(source)],
            stdout=subprocess.DEVNULL,
            check=True,
        )
        wall = time.perf_counter() - start
        print(
            f"triage --batch, whole command with start-up: {wall:.3f} s = {args.paths / wall:,.0f} sessions/s (exit {proc.returncode})"
        )

    def interactive() -> None:
        for answers in paths[:2000]:
            with Session(flow) as session:
                for value in answers.values():
                    session.answer(value)
                session.finish()

    seconds = best_of(3, interactive)
    print(
        f"interactive Session on the shared transitions machine: {2000 / seconds:,.0f} sessions/s (answer + advance per question, then finish)"
    )

    load = best_of(10, lambda: parse_flow(text, "hair_loss.yaml"))
    check = best_of(5, lambda: verify_flow(parse_flow(text, "hair_loss.yaml")))
    print(
        f"load default flow: {load * 1000:.1f} ms; load + check: {check * 1000:.1f} ms (target < 300 ms), best of runs"
    )
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "intake_bot", "check"], stdout=subprocess.DEVNULL, check=True
    )
    print(
        f"`intake-bot check` whole command with interpreter start-up: {(time.perf_counter() - start) * 1000:.0f} ms"
    )
    samples = [best_of(1, lambda: parse_flow(text, "x")) for _ in range(10)]
    print(f"load, median of 10: {statistics.median(samples) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
