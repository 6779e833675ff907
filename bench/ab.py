"""A/B of answer latency: two source trees of intake_bot, typed intakes interleaved.

The typed intakes of ``bench/tui.py`` (section 2: the real app under a pty, Enter ->
the next question's text on the terminal), run in turn with ``intake_bot`` imported
from each tree (``PYTHONPATH``), so that both see the same machine. On a shared
machine the same code can be 25% slower an hour later; only an interleaved comparison
says whether a change made answers faster.

    git worktree add /tmp/before <commit>
    .venv/bin/python bench/ab.py /tmp/before . [rounds]

Prints p50 / p90 / p95 / max per tree, the median wait from Enter on *I agree* to the
first question, and the Python version and CPU count.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tui  # (the bench beside this file)


def main() -> None:
    if len(sys.argv) < 3:
        raise SystemExit("usage: bench/ab.py TREE_A TREE_B [rounds]  (trees: checkouts)")
    trees = [str(Path(tree).resolve()) for tree in sys.argv[1:3]]
    try:
        rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    except ValueError:
        raise SystemExit(f"rounds must be a whole number, not {sys.argv[3]!r}") from None
    for tree in trees:
        if not (Path(tree) / "intake_bot" / "__init__.py").is_file():
            raise SystemExit(f"{tree}: no intake_bot package there")
        subprocess.run([tui.PYTHON, "-m", "compileall", "-q", f"{tree}/intake_bot"], check=True)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; {rounds} rounds")
    latencies: dict[str, list[float]] = {tree: [] for tree in trees}
    agree: dict[str, list[float]] = {tree: [] for tree in trees}
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        driver = tmp / "driver.py"
        driver.write_text(
            tui.DRIVER.replace("CONSTANTS_JSON", repr(json.dumps([tui.PATH, tui.THINK])))
        )
        texts = tui.screen_texts()
        for _ in range(rounds):
            for tree in trees:
                os.environ["PYTHONPATH"] = tree
                run = tui.typed_intake(driver, tmp, texts)
                latencies[tree] += run["latencies"]
                agree[tree].append(run["agree"])
    for tree, values in latencies.items():
        figures = "  ".join(f"p{p} {tui.ms(tui.pct(values, p))}" for p in (50, 90, 95))
        print(
            f"{tree}: {len(values)} answers  {figures}  max {tui.ms(max(values))};"
            f"  I agree -> first question, median {tui.ms(statistics.median(agree[tree]))}"
        )


if __name__ == "__main__":
    main()
