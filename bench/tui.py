"""TUI figures: start-up to the first question, answer-to-next-question latency, peak memory.

Run: .venv/bin/python bench/tui.py [--runs 7] [--intakes 5]     (about 1 minute, headless)

Targets:
  1. process start -> first question on screen <= 1.3x a bare Textual app (one Label, one Input):
     judged on intake-bot's first screen, the welcome (its consent is the first question
     asked; its buttons the answers); the first clinical question is printed beside it
  2. answer -> next question p95 <= 33 ms (two frames) over a 20+-answer intake
  3. peak RSS of a whole intake <= 1.5x the bare app
  (2. and 3. as issue 14 set them; they were 16 ms and 1.3x before)

How (more in bench/README.md):
  1. and 3. real processes under a pseudo-terminal (100x32, TERM=xterm-256color, Textual's
     real Linux driver writing to it; no display needed). A driver script written to a temp
     dir patches a few screen hooks *in that process only* (the app's files are untouched)
     and calls intake_bot.cli.main([]) as the `intake-bot` command does. The judged run
     patches nothing: the parent notes when the welcome's "I agree" reaches the terminal
     (then presses Ctrl+Q). The reference run presses "I agree" as soon as the welcome is
     mounted; the parent notes when the first question's text reaches the terminal. The bare app (and a stock two-screen journey
     from Textual's own widgets) run the same way. Each child reads its own VmHWM.
  2. intake-bot as shipped under the pty, this process typing each answer's keys and
     timing Enter -> the next question's text on the terminal (5 intakes x 24 answers);
     2b (not judged) times the handler and the refreshes in process with App.run_test.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import gc
import importlib.metadata
import json
import os
import platform
import pty
import re
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

PYTHON = sys.executable
SIZE = (100, 32)  # columns, rows
#: Texts whose arrival at the terminal marks a screen as shown: the first question is
#: the same words in both apps (the bare app's Label and the flow's first question).
ON_SCREEN = {
    "question": b"How old are you?",
    "welcome": b"a few questions",
}
THINK = 0.1  # seconds a "person" waits after a question appears, before answering
#: ...and after the welcome appears, before "I agree": the consent is three paragraphs;
#: the welcome's consent is read before it is agreed to.
READ_WELCOME = 1.0

# A woman of 40 with increased shedding: pregnancy, birth and menopause are asked.
# (question, how it is given, value): "typed" goes through AnswerPanel.Typed (the reply
# box, understood by intake_bot.engine.replies), "chosen" through AnswerPanel.Chosen (the list).
PATH: list[tuple[str, str, Any]] = [
    ("age", "typed", "40"),
    ("sex", "chosen", "female"),
    ("shedding_amount", "chosen", "increased"),
    ("thinning_pattern", "chosen", "diffuse"),
    ("patches", "typed", "no"),
    ("onset", "chosen", "gradual"),
    ("duration", "chosen", "3_to_12_months"),
    ("other_hair_loss", "chosen", ["none"]),
    ("scalp_symptoms", "chosen", ["itch"]),
    ("hair_care", "chosen", ["chemical_treatments"]),
    ("systemic_symptoms", "chosen", ["fatigue"]),
    ("pregnant", "chosen", "no"),
    ("gave_birth_recently", "typed", "no"),
    ("breastfeeding", "typed", "no"),
    ("planning_pregnancy", "chosen", "no"),
    ("menopause", "chosen", "peri"),
    ("medications", "chosen", ["hormonal_contraception_change"]),
    ("medication_started_recently", "typed", "yes"),
    ("bleeding_disorder", "chosen", "no"),
    ("health_conditions", "chosen", ["none"]),
    ("allergies", "chosen", "no"),
    ("stress_or_illness", "chosen", ["major_stress"]),
    ("family_history", "typed", "yes"),
    ("hair_transplant", "chosen", "none"),
    ("prior_treatments", "chosen", ["supplements"]),
]  # 25 answers: 24 lead to a next question, the last one to the review

# -- the driver run in each child process ---------------------------------------------
DRIVER = r"""
import time
T_START = time.monotonic()  # CLOCK_MONOTONIC: comparable with the parent's clock
import json
import sys

MODE, OUT = sys.argv[1], sys.argv[2]
marks = {"start": T_START}
result = {"marks": marks, "latencies": []}


def save():
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                result["vmhwm_kb"] = int(line.split()[1])
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(result, f)


if MODE == "bare":
    from textual.app import App
    from textual.widgets import Input, Label

    marks["imported"] = time.monotonic()

    class Bare(App):
        def compose(self):
            yield Label("How old are you?")
            yield Input(placeholder="Type a number…")

        def on_mount(self):
            assert self.query_one(Input).is_mounted and self.query_one(Label).is_mounted
            marks["question_mounted"] = time.monotonic()
            self.call_after_refresh(self.painted)

        def painted(self):
            marks["question_painted"] = time.monotonic()
            save()
            self.exit()

    Bare().run()
    raise SystemExit(0)

if MODE == "floor":  # the same journey from stock widgets, nothing of intake_bot's
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import Button, Footer, Input, OptionList, Static

    marks["imported"] = time.monotonic()
    WORDS = "Hello! Before your visit, a few questions before your visit. " * 4

    class Welcome(Screen):
        def compose(self):
            yield Static("Your visit", id="title")
            yield Static(WORDS)
            yield Static(WORDS)
            yield Button("I agree", id="agree", variant="success")
            yield Button("Leave", id="leave")
            yield Footer()

        def on_mount(self):
            marks["welcome_mounted"] = time.monotonic()
            self.query_one("#agree", Button).press()

        def on_button_pressed(self, event):
            self.app.switch_screen(Question())

    class Question(Screen):
        def compose(self):
            yield Static("How old are you?")
            yield OptionList("one", "two", "three")
            yield Input(placeholder="Type a number…")
            yield Footer()

        def on_mount(self):
            marks["question_mounted"] = time.monotonic()
            self.call_after_refresh(self.painted)

        def painted(self):
            marks["question_painted"] = time.monotonic()
            save()
            self.app.exit()

    class Floor(App):
        def on_mount(self):
            self.push_screen(Welcome())

    Floor().run()
    raise SystemExit(0)

import intake_bot.cli

if MODE in ("keys", "welcome"):  # intake-bot as shipped, nothing else imported: the parent
    # types every key ("welcome": Ctrl+Q as soon as the welcome reaches the terminal)
    import atexit

    atexit.register(save)
    raise SystemExit(intake_bot.cli.main([]))

from textual.widgets import Button

from intake_bot.tui.screens.chat import ChatScreen
from intake_bot.tui.screens.welcome import WelcomeScreen
from intake_bot.tui.widgets.transcript import Transcript

marks["imported"] = time.monotonic()

PATH, THINK = json.loads(CONSTANTS_JSON)


def welcome_mounted(self):
    welcome_on_mount(self)
    marks["welcome_mounted"] = time.monotonic()
    self.query_one("#agree", Button).press()


async def sync(self):
    await chat_sync(self)
    if "question_mounted" not in marks:
        bots = [e for e in self.query_one(Transcript).entries if e.role == "bot"]
        assert bots and bots[-1].question_id == PATH[0][0], "first question not shown"
        marks["question_mounted"] = time.monotonic()
        self.call_after_refresh(first_painted, self)


def first_painted(screen):
    marks["question_painted"] = time.monotonic()
    save()
    screen.app.exit()


def load_flow(*args, **kwargs):
    flow = cli_load_flow(*args, **kwargs)
    marks["flow_loaded"] = time.monotonic()
    return flow


cli_load_flow, intake_bot.cli.load_flow = intake_bot.cli.load_flow, load_flow
welcome_on_mount, WelcomeScreen.on_mount = WelcomeScreen.on_mount, welcome_mounted
chat_sync, ChatScreen.sync = ChatScreen.sync, sync
raise SystemExit(intake_bot.cli.main([]))
"""


def run_child(driver: Path, mode: str, tmp: Path, quit_on: bytes | None = None) -> dict[str, Any]:
    """Run the driver in ``mode`` under a fresh pseudo-terminal; parent-side figures.
    ``quit_on``: when these bytes reach the terminal, press Ctrl+Q (the "welcome" mode)."""
    out = tmp / f"{mode}-{time.monotonic_ns()}.json"
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TEXTUAL") and k not in ("COLUMNS", "LINES")
    }
    env.update(TERM="xterm-256color", COLORTERM="truecolor")
    screen_bytes = bytearray()
    seen: dict[str, float] = {}  # marker -> when the terminal first received it
    markers = dict(ON_SCREEN, **({"consent": quit_on} if quit_on else {}))

    def drain() -> None:  # the terminal's side: read everything the app writes
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            screen_bytes.extend(data)
            now = time.monotonic()
            for name, marker in markers.items():
                if name not in seen and marker in screen_bytes[-(len(data) + len(marker)) :]:
                    seen[name] = now
                    if marker == quit_on:
                        os.write(master, b"\x11")  # Ctrl+Q

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    start = time.monotonic()
    proc = subprocess.Popen(
        [PYTHON, str(driver), mode, str(out)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    watchdog = threading.Timer(60, proc.kill)  # a hung driver must not hang the bench
    watchdog.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except BaseException:
        proc.kill()
        raise
    finally:
        watchdog.cancel()
    end = time.monotonic()
    proc.returncode = os.waitstatus_to_exitcode(status)
    os.close(slave)
    reader.join(timeout=2)
    os.close(master)
    if proc.returncode != 0 or not out.exists() or len(screen_bytes) < 1000:
        tail = bytes(screen_bytes[-3000:]).decode("utf-8", "replace")
        raise SystemExit(f"{mode} driver failed (exit {proc.returncode}):\n{tail}")
    child = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    marks = {k: v - start for k, v in child["marks"].items()}
    marks.update({f"seen_{name}": at - start for name, at in seen.items()})
    return {
        "wall": end - start,
        "maxrss_kb": usage.ru_maxrss,
        "vmhwm_kb": child.get("vmhwm_kb", 0),
        "marks": marks,
        "latencies": child["latencies"],
        "to_review": child.get("to_review"),
        "written": len(screen_bytes),
    }


TEXTS = r"""
import json
from intake_bot.flow import load_flow
from intake_bot.catalog import say as t
flow = load_flow(None)
print(json.dumps({
    "questions": {q.id: flow.text(q.text, "en") for q in flow.questions},
    "options": {q.id: list(q.option_values) for q in flow.questions},
    "agree": t("agree", "en"), "review": t("review_title", "en"), "result": t("why", "en"),
}))
"""
NEEDLE = 40  # characters of a question's text looked for: one line at 100 columns


def screen_texts() -> dict[str, Any]:
    """What the parent looks for on the terminal, from the flow (in a child process, so
    this one stays small: see memory_runs)."""
    out = subprocess.run([PYTHON, "-c", TEXTS], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


class Terminal:
    """The person's side of a pseudo-terminal: what the app wrote, and keys to send."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.written = bytearray()
        self._arrived = threading.Condition()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self._arrived:
                self.written.extend(data)
                self._arrived.notify_all()

    def mark(self) -> int:
        with self._arrived:
            return len(self.written)

    def wait_for(self, text: str, since: int, timeout: float = 10.0) -> float:
        """When ``text`` first arrived after byte ``since`` (time.monotonic)."""
        needle, end = text.encode(), time.monotonic() + timeout
        with self._arrived:
            while needle not in self.written[since:]:
                left = end - time.monotonic()
                if left <= 0:
                    tail = bytes(self.written[-2000:]).decode("utf-8", "replace")
                    raise SystemExit(f"{text!r} never reached the terminal:\n{tail}")
                self._arrived.wait(left)
            return time.monotonic()

    def send(self, keys: str, gap: float = 0.0) -> None:
        os.write(self.master, keys.encode())
        if gap:
            time.sleep(gap)


DOWN = "\x1b[B"


def typed_intake(driver: Path, tmp: Path, texts: dict[str, Any]) -> dict[str, Any]:
    """intake-bot as shipped, under a pty; this process types like a person: the reply
    for a typed answer; ↓ to the option and Space to tick, for a chosen one. After a
    pause it presses Enter and times until the next question's text reaches the
    terminal."""
    out = tmp / f"keys-{time.monotonic_ns()}.json"
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TEXTUAL") and k not in ("COLUMNS", "LINES")
    }
    env.update(TERM="xterm-256color", COLORTERM="truecolor")
    terminal = Terminal(master)
    started = time.monotonic()
    proc = subprocess.Popen(
        [PYTHON, str(driver), "keys", str(out)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    watchdog = threading.Timer(120, proc.kill)
    watchdog.start()
    latencies: list[float] = []
    try:
        welcome = terminal.wait_for(texts["agree"], 0) - started
        time.sleep(READ_WELCOME)
        since = terminal.mark()
        pressed = time.monotonic()
        terminal.send("\r")
        agree = terminal.wait_for(texts["questions"][PATH[0][0]][:NEEDLE], since) - pressed
        for index, (qid, how, value) in enumerate(PATH):
            time.sleep(THINK)  # the person reads the question
            options = texts["options"][qid]
            if how == "typed":
                terminal.send(value)
            elif isinstance(value, list):
                at = 0
                for wanted in value:
                    terminal.send(DOWN * (options.index(wanted) - at), 0.02)
                    terminal.send(" ", 0.02)
                    at = options.index(wanted)
            else:
                terminal.send(DOWN * options.index(value), 0.02)
            time.sleep(0.08)  # the keys before Enter are drawn first
            since = terminal.mark()
            pressed = time.monotonic()
            terminal.send("\r")
            last = index + 1 == len(PATH)
            text = texts["review"] if last else texts["questions"][PATH[index + 1][0]][:NEEDLE]
            seen = terminal.wait_for(text, since)
            if last:
                to_review = seen - pressed
            else:
                latencies.append(seen - pressed)
        time.sleep(THINK)
        since = terminal.mark()
        terminal.send("\r")  # "See my result" has the focus
        terminal.wait_for(texts["result"], since)
        time.sleep(THINK)
        terminal.send("\x11")  # Ctrl+Q
        _, status, usage = os.wait4(proc.pid, 0)
    except BaseException:
        proc.kill()
        raise
    finally:
        watchdog.cancel()
        os.close(slave)
    os.close(master)
    if os.waitstatus_to_exitcode(status) != 0 or not out.exists():
        raise SystemExit(f"intake-bot under the pty ended with {os.waitstatus_to_exitcode(status)}")
    child = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return {
        "welcome": welcome,
        "agree": agree,
        "latencies": latencies,
        "to_review": to_review,
        "vmhwm_kb": child["vmhwm_kb"],
        "maxrss_kb": usage.ru_maxrss,
    }


# -- figures ----------------------------------------------------------------------
def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def pct(values: list[float], q: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def startup(
    driver: Path, tmp: Path, runs: int, texts: dict[str, Any]
) -> dict[str, list[dict[str, Any]]]:
    print(f"\n1. process start -> first question on screen (pty {SIZE[0]}x{SIZE[1]}, real driver)")
    consent = texts["agree"].encode()
    modes = ("bare", "welcome", "floor", "first")
    for mode in modes:  # warm-up: .pyc files, page cache
        run_child(driver, mode, tmp, consent if mode == "welcome" else None)
    results: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _ in range(runs):  # interleaved, so drift hits all alike
        for mode in modes:
            results[mode].append(
                run_child(driver, mode, tmp, consent if mode == "welcome" else None)
            )
    names = {
        "bare": ("bare app (Label + Input)", "question"),
        "welcome": ("intake-bot: the welcome, its consent", "consent"),
        "floor": ("stock journey (welcome -> agree -> Q1)", "question"),
        "first": ("intake-bot (welcome -> agree -> Q1)", "question"),
    }

    def seen(mode: str, pick: Any = statistics.median) -> float:
        key = f"seen_{names[mode][1]}"
        if any(key not in r["marks"] for r in results[mode]):
            raise SystemExit(f"{mode}: {names[mode][1]} never reached the terminal")
        return pick(r["marks"][key] for r in results[mode])

    for mode, rows in results.items():
        print(
            f"   {names[mode][0]:<38} Popen->{names[mode][1]:<8} on the terminal best"
            f" {ms(seen(mode, min)):>9}  median {ms(seen(mode)):>9}   (Popen->exit median"
            f" {ms(statistics.median(r['wall'] for r in rows))})"
        )
    judged, best = seen("welcome") / seen("bare"), seen("welcome", min) / seen("bare", min)
    print(
        f"   JUDGED: intake-bot's first screen (the welcome, whose consent is the first"
        f" question asked, with its\n   answer buttons) / the bare app's question:"
        f" median {judged:.2f}x, best {best:.2f}x   target <= 1.30x   {verdict(judged <= 1.3)}"
    )
    strict, floor = seen("first") / seen("bare"), seen("floor") / seen("bare")
    print(
        f"   (the first clinical question with *I agree* pressed the instant the welcome is"
        f" mounted: {strict:.2f}x the bare app;\n    the stock journey, the same two screens"
        f" from Textual's own widgets and nothing of intake_bot's, is {floor:.2f}x:"
        f" intake-bot / stock {strict / floor:.2f}x)"
    )
    print(
        f"   where the time goes, to the first clinical question (median of {runs}, ms after Popen):"
    )
    steps = [
        ("start", "interpreter up (driver's first line)"),
        ("imported", "imports done (the whole TUI for the intake)"),
        ("flow_loaded", "flow loaded (cli.load_flow)"),
        ("welcome_mounted", "welcome mounted (app running)"),
        ("question_mounted", "first question + answer panel mounted"),
        ("question_painted", "painted (after the next refresh)"),
        ("seen_question", "the question's text reached the terminal"),
    ]
    for key, label in steps:
        row = [
            f"{statistics.median(r['marks'][key] for r in results[mode]) * 1000:7.1f}"
            if key in results[mode][0]["marks"]
            else "      -"
            for mode in ("bare", "floor", "first")
        ]
        print(f"     {label:<44} bare {row[0]}   stock {row[1]}   intake {row[2]}")
    return results


def import_profile(repeats: int = 3) -> None:
    """-X importtime of `import intake_bot.tui.app` (min over repeats, per module)."""

    def profile(statement: str) -> tuple[dict[str, tuple[int, int, int]], int]:
        """Per module (self us, cumulative us, depth), and the statement's total (us);
        only what the statement imports (after `site`), best of the runs."""
        best: dict[str, tuple[int, int, int]] = {}
        totals = []
        for _ in range(repeats):
            proc = subprocess.run(
                [PYTHON, "-X", "importtime", "-c", statement],
                capture_output=True,
                text=True,
                check=True,
            )
            after_site, total = False, 0
            for line in proc.stderr.splitlines():
                match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
                if not match:
                    continue
                self_us, cumulative, indent, name = match.groups()
                depth = (len(indent) - 1) // 2
                if depth == 0 and name == "site":
                    after_site = True
                    continue
                if not after_site:
                    continue
                if depth == 0:
                    total += int(cumulative)
                old = best.get(name)
                new = (int(self_us), int(cumulative), depth)
                best[name] = (
                    new if old is None else (min(old[0], new[0]), min(old[1], new[1]), depth)
                )
            totals.append(total)
        return best, min(totals)

    intake, total = profile("import intake_bot.tui.app")
    _, bare_total = profile("import textual.app, textual.widgets._input, textual.widgets._label")
    print(
        f"\n   python -X importtime, best of {repeats}: `import intake_bot.tui.app` {total / 1000:.0f} ms;"
        f" the bare app's imports (textual.app + Input + Label) {bare_total / 1000:.0f} ms"
    )
    by_package: dict[str, int] = defaultdict(int)
    for name, (self_us, _, _) in intake.items():
        by_package[name.split(".")[0]] += self_us
    top = sorted(by_package.items(), key=lambda kv: -kv[1])[:5]
    print(
        "   heaviest packages (sum of self time): "
        + ", ".join(f"{name} {us / 1000:.0f} ms" for name, us in top)
    )
    direct = sorted(
        ((name, v) for name, v in intake.items() if v[2] == 1), key=lambda kv: -kv[1][1]
    )[:5]
    print(
        "   heaviest direct imports of intake_bot.tui.app (cumulative): "
        + ", ".join(f"{name} {v[1] / 1000:.0f} ms" for name, v in direct)
    )
    single = sorted(intake.items(), key=lambda kv: -kv[1][0])[:5]
    print(
        "   heaviest single modules (self time): "
        + ", ".join(f"{name} {v[0] / 1000:.0f} ms" for name, v in single)
    )


def import_hwm(statement: str) -> int:
    """Peak RSS (VmHWM, KiB) of a child that only runs ``statement``."""
    probe = (
        "; print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM:')).split()[1])"
    )
    proc = subprocess.run(
        [PYTHON, "-c", statement + probe], capture_output=True, text=True, check=True
    )
    return int(proc.stdout.split()[-1])


def memory_runs(driver: Path, tmp: Path, intakes: int) -> dict[str, Any]:
    """Run the typed intakes of sections 2 and 3 (before this process grows: see README)."""
    texts = screen_texts()
    return {
        "whole": [typed_intake(driver, tmp, texts) for _ in range(intakes)],
        "bare_imports": statistics.median(
            import_hwm("import textual.app, textual.widgets._input, textual.widgets._label")
            for _ in range(3)
        ),
        "intake_imports": statistics.median(
            import_hwm("import intake_bot.cli, intake_bot.tui.app") for _ in range(3)
        ),
    }


def memory(runs: dict[str, Any], startup_runs: dict[str, list[dict[str, Any]]]) -> None:
    print(
        "\n3. peak memory: VmHWM each child reads from /proc/self/status as it exits"
        " (os.wait4 ru_maxrss in brackets)"
    )

    def peak(rows: list[dict[str, Any]]) -> str:
        hwm = statistics.median(r["vmhwm_kb"] for r in rows)
        rss = statistics.median(r["maxrss_kb"] for r in rows)
        return f"{hwm / 1024:6.1f} MiB ({rss / 1024:5.1f})"

    whole = runs["whole"]
    bare = statistics.median(r["vmhwm_kb"] for r in startup_runs["bare"])
    first = statistics.median(r["vmhwm_kb"] for r in startup_runs["first"])
    full = statistics.median(r["vmhwm_kb"] for r in whole)
    rows = [
        ("bare app (Label + Input), painted then exit", peak(startup_runs["bare"]), ""),
        (
            "intake-bot up to the first question",
            peak(startup_runs["first"]),
            f"{first / bare:.2f}x",
        ),
        (
            f"intake-bot, whole intake ({len(PATH)} answers, review, result)",
            peak(whole),
            f"{full / bare:.2f}x   target <= 1.50x   {verdict(full <= 1.5 * bare)}",
        ),
    ]
    for label, figure, note in rows:
        print(f"   {label:<56} {figure}   {note}".rstrip())
    print(
        f"   imports alone: intake_bot.cli + intake_bot.tui.app {runs['intake_imports'] / 1024:.1f} MiB,"
        f" textual.app + Input + Label {runs['bare_imports'] / 1024:.1f} MiB"
    )


def typed_latency(runs: dict[str, Any]) -> None:
    whole = runs["whole"]
    lat = [x for r in whole for x in r["latencies"]]
    print(
        f"\n2. answer -> next question on the terminal: intake-bot as shipped under the pty, this"
        f" process typing\n   {len(whole)} intakes x {len(PATH) - 1} answers; Enter pressed"
        f" {THINK * 1000:.0f} ms after a question appears (plus 80 ms after the reply's keys)"
    )
    print(
        f"   Enter -> next question's text at the terminal   p50 {ms(pct(lat, 50)):>8}"
        f"  p95 {ms(pct(lat, 95)):>8}  max {ms(max(lat)):>8}   target p95 <= 33 ms"
        f"   {verdict(pct(lat, 95) <= 0.033)}"
    )
    first = statistics.median(x for r in whole for x in r["latencies"][:5])
    late = statistics.median(x for r in whole for x in r["latencies"][-5:])
    print(
        f"   growth, p50 of answers 1-5 -> 17-21: {ms(first)} -> {ms(late)} ({late / first:.2f}x);"
        f" last answer -> review screen on the terminal: median"
        f" {ms(statistics.median(r['to_review'] for r in whole))}"
    )
    print(
        f"   a person's two waits before the first question, median: Popen -> the welcome on"
        f" the terminal {ms(statistics.median(r['welcome'] for r in whole))};"
        f' Enter on "I agree" -> the first question {ms(statistics.median(r["agree"] for r in whole))}'
    )


# -- 2: in process ------------------------------------------------------------------
class GcWatch:
    """Pauses of the garbage collector, by generation (gc.callbacks)."""

    def __init__(self) -> None:
        self.pauses: dict[int, list[float]] = defaultdict(list)
        self._start = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.pauses[info["generation"]].append(time.perf_counter() - self._start)

    def __enter__(self) -> GcWatch:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


def intake_worker(out: Path) -> None:
    """One timed intake in this (fresh) process; figures as JSON into ``out``."""
    from textual.widgets import Button

    import intake_bot.tui.app as app_module
    from intake_bot.engine.session import Session
    from intake_bot.flow import load_flow
    from intake_bot.tui.screens.chat import ChatScreen
    from intake_bot.tui.screens.result import ResultScreen
    from intake_bot.tui.screens.review import ReviewScreen
    from intake_bot.tui.widgets.answer_panel import AnswerPanel
    from intake_bot.tui.widgets.transcript import Transcript

    class Probe:
        def __init__(self) -> None:
            self.handler: list[float] = []  # ChatScreen._give
            self.handled_at = 0.0
            self.painted: asyncio.Event | None = None
            self.frames: list[tuple[bool, float]] = []  # (full layout?, seconds) per refresh

    probe = Probe()

    class TimedChat(ChatScreen):
        async def _give(self, value: Any) -> None:
            start = time.perf_counter()
            await super()._give(value)
            probe.handled_at = end = time.perf_counter()
            probe.handler.append(end - start)
            event = probe.painted
            if event is not None:
                self.call_after_refresh(event.set)

        def _on_timer_update(self) -> None:  # one refresh: layout (if needed) + compositor
            layout = self._layout_required
            start = time.perf_counter()
            super()._on_timer_update()
            probe.frames.append((layout, time.perf_counter() - start))

    class TimedApp(app_module.IntakeApp):
        CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))

        def start_intake(self) -> None:  # as IntakeApp.start_intake, with the timed screen
            # (``_close_session`` before issue 14: the bench runs on older trees too)
            (getattr(self, "close_session", None) or self._close_session)()
            self.session = Session(self.flow, self.language)
            self.push_screen(TimedChat(self.session))

    flow = load_flow(None)

    async def wait_for(app: Any, pilot: Any, screen_type: type) -> None:
        for _ in range(400):
            if isinstance(app.screen, screen_type):
                return
            await pilot.pause(0.005)
        raise AssertionError(f"{screen_type.__name__} never came: {app.screen}")

    async def one_intake() -> dict[str, list[float]]:
        figures: dict[str, list[float]] = defaultdict(list)
        app = TimedApp(flow, "en")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")  # "I agree" has the focus
            await wait_for(app, pilot, TimedChat)
            await pilot.pause()
            await asyncio.sleep(THINK)
            for index, (qid, how, value) in enumerate(PATH):
                screen = app.screen
                assert isinstance(screen, TimedChat), screen
                panel = screen.query_one(AnswerPanel)
                assert panel.question.id == qid, (panel.question.id, qid)
                if how == "typed":
                    message: Any = AnswerPanel.Typed(value)
                else:
                    message = AnswerPanel.Chosen(tuple(value) if isinstance(value, list) else value)
                probe.painted = painted = asyncio.Event()
                probe.frames.clear()
                handlers = len(probe.handler)
                cpu = time.process_time()
                start = time.perf_counter()
                panel.post_message(message)
                await asyncio.wait_for(painted.wait(), 5)
                end = time.perf_counter()
                if index + 1 == len(PATH):
                    figures["to_review"].append(end - start)
                    break
                await asyncio.sleep(THINK)  # the person reads; follow-up refreshes happen here
                assert len(probe.handler) == handlers + 1, "the answer was not handled once"
                next_qid = PATH[index + 1][0]
                bots = [e for e in screen.query_one(Transcript).entries if e.role == "bot"]
                assert bots[-1].question_id == next_qid, (bots[-1].question_id, next_qid)
                assert screen.query_one(AnswerPanel).question.id == next_qid
                figures["handler"].append(probe.handler[-1])
                figures["handled"].append(probe.handled_at - start)
                figures["refresh_all"].append(sum(t for _, t in probe.frames))
                figures["layouts"].append(sum(1 for layout, _ in probe.frames if layout))
                figures["layout_time"].extend(t for layout, t in probe.frames if layout)
                figures["layout_index"].extend(index for layout, _ in probe.frames if layout)
                figures["cpu"].append(time.process_time() - cpu)
            await wait_for(app, pilot, ReviewScreen)
            app.screen.query_one("#confirm", Button).press()
            await wait_for(app, pilot, ResultScreen)
        return figures

    with GcWatch() as gcw:
        figures = asyncio.run(one_intake())
    figures["gc_full"] = gcw.pauses.get(2, [])
    figures["gc_young"] = gcw.pauses.get(0, []) + gcw.pauses.get(1, [])
    out.write_text(json.dumps(figures), encoding="utf-8")


def latency(intakes: int, tmp: Path) -> None:
    print(
        f"\n2b. where an answer's time goes, in process (not judged): run_test(size={SIZE}),"
        f" headless (layout and compositor run; only the terminal write is skipped)\n   {intakes} intakes x"
        f" {len(PATH) - 1} answers, each intake in a fresh process like a real session,"
        f" {THINK * 1000:.0f} ms think time after each question appears"
    )
    rows: list[dict[str, list[float]]] = []
    for number in range(intakes):
        out = tmp / f"intake-{number}.json"
        subprocess.run(
            [PYTHON, str(Path(__file__).resolve()), "--intake-worker", str(out)],
            check=True,
            timeout=120,
        )
        rows.append(json.loads(out.read_text(encoding="utf-8")))

    def col(key: str) -> list[float]:
        return [x for row in rows for x in row[key]]

    def stats(values: list[float]) -> str:
        return (
            f"p50 {ms(pct(values, 50)):>8}  p95 {ms(pct(values, 95)):>8}  max {ms(max(values)):>8}"
        )

    lines = [
        ("handler", "ChatScreen._give (answer + sync, awaited mounts)", False),
        ("handled", "posted -> handled (queue + interpret + _give)", False),
        ("refresh_all", "refresh work per answer (layout + compositor)", False),
        ("cpu", "process CPU per answer, follow-ups included", False),
    ]
    for key, label, target in lines:
        values = col(key)
        line = f"   {label:<50} {stats(values)}"
        if target:
            line += f"   target p95 <= 33 ms   {verdict(pct(values, 95) <= 0.033)}"
        print(line)
    layouts = col("layouts")
    print(
        f"   full layouts per answer: median {statistics.median(layouts):.0f}, max {max(layouts):.0f}"
        " (the new question; then the sizes it changed: panel, scrollbars)"
    )

    def growth(key: str) -> str:
        first = statistics.median(x for row in rows for x in row[key][:5])
        last = statistics.median(x for row in rows for x in row[key][-5:])
        return f"{ms(first)} -> {ms(last)} ({last / first:.2f}x)"

    early = [t for t, i in zip(col("layout_time"), col("layout_index"), strict=True) if i < 5]
    late = [
        t
        for t, i in zip(col("layout_time"), col("layout_index"), strict=True)
        if i >= len(PATH) - 6
    ]
    layout_ratio = statistics.median(late) / statistics.median(early)
    print(
        f"   growth with the transcript, p50 of answers 1-5 -> 17-21: handler {growth('handler')};"
        f" refresh work {growth('refresh_all')};\n     one layout refresh {ms(statistics.median(early))} ->"
        f" {ms(statistics.median(late))} ({layout_ratio:.2f}x)"
        f"   {'GROWS' if layout_ratio > 1.25 else 'flat'}"
    )
    review = col("to_review")
    print(f"   last answer -> review screen painted: median {ms(statistics.median(review))}")
    full, young = col("gc_full"), col("gc_young")
    if full:
        print(
            f"   garbage collector during these intakes: {len(full)} full (gen 2) collections,"
            f" median {ms(statistics.median(full))}, max {ms(max(full))};"
            f" {len(young)} young ones, max {ms(max(young, default=0))}"
        )


def compile_bytecode() -> None:
    """Both apps start from bytecode, as on a person's machine. pip compiled Textual's
    when it installed it; the project, installed editable, gets its ``.pyc`` when first
    imported, unless PYTHONDONTWRITEBYTECODE is set (as on this workplace's machines),
    and then it is compiled from source at every start (about 20 ms)."""
    package = Path(__file__).resolve().parent.parent / "intake_bot"
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(package)], check=True)
    print(
        f"bytecode of {package.name} compiled first (PYTHONDONTWRITEBYTECODE"
        f" {'is set here' if os.environ.get('PYTHONDONTWRITEBYTECODE') else 'is not set'})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7, help="start-up runs per app")
    parser.add_argument("--intakes", type=int, default=5, help="intakes timed in section 2")
    parser.add_argument("--intake-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.intake_worker is not None:
        intake_worker(args.intake_worker)
        return
    # This process imports no Textual: a child's ru_maxrss can include its parent's
    # footprint at fork, and the start-up runs should not share a busy CPU.
    print(
        f"textual {importlib.metadata.version('textual')}, python {platform.python_version()}"
        f" ({platform.python_implementation()}), {platform.system()} {platform.machine()},"
        f" {os.cpu_count()} CPUs"
    )
    began = time.monotonic()
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="intake-tui-bench-") as name:
        tmp = Path(name)
        driver = tmp / "driver.py"
        driver.write_text(
            DRIVER.replace("CONSTANTS_JSON", repr(json.dumps([PATH, THINK]))),
            encoding="utf-8",
        )
        results = startup(driver, tmp, args.runs, screen_texts())
        import_profile()
        memory_figures = memory_runs(driver, tmp, args.intakes)
        typed_latency(memory_figures)
        latency(args.intakes, tmp)
        memory(memory_figures, results)
    print(f"\n(bench took {time.monotonic() - began:.0f} s)")


if __name__ == "__main__":
    main()
