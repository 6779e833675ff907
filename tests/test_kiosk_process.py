"""The kiosk as a process on a real (pseudo-)terminal of 100×32: what a stop signal
leaves on the terminal, Ctrl+C and SIGINT, and refusing to draw anywhere but a terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from intake_bot.config import write_pin_hash
from intake_bot.pin import hash_pin

#: Real time, processes or signals: run apart, not beside other tests (README).
pytestmark = pytest.mark.serial

PIN = "246813"
LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"
CLEAR = b"\x1b[2J\x1b[3J\x1b[H"
MOUSE_OFF = b"\x1b[?1000l"
START = "import sys; from intake_bot.cli import main; sys.exit(main())"
WAIT = 60.0  # at most, for a screen to show on a busy machine (not a timing check)


def environment(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "TERM": "xterm-256color",
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "INTAKE_BOT_KIOSK_IDLE_TIMEOUT": "300",
        "INTAKE_BOT_KIOSK_IDLE_WARNING": "20",
    }


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    write_pin_hash(path, hash_pin(PIN, salt=b"0123456789abcdef"))
    return path


def kiosk_log(tmp_path: Path) -> str:
    path = tmp_path / "state" / "intake-bot" / "log" / "kiosk.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


class Terminal:
    """``intake-bot kiosk`` in a pseudo-terminal: keys in, everything drawn kept."""

    def __init__(self, tmp_path: Path, config: Path) -> None:
        self.master, self.slave = pty.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", 32, 100, 0, 0))
        self.output = bytearray()
        self._done = threading.Event()
        self.process = subprocess.Popen(
            [sys.executable, "-c", START, "kiosk", "--config", str(config)],
            stdin=self.slave,
            stdout=self.slave,
            stderr=self.slave,
            env=environment(tmp_path),
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while not self._done.is_set():
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    return
                self.output += chunk

    def text(self) -> str:
        return bytes(self.output).decode("utf-8", "replace")

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + WAIT
        while text not in self.text():
            assert self.process.poll() is None, f"the kiosk ended ({self.process.returncode})"
            assert time.monotonic() < deadline, f"{text!r} never showed"
            time.sleep(0.05)

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def signal(self, number: int) -> None:
        self.process.send_signal(number)

    def wait_until_handlers_are_in(self) -> None:
        """Until the kiosk command's first lines ran: SIGINT ignored, SIGTERM caught
        (as /proc shows them), or the app is drawing (it never got there)."""
        status = Path(f"/proc/{self.process.pid}/status")
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline and b"\x1b[?1049h" not in self.output:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
            ignored, caught = int(fields["SigIgn"], 16), int(fields["SigCgt"], 16)
            if ignored >> (signal.SIGINT - 1) & 1 and caught >> (signal.SIGTERM - 1) & 1:
                return
            time.sleep(0.001)

    def wait(self) -> int:
        try:
            return self.process.wait(timeout=WAIT)
        finally:
            time.sleep(0.2)  # (the last bytes drawn)
            self._done.set()
            self._reader.join()

    def echo_and_lines(self) -> bool:
        """The terminal is back in its usual mode: typed keys echoed, read by lines."""
        lflag = termios.tcgetattr(self.slave)[3]
        return bool(lflag & termios.ECHO and lflag & termios.ICANON)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._done.set()
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def terminal(tmp_path: Path, config: Path):
    shown = Terminal(tmp_path, config)
    yield shown
    shown.close()


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_mid_patient_leaves_a_clean_terminal_and_a_nonzero_exit(
    terminal, tmp_path, number
):
    terminal.wait_for("I agree")
    terminal.type("\r")
    terminal.wait_for("Question 1")
    terminal.type("77\r")
    terminal.wait_for("77 years")
    terminal.type("2\r")  # the second option: Male
    terminal.wait_for("Question 3")  # (typed before it shows, a reply would be cleared)
    terminal.type("a lot more than before")
    terminal.wait_for("a lot more than before")
    terminal.signal(number)
    assert terminal.wait() == 128 + number
    output = bytes(terminal.output)
    left = output.rindex(LEAVE_ALTERNATE_SCREEN)
    assert MOUSE_OFF in output[: left + 1] and CLEAR in output[left:]
    after = output[output.rindex(CLEAR) :]
    assert b"77" not in after and b"Male" not in after and b"a lot more" not in after
    assert terminal.echo_and_lines()
    log = kiosk_log(tmp_path)
    assert f"kiosk stopped by {signal.Signals(number).name}" in log
    assert "77" not in log and "Male" not in log


def test_sigint_does_nothing(terminal):
    terminal.wait_for("I agree")
    terminal.signal(signal.SIGINT)
    terminal.type("\x03")  # Ctrl+C as a key
    time.sleep(1)  # (time for it to end, if it were going to)
    assert terminal.process.poll() is None
    terminal.type("\r")  # still there, and still answering
    terminal.wait_for("Question 1")
    terminal.signal(signal.SIGTERM)
    assert terminal.wait() == 143


def test_sigint_in_the_first_instant_does_nothing(terminal):
    terminal.wait_until_handlers_are_in()
    terminal.signal(signal.SIGINT)
    terminal.wait_for("I agree")
    terminal.signal(signal.SIGTERM)
    assert terminal.wait() == 143


def test_sigterm_before_the_app_has_started_ends_it_cleanly(terminal, tmp_path):
    terminal.wait_until_handlers_are_in()
    terminal.signal(signal.SIGTERM)
    assert terminal.wait() == 143
    assert "Traceback" not in terminal.text() and terminal.echo_and_lines()
    assert "kiosk stopped by SIGTERM" in kiosk_log(tmp_path)


@pytest.mark.parametrize("redirected", ["stdout", "stderr"])
def test_the_kiosk_refuses_to_draw_anywhere_but_a_terminal(tmp_path, config, redirected):
    master, slave = pty.openpty()
    written = tmp_path / "screens.txt"
    try:
        with written.open("wb") as file:
            streams = {"stdout": slave, "stderr": slave, redirected: file}
            done = subprocess.run(
                [sys.executable, "-c", START, "kiosk", "--config", str(config)],
                stdin=slave,
                env=environment(tmp_path),
                timeout=WAIT,
                **streams,  # type: ignore[arg-type]
            )
    finally:
        os.close(master)
        os.close(slave)
    text = written.read_text(encoding="utf-8", errors="replace")
    assert done.returncode == 2
    assert "\x1b" not in text  # no screen drawn into the file
    if redirected == "stderr":
        assert "its standard error is not one" in text and "Traceback" not in text
