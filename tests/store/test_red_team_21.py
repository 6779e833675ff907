"""The second red team of issue 21 (store round 2), each break as it was found."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from intake_bot.cli import main
from intake_bot.records import exports
from intake_bot.store import audit
from intake_bot.store.schema import intakes
from intake_bot.store.store import Store
from tests.hair_loss_paths import answers


def _stored(capsys, tmp_path: Path, url: str, count: int = 3) -> list[str]:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers()), encoding="utf-8")
    tickets = []
    for _ in range(count):
        assert main(["submit", str(path), "--db", url]) == 0
        tickets.append(capsys.readouterr().out.strip())
    return tickets


def _details(url: str) -> list[str]:
    with Store(url) as store, store.reader.connect() as connection:
        return [r.detail for r in audit.rows(connection) if r.action == "export"]


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_a_database_in_memory_is_refused_not_a_ticket_for_nothing(capsys, tmp_path, url):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers()), encoding="utf-8")
    assert main(["submit", str(path), "--db", url]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "in memory" in err and "name a file" in err


def test_a_fixed_line_of_a_keyed_batch_is_stored_once_and_nothing_twice(capsys, tmp_path, db_url):
    good = [json.dumps(answers(age=age)) for age in (30, 31, 32, 33)]
    first = tmp_path / "b1.jsonl"
    first.write_text("\n".join([good[0], "not json", good[1], "", good[2]]) + "\n")
    assert main(["submit", "--batch", str(first), "--db", db_url, "--idempotency-key", "B"]) == 2
    capsys.readouterr()
    fixed = tmp_path / "b2.jsonl"
    fixed.write_text("\n".join([good[0], good[3], good[1], "", good[2]]) + "\n")
    assert main(["submit", "--batch", str(fixed), "--db", db_url, "--idempotency-key", "B"]) == 0
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["line"] for r in results] == [1, 2, 3, 5] and all("ticket" in r for r in results)
    with Store(db_url) as store:
        ages = sorted(i.values()["age"] for i in store.find())
    assert ages == [30, 31, 32, 33]  # the fixed line once; none of the others twice


def test_a_key_is_read_as_typed_once_normalised_and_a_language_counts(capsys, tmp_path, db_url):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers()), encoding="utf-8")
    for key in ("K1", "K1 ", "\uff2b1"):  # a trailing space, a full-width K: the same key
        assert main(["submit", str(path), "--db", db_url, "--idempotency-key", key]) == 0
    assert len(set(capsys.readouterr().out.split())) == 1
    assert (
        main(["submit", str(path), "--db", db_url, "--lang", "es", "--idempotency-key", "K1"]) == 2
    )
    assert "already used" in capsys.readouterr().err


def test_sigterm_during_an_export_leaves_no_partial_file(capsys, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'i.sqlite3'}"
    _stored(capsys, tmp_path, url, 3)
    real = exports.write

    def killed_midway(intakes, *args, **kwargs):
        def then_term():
            for number, intake in enumerate(intakes):
                if number == 1:
                    os.kill(os.getpid(), signal.SIGTERM)
                yield intake

        return real(then_term(), *args, **kwargs)

    monkeypatch.setattr(exports, "write", killed_midway)
    target = tmp_path / "out" / "all.json"
    target.parent.mkdir()
    with pytest.raises(SystemExit) as ended:
        main(["export", "--db", url, "-o", str(target)])
    assert ended.value.code == 128 + signal.SIGTERM
    assert list(target.parent.iterdir()) == []  # neither the file nor a hidden .part
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # put back as it was


class ClosedPipe:
    """Standard output whose reader goes away after ``lines`` lines (``| head``)."""

    def __init__(self, lines: int) -> None:
        self.left = lines

    def write(self, text: str) -> int:
        self.left -= text.count("\n")
        if self.left < 0:
            raise BrokenPipeError(32, "Broken pipe")
        return len(text)

    def flush(self) -> None:
        pass

    def fileno(self) -> int:
        return sys.__stdout__.fileno()


def test_an_export_cut_short_by_its_reader_is_still_audited(capsys, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'i.sqlite3'}"
    _stored(capsys, tmp_path, url, 3)
    monkeypatch.setattr(sys, "stdout", ClosedPipe(60))
    monkeypatch.setattr("intake_bot.cli.store._drop_stdout", lambda: None)
    assert main(["export", "--db", url, "--format", "json"]) == 0
    (detail,) = _details(url)
    assert "cut short (the reader closed the pipe), at most" in detail


def test_force_never_replaces_a_device_or_a_pipe(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'i.sqlite3'}"
    _stored(capsys, tmp_path, url, 1)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert main(["export", "--db", url, "-o", str(pipe), "--force"]) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert pipe.is_fifo()


def test_the_audit_row_names_the_file_by_its_full_path(capsys, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'i.sqlite3'}"
    _stored(capsys, tmp_path, url, 1)
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--db", url, "-o", "rel.json"]) == 0
    assert _details(url)[-1].endswith(f"to {tmp_path / 'rel.json'}")


@pytest.mark.parametrize("damage", ["not json", "not utf-8"])
def test_a_damaged_record_is_named_and_the_others_exported(capsys, tmp_path, damage):
    url = f"sqlite:///{tmp_path / 'i.sqlite3'}"
    tickets = _stored(capsys, tmp_path, url, 3)
    with Store(url) as store, store.engine.begin() as connection:
        if damage == "not json":
            value = sa.literal('{"not": "a record"')
        else:
            value = sa.cast(sa.literal(b'{"id": "\xff\xfe secret answers'), sa.LargeBinary)
        connection.execute(
            sa.update(intakes).where(intakes.c.ticket == tickets[1]).values(record=value)
        )
    target = tmp_path / "all.json"
    assert main(["export", "--db", url, "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "1 intakes could not be read" in err and tickets[1] in err
    assert "secret answers" not in err and "internal error" not in err
    assert [r["ticket"] for r in json.loads(target.read_text())] == [tickets[0], tickets[2]]
    assert "1 damaged records left out" in _details(url)[-1]


def test_a_line_break_in_a_patient_reference_cannot_forge_a_summary_line(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'i.sqlite3'}"
    (ticket,) = _stored(capsys, tmp_path, url, 1)
    with Store(url) as store, store.engine.begin() as connection:
        connection.execute(
            sa.update(intakes)
            .where(intakes.c.ticket == ticket)
            .values(patient_ref="X\nOutcome: FORGED")
        )
    assert main(["export", "--db", url, "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "Patient reference: X\\x0aOutcome: FORGED" in text
    assert "\nOutcome: FORGED" not in text
