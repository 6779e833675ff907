"""Issue 21: exported files are private and new, text and CSV exports are safe on a
terminal, and every bad argument is a clear exit 2 (never an internal error)."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from intake_bot.cli import main
from intake_bot.records.exports import export
from tests.hair_loss_paths import answers

HOSTILE = "MRN\x1b]52;c;ZXZpbA==\x07 7\u202eTXT.EXE\u2066\x9b31m\u200f"
RAW = ("\x1b", "\x07", "\u202e", "\u2066", "\x9b", "\u200f")


@pytest.fixture
def url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'i.sqlite3'}"


def submit(capsys, tmp_path: Path, url: str, ref: str | None = None) -> str:
    """A stored intake; ``ref`` written as its patient reference straight into the
    database (`submit --patient-ref` refuses control characters; older records, or
    another program writing the table, may still hold them)."""
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers()), encoding="utf-8")
    assert main(["submit", str(path), "--db", url]) == 0
    ticket = capsys.readouterr().out.strip()
    if ref is not None:
        import sqlalchemy as sa

        from intake_bot.store.schema import intakes
        from intake_bot.store.store import Store

        with Store(url) as store, store.engine.begin() as connection:
            connection.execute(
                sa.update(intakes).where(intakes.c.ticket == ticket).values(patient_ref=ref)
            )
    return ticket


def test_submit_refuses_a_patient_ref_with_a_line_break_or_control(capsys, tmp_path, url):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers()), encoding="utf-8")
    for ref in ("new\nOutcome: nothing to see", "tab\there", HOSTILE):
        assert main(["submit", str(path), "--db", url, "--patient-ref", ref]) == 2
        assert "--patient-ref: one line of printable text" in capsys.readouterr().err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "internal error" not in err, err
    return lines[0]


# -- the file: new, 0600, never through a link ----------------------------------------


def test_export_file_is_new_and_private_whatever_the_umask(capsys, tmp_path, url):
    submit(capsys, tmp_path, url)
    target = tmp_path / "out.json"
    old = os.umask(0)
    try:
        assert main(["export", "--db", url, "-o", str(target)]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(json.loads(target.read_text())) == 1


def test_an_existing_file_is_refused_then_replaced_by_a_new_private_one_with_force(
    capsys, tmp_path, url
):
    submit(capsys, tmp_path, url)
    target = tmp_path / "shared.csv"
    target.write_text("planted by someone else\n")
    target.chmod(0o644)
    other_name = tmp_path / "hard-link"
    os.link(target, other_name)  # another name for the same file
    assert main(["export", "--db", url, "--format", "csv", "-o", str(target)]) == 2
    said = one_line(capsys.readouterr().err)
    assert str(target) in said and "already exists" in said and "--force" in said
    assert target.read_text() == "planted by someone else\n"
    assert main(["export", "--db", url, "--format", "csv", "-o", str(target), "--force"]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # not the old 0644
    assert "ticket" in target.read_text()
    assert other_name.read_text() == "planted by someone else\n"  # not written into


@pytest.mark.parametrize("force", [False, True])
def test_a_symlink_is_never_followed(capsys, tmp_path, url, force):
    submit(capsys, tmp_path, url)
    victim = tmp_path / "elsewhere.txt"
    link = tmp_path / "export.txt"
    link.symlink_to(victim)
    argv = ["export", "--db", url, "--format", "text", "-o", str(link)]
    assert main(argv + (["--force"] if force else [])) == 2
    said = one_line(capsys.readouterr().err)
    assert str(link) in said and "symbolic link" in said
    assert not victim.exists() and link.is_symlink()


def test_write_private_refuses_a_link_planted_for_the_new_file(tmp_path):
    from intake_bot.config import write_private

    victim = tmp_path / "victim"
    (tmp_path / "x").symlink_to(victim)
    with pytest.raises(FileExistsError):
        write_private(tmp_path / "x", "secret")
    with pytest.raises(FileExistsError):
        write_private(tmp_path / "x", "secret", replace=True)
    assert not victim.exists()


# -- escapes in text and CSV ----------------------------------------------------------


def test_text_and_csv_exports_write_control_and_bidi_characters_out(capsys, tmp_path, url):
    ticket = submit(capsys, tmp_path, url, ref=HOSTILE)
    assert main(["export", "--db", url, "--ticket", ticket, "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert not any(char in text for char in RAW)
    assert "Patient reference: MRN\\x1b]52;c;ZXZpbA==\\x07 7\\u202eTXT.EXE\\u2066" in text
    assert main(["export", "--db", url, "--format", "csv"]) == 0
    table = capsys.readouterr().out
    assert not any(char in table for char in RAW)
    (row,) = csv.DictReader(io.StringIO(table))
    assert row["patient_ref"].startswith("MRN\\x1b]52")
    assert "\\x9b31m\\u200f" in row["patient_ref"]


def test_notes_and_answers_are_escaped_too(flow):
    from intake_bot.engine.path import check_answers
    from intake_bot.engine.triage import triage
    from intake_bot.records.intake import build_intake

    checked = check_answers(flow, answers(), "en")
    intake = build_intake(
        flow, checked, triage(flow, checked, "en"), ticket="KAA-AAA", front_door="kiosk"
    )
    intake = intake.model_copy(update={"staff_notes": "[Ana] ok\x1b[2J\u202e\nsecond line"})
    text = export([intake], "text", flow)
    assert "\x1b" not in text and "\u202e" not in text and "ok\\x1b[2J\\u202e" in text
    assert "  second line" in text  # line breaks kept
    table = export([intake], "csv", flow)
    assert "\x1b" not in table and "\u202e" not in table


# -- bad arguments: exit 2, one clear line ---------------------------------------------


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["export", "--ticket", ""], "--ticket ''"),
        (["export", "--ticket", "  "], "give a ticket code"),
        (["export", "--since", "0001-01-01"], "--since 0001-01-01"),
        (["export", "--since", "9999-12-31T23:59:59"], None),
        (["purge", "--older-than", "999999999"], "--older-than 999999999"),
        (["purge", "--older-than", "0"], "--older-than 0"),
        (["export", "--force"], "--force goes with -o FILE"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys, tmp_path, url, argv, says):
    submit(capsys, tmp_path, url)
    code = main([*argv, "--db", url])
    out, err = capsys.readouterr()
    if says is None:  # (a far date is fine: nothing matches)
        assert code == 0 and json.loads(out) == []
        return
    assert code == 2 and out == ""
    assert says in one_line(err)


def test_a_patient_reference_over_200_characters_is_refused(capsys, tmp_path, url):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers()), encoding="utf-8")
    assert main(["submit", str(path), "--db", url, "--patient-ref", "x" * 201]) == 2
    assert "--patient-ref: 201 characters; at most 200" in one_line(capsys.readouterr().err)
    assert main(["submit", str(path), "--db", url, "--patient-ref", "x" * 200]) == 0


def test_export_to_a_full_disk_is_exit_2(tmp_path, url):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    env = {**os.environ, "INTAKE_BOT_DB": url}
    command = [sys.executable, "-m", "intake_bot", "export"]
    with open("/dev/full", "w") as full:
        done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, env=env)
    assert done.returncode == 2, done.stderr
    assert done.stderr == "intake-bot: standard output: cannot write (No space left on device)\n"
