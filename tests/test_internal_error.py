"""The last-resort handler (a bug: exit 1, one line) never prints a database password:
one in --db, INTAKE_BOT_DB, INTAKE_BOT_STORE_URL, the config's [store] url, or in any
``scheme://user:password@`` the exception's text holds, is written ``***``."""

from __future__ import annotations

import pytest

from intake_bot import cli
from intake_bot.cli import staff as staff_cli

SECRET = "s3cr3tPW"
URL = f"postgresql://ana:{SECRET}@db.example/intakes"


@pytest.fixture
def bug(monkeypatch):
    """Make `intake-bot staff list` fail with an unexpected exception saying ``text``."""
    said: list[str] = []

    def broken(args):
        raise RuntimeError(said[0])

    monkeypatch.setattr(staff_cli, "run", broken)
    for name in ("INTAKE_BOT_DB", "INTAKE_BOT_STORE_URL"):
        monkeypatch.delenv(name, raising=False)
    return said


def internal_error(capsys, *argv: str) -> str:
    assert cli.main(["staff", "list", *argv]) == 1
    err = capsys.readouterr().err
    assert err.startswith("intake-bot: internal error (RuntimeError: ") and err.count("\n") == 1
    return err


def test_a_password_from_db_is_masked_wherever_it_shows(bug, capsys, tmp_path):
    bug.append(f"connection to {URL} failed; retried with password {SECRET} too")
    err = internal_error(capsys, "--db", URL, "--config", str(tmp_path / "none.toml"))
    assert SECRET not in err
    assert "postgresql://ana:***@db.example/intakes" in err and "password *** too" in err


@pytest.mark.parametrize("variable", ["INTAKE_BOT_DB", "INTAKE_BOT_STORE_URL"])
def test_a_password_from_the_environment_is_masked(bug, capsys, monkeypatch, tmp_path, variable):
    monkeypatch.setenv(variable, URL)
    bug.append(f"FATAL: password authentication failed ({SECRET!r})")
    err = internal_error(capsys, "--config", str(tmp_path / "none.toml"))
    assert SECRET not in err and "('***')" in err


def test_a_password_from_the_config_is_masked(bug, capsys, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\nurl = "{URL}"\n', encoding="utf-8")
    config.chmod(0o600)
    bug.append(f"the server said: {SECRET}")
    err = internal_error(capsys, "--config", str(config))
    assert SECRET not in err and "the server said: ***" in err


def test_any_url_password_is_masked_even_one_not_configured(bug, capsys, tmp_path):
    bug.append("could not use mysql://root:hunter2@10.0.0.9/x")
    err = internal_error(capsys, "--config", str(tmp_path / "none.toml"))
    assert "hunter2" not in err and "mysql://root:***@10.0.0.9/x" in err
