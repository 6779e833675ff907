"""Headless answers under hostile input: every fault is exit 2 (one input) or an error
line (a batch that never stops early); output is always valid UTF-8."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.hair_loss_paths import calm

CALM = json.dumps(calm()).encode()


def intake_bot(*argv: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "intake_bot", *argv],
        input=stdin,
        capture_output=True,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin", "INTAKE_BOT_NO_FLOW_CACHE": "1"},
        timeout=120,
    )


def test_a_number_of_4301_digits_is_bad_input_not_an_internal_error():
    run = intake_bot("triage", "-", stdin=b'{"age": ' + b"9" * 4301 + b"}")
    assert run.returncode == 2
    assert b"a number with more than 4300 digits" in run.stderr
    assert b"internal error" not in run.stderr


def test_a_batch_never_stops_early_and_names_each_line():
    lines = [
        CALM,  # 1
        b"",  # 2: blank, no output line
        b'{"\\ud800": 1}',  # 3: a lone surrogate in a key
        b'{"age": ' + b"9" * 4301 + b"}",  # 4
        b'{"\xff": 1}',  # 5: not UTF-8
        b"[" * 100_000,  # 6: nested too deeply
        b'{"age": "' + b"x" * 1_000_001 + b'"}',  # 7: longer than a line may be
        b"   ",  # 8: blank
        CALM,  # 9
    ]
    run = intake_bot("triage", "-", "--batch", stdin=b"\n".join(lines) + b"\n")
    assert run.returncode == 2
    text = run.stdout.decode("utf-8")  # valid UTF-8, or this raises
    records = [json.loads(line) for line in text.splitlines()]
    assert [r["line"] for r in records] == [1, 3, 4, 5, 6, 7, 9]
    assert records[0]["outcome"] == "routine" and records[-1]["outcome"] == "routine"
    errors = {r["line"]: r["error"] for r in records if "error" in r}
    assert "\\ud800" in json.dumps(errors[3]) or "not a question" in errors[3]
    assert "4300 digits" in errors[4]
    assert errors[5] == "not UTF-8 text"
    assert "nested too deeply" in errors[6]
    assert "longer than 1000000 characters" in errors[7]
    assert b"5 of 7 lines could not be triaged" in run.stderr


def test_a_batch_in_text_format_is_valid_utf8_too():
    lines = [b'{"\\ud800": 1}', b'{"\xff\xfe": 2}', CALM]
    run = intake_bot("triage", "-", "--batch", "--format", "text", stdin=b"\n".join(lines))
    out = run.stdout.decode("utf-8").splitlines()
    assert out[0].startswith("line 1: error: ")
    assert out[1] == "line 2: error: not UTF-8 text"
    assert out[2] == "line 3: routine (no rule)"


@pytest.mark.parametrize("command", [("triage",), ("submit",)])
def test_one_input_that_is_not_utf8_is_named(command, tmp_path):
    if command == ("submit",):
        command = ("submit", "--db", f"sqlite:///{tmp_path / 'i.sqlite3'}")
    run = intake_bot(*command, "-", stdin=b'{"age": "\xff"}')
    assert run.returncode == 2
    assert run.stderr.strip() == b"intake-bot: stdin: not UTF-8 text"
