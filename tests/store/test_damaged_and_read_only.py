"""A SQLite file damaged mid-file takes no new intake (issue 21: `submit` stored into a
file that `export` could no longer read); the kiosk keeps them in its outbox until the
file is restored. A database on read-only media can still be read and exported, and a
write says "read-only media", not "permission denied"."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from intake_bot.cli import main
from intake_bot.errors import StoreUnavailable
from intake_bot.records.tickets import ALPHABET
from intake_bot.store.store import Store
from intake_bot.store.submitter import StoreSubmitter
from tests.hair_loss_paths import answers
from tests.store.driver import template


def code(n: int) -> str:
    a, b = divmod(n, len(ALPHABET))
    return f"KAA-{ALPHABET[a % len(ALPHABET)]}{ALPHABET[b]}A"


def filled(path: Path, count: int = 120) -> Path:
    base = template()
    with Store(f"sqlite:///{path}") as store:
        for n in range(count):
            store.add(base.model_copy(update={"id": uuid.uuid4(), "ticket": code(n)}))
    return path


def damage(path: Path) -> bytes:
    """Garbage over pages in the middle of the file (a bad sector, a torn copy)."""
    data = bytearray(path.read_bytes())
    middle = (len(data) // 2) // 4096 * 4096
    data[middle : middle + 3 * 4096] = b"\xff" * (3 * 4096)
    path.write_bytes(bytes(data))
    return bytes(data)


def test_submit_refuses_a_file_damaged_mid_file_and_writes_nothing(tmp_path, capsys):
    path = filled(tmp_path / "intakes.sqlite3")
    before = damage(path)
    answers_file = tmp_path / "a.json"
    answers_file.write_text(json.dumps(answers()), encoding="utf-8")
    code_ = main(["submit", str(answers_file), "--db", f"sqlite:///{path}"])
    err = capsys.readouterr().err
    assert code_ != 0
    assert "is damaged" in err and str(path) in err and "backup" in err
    assert "Traceback" not in err
    assert path.read_bytes() == before  # not one byte written into it


def test_the_kiosk_keeps_intakes_in_its_outbox_until_the_file_is_restored(tmp_path):
    path = filled(tmp_path / "intakes.sqlite3")
    backup = tmp_path / "backup.sqlite3"
    shutil.copy(path, backup)
    damaged = damage(path)
    submitter = StoreSubmitter(f"sqlite:///{path}", outbox=tmp_path / "outbox")
    kept = submitter.submit(template().model_copy(update={"id": uuid.uuid4(), "ticket": "XXX-XXX"}))
    assert len(submitter.outbox) == 1 and "is damaged" in (submitter.problem or "")
    assert path.read_bytes() == damaged
    # a retry on the clock, with the same file: still refused, still nothing written
    submitter._down_until = float("-inf")
    assert submitter.flush() == 0 and path.read_bytes() == damaged
    # the clinic restores yesterday's backup: the outbox moves in, once
    aside = tmp_path / "damaged"
    aside.mkdir()
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{path}{suffix}").exists():
            Path(f"{path}{suffix}").rename(aside / f"intakes.sqlite3{suffix}")
    shutil.copy(backup, path)
    submitter._down_until = float("-inf")
    assert submitter.flush() == 1 and len(submitter.outbox) == 0
    with Store(f"sqlite:///{path}") as store:
        assert store.get(kept.ticket) is not None and store.count() == 121


def test_purge_never_deletes_from_a_damaged_file(tmp_path):
    path = filled(tmp_path / "intakes.sqlite3")
    with Store(f"sqlite:///{path}") as store:
        damage(path)
        with pytest.raises(StoreUnavailable, match="is damaged"):
            store.purge(0)


@pytest.fixture
def read_only_mount(tmp_path):
    """A small file system of our own, mounted read-only later (needs root)."""
    point = tmp_path / "media"
    point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(point)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a file system here: {done.stderr.strip()}")
    yield point
    subprocess.run(["umount", "-l", str(point)], check=False)


def test_a_database_on_read_only_media_exports_and_says_why_it_cannot_store(
    read_only_mount, tmp_path, capsys
):
    path = filled(read_only_mount / "intakes.sqlite3", 30)
    subprocess.run(["mount", "-o", "remount,ro", str(read_only_mount)], check=True)
    url = f"sqlite:///{path}"
    assert main(["export", "--db", url, "--format", "json", "-o", str(tmp_path / "o.json")]) == 0
    assert len(json.loads((tmp_path / "o.json").read_text())) == 30
    assert "read-only, so this export is not in its audit trail" in capsys.readouterr().err
    answers_file = tmp_path / "a.json"
    answers_file.write_text(json.dumps(answers()), encoding="utf-8")
    capsys.readouterr()
    assert main(["submit", str(answers_file), "--db", url]) != 0
    err = capsys.readouterr().err
    assert "read-only media" in err and "permission denied" not in err.lower()
