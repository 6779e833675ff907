"""`intake-bot staff add/list/remove` and `intake-bot audit`: one clear message and exit 2
for every bad input, never a traceback."""

from __future__ import annotations

import getpass

import pytest

from intake_bot import cli
from tests.staff.conftest import PASSPHRASE


@pytest.fixture
def typed(monkeypatch):
    """What the person types at the passphrase prompts, in order."""
    answers: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": answers.pop(0))
    return answers


def test_accounts_and_audit(db_url, typed, capsys):
    typed += [PASSPHRASE, PASSPHRASE]
    assert cli.main(["staff", "add", "Ana  Ruiz", "--db", db_url]) == 0
    assert cli.main(["staff", "--db", db_url, "list"]) == 0
    assert "Ana Ruiz" in capsys.readouterr().out
    assert cli.main(["staff", "remove", "ana ruiz", "--db", db_url]) == 0
    capsys.readouterr()
    assert cli.main(["audit", "--db", db_url, "--since", "2020-01-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[2] for line in lines] == ["account-add", "account-remove"]


@pytest.mark.parametrize(
    ("argv", "answers", "says"),
    [
        (["staff", "add", "Bob"], ["short", "short"], "at least 10 characters"),
        (["staff", "add", "Bob"], [PASSPHRASE, PASSPHRASE + "x"], "differ"),
        (["staff", "add", "Bob\x1b[2J"], [], "control characters"),
        (["staff", "remove", "Nobody"], [], "no staff account named 'Nobody'"),
        (["audit", "--since", "yesterday"], [], "not a date"),
        (["staff"], [], "no staff accounts"),
    ],
)
def test_bad_input_is_one_message_and_exit_2(sqlite_url, typed, capsys, argv, answers, says):
    typed += answers
    assert cli.main([*argv, "--db", sqlite_url]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err and err.count("\n") == 1


def test_an_unreachable_database_is_exit_2(capsys):
    assert cli.main(["staff", "list", "--db", "postgresql://nobody@127.0.0.1:1/none"]) == 2
    assert "intake-bot: database: cannot reach the database" in capsys.readouterr().err


PROCESS_LIST = "visible to other users in the process list"


def test_the_console_warns_of_a_password_in_db_before_it_starts(
    cluster, typed, capsys, monkeypatch
):
    from intake_bot.tui.staff.app import StaffApp

    url = cluster.new_database()
    typed += [PASSPHRASE, PASSPHRASE]
    assert cli.main(["staff", "add", "Ana", "--db", url]) == 0
    capsys.readouterr()
    seen: list[str] = []

    def run(app: StaffApp) -> None:  # what was said on stderr when the console starts
        seen.append(capsys.readouterr().err)

    monkeypatch.setattr(StaffApp, "run", run)
    with_password = url.replace("postgres@", "postgres:s3cr3tPW@")  # (trust: not checked)
    assert cli.main(["staff", "--db", with_password]) == 0
    assert len(seen) == 1 and seen[0].count(PROCESS_LIST) == 1
    assert "INTAKE_BOT_DB" in seen[0] and "s3cr3t" not in seen[0]
    assert cli.main(["staff", "--db", url]) == 0  # no password: no warning
    assert PROCESS_LIST not in seen[1]


def test_the_warning_comes_even_when_the_database_cannot_be_reached(capsys):
    assert cli.main(["staff", "--db", "postgresql://u:s3cr3tPW@127.0.0.1:1/db"]) == 2
    err = capsys.readouterr().err
    assert err.count(PROCESS_LIST) == 1 and "cannot reach the database" in err
    assert "s3cr3t" not in err
