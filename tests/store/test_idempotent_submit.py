"""`submit --idempotency-key`: a retry (after a kill between the commit and the printed
ticket) never stores an intake twice; the same key with other answers is refused."""

from __future__ import annotations

import json

from intake_bot.cli import main
from intake_bot.store.store import Store
from tests.hair_loss_paths import answers


def _submit(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["submit", *args])
    out, err = capsys.readouterr()
    return code, out.strip(), err


def test_the_same_key_twice_stores_once_and_prints_the_same_ticket(tmp_path, db_url, capsys):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers()), encoding="utf-8")
    first = _submit(capsys, str(path), "--db", db_url, "--idempotency-key", "form-2026-0042")
    again = _submit(capsys, str(path), "--db", db_url, "--idempotency-key", "form-2026-0042")
    assert first[0] == again[0] == 0 and first[1] == again[1]
    other = _submit(capsys, str(path), "--db", db_url, "--idempotency-key", "form-2026-0043")
    assert other[0] == 0 and other[1] != first[1]
    plain = _submit(capsys, str(path), "--db", db_url)  # no key: a new intake each time
    with Store(db_url) as store:
        assert store.count() == 3
        assert {i.ticket for i in store.find()} == {first[1], other[1], plain[1]}


def test_the_same_key_with_other_answers_is_refused(tmp_path, db_url, capsys):
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    one.write_text(json.dumps(answers()), encoding="utf-8")
    two.write_text(json.dumps(answers(age=61)), encoding="utf-8")
    kept = _submit(capsys, str(one), "--db", db_url, "--idempotency-key", "K1")
    code, out, err = _submit(capsys, str(two), "--db", db_url, "--idempotency-key", "K1")
    assert code == 2 and out == ""
    assert f"already used for intake {kept[1]}" in err and "Traceback" not in err
    with Store(db_url) as store:
        assert store.count() == 1


def test_a_batch_run_again_with_its_key_stores_nothing_twice(tmp_path, db_url, capsys):
    lines = tmp_path / "forms.jsonl"
    lines.write_text(
        "\n".join(json.dumps(answers(age=age)) for age in (30, 41, 52)) + "\n", encoding="utf-8"
    )
    first = _submit(capsys, str(lines), "--batch", "--db", db_url, "--idempotency-key", "B7")
    again = _submit(capsys, str(lines), "--batch", "--db", db_url, "--idempotency-key", "B7")
    assert first[0] == again[0] == 0
    tickets = [json.loads(line)["ticket"] for line in first[1].splitlines()]
    assert [json.loads(line)["ticket"] for line in again[1].splitlines()] == tickets
    with Store(db_url) as store:
        assert sorted(i.ticket for i in store.find()) == sorted(tickets)


def test_a_bad_key_is_a_clear_exit_2(tmp_path, db_url, capsys):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers()), encoding="utf-8")
    for key in ("", "   ", "x" * 201, "a\x1bb"):
        code, out, err = _submit(capsys, str(path), "--db", db_url, "--idempotency-key", key)
        assert code == 2 and "--idempotency-key" in err and out == ""
