"""Issue 21: every command-line export and purge is an audit row (the OS user, what,
the filter, the count), on both engines."""

from __future__ import annotations

import getpass
import json

from intake_bot.cli import main
from intake_bot.store import audit
from intake_bot.store.store import Store
from tests.hair_loss_paths import answers


def rows(url: str) -> list[audit.AuditRow]:
    with Store(url) as store, store.engine.connect() as connection:
        return list(audit.rows(connection))


def test_cli_export_and_purge_are_audited_with_the_os_user(capsys, tmp_path, db_url, monkeypatch):
    monkeypatch.setattr(getpass, "getuser", lambda: "alice")
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers()), encoding="utf-8")
    assert main(["submit", str(path), "--db", db_url]) == 0
    ticket = capsys.readouterr().out.strip()
    assert main(["export", "--db", db_url, "--format", "csv", "--status", "new"]) == 0
    assert main(["export", "--db", db_url, "--ticket", ticket, "-o", str(tmp_path / "o")]) == 0
    assert main(["purge", "--db", db_url, "--older-than", "30"]) == 0
    capsys.readouterr()
    mine = [row for row in rows(db_url) if row.actor == "alice (command line)"]
    assert [(row.action, row.ticket) for row in mine] == [
        ("export", None),
        ("export", ticket),
        ("purge", None),
    ]
    assert mine[0].detail == "csv, status new: 1 intakes to standard output"
    assert mine[1].detail == f"json, ticket {ticket}: 1 intakes to {tmp_path / 'o'}"
    assert mine[2].detail.startswith("older than 30 days: 0 intakes finished before ")
    purges = [row for row in rows(db_url) if row.action == "purge"]
    assert len(purges) == 1  # one row per purge, by who ran it (not also "retention")


def test_no_user_name_still_names_someone(capsys, db_url, monkeypatch):
    def nobody() -> str:
        raise OSError("no user name")

    monkeypatch.setattr(getpass, "getuser", nobody)
    assert main(["export", "--db", db_url]) == 0
    capsys.readouterr()
    (row,) = [row for row in rows(db_url) if row.action == "export"]
    assert row.actor.startswith("uid ") and row.actor.endswith("(command line)")
    assert row.detail == "json, every intake: 0 intakes to standard output"


def test_a_failed_export_is_not_audited(capsys, tmp_path, db_url):
    target = tmp_path / "there"
    target.write_text("")
    assert main(["export", "--db", db_url, "-o", str(target)]) == 2
    capsys.readouterr()
    assert [row for row in rows(db_url) if row.action == "export"] == []
