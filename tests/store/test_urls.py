"""Database URLs: checked before use (exit 2, one line naming where the URL came from,
the password always ``***``), and a password never needed on the command line."""

from __future__ import annotations

import signal
import uuid

import pytest

from intake_bot.cli import main

#: (URL, its password, a word the message must hold)
MALFORMED = [
    ("postgresql://u:p@ss:w0rd@host/db", "p@ss:w0rd", "%40"),
    ("postgresql://u:s3cr3tPW@host:99999/db", "s3cr3tPW", "port"),
    ("postgresql://u:s3cr3tPW@host:5x32/db", "s3cr3tPW", "port"),
    ("postgresql://u:s3cr3tPW@host:/db", "s3cr3tPW", "port"),
    ("postgresql://u:s3cr3tPW@[::1/db", "s3cr3tPW", "IPv6"),
    ("mysql://u:s3cr3tPW@host/db", "s3cr3tPW", "supported drivers: sqlite, postgresql"),
    ("no url u:s3cr3tPW@host", "s3cr3tPW", "not a database URL"),
]
COMMANDS = [
    ["export"],
    ["db", "where"],
    ["db", "upgrade"],
    ["purge"],
    ["staff", "list"],
    ["audit"],
]


def pieces(password: str) -> list[str]:
    """Every part of ``password`` four characters long (or all of a shorter one)."""
    size = min(4, len(password))
    return [password[i : i + size] for i in range(len(password) - size + 1)]


def assert_refused(code: int, out: str, err: str, password: str, *words: str) -> None:
    assert code == 2, err
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("intake-bot: database: ")
    assert "internal error" not in err
    for piece in pieces(password):
        assert piece not in out + err, (piece, err)
    for word in words:
        assert word in err, (word, err)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize(("url", "password", "word"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_db_argument_is_exit_2_naming_it_and_hiding_the_password(
    capsys, command, url, password, word
):
    code = main([*command, "--db", url])
    captured = capsys.readouterr()
    assert_refused(code, captured.out, captured.err, password, word, "--db", "***")


def test_the_environment_variable_is_named(capsys, monkeypatch):
    monkeypatch.setenv("INTAKE_BOT_DB", "postgresql://u:p@ss:w0rd@host/db")
    for command in (["export"], ["db", "where"]):
        code = main(command)
        captured = capsys.readouterr()
        assert_refused(
            code, captured.out, captured.err, "p@ss:w0rd", "environment variable INTAKE_BOT_DB"
        )


def test_the_config_file_is_named(capsys, monkeypatch, tmp_path):
    monkeypatch.delenv("INTAKE_BOT_DB", raising=False)
    monkeypatch.delenv("INTAKE_BOT_STORE_URL", raising=False)
    config = tmp_path / "config.toml"
    config.write_text('[store]\nurl = "mysql://u:s3cr3tPW@host/db"\n', encoding="utf-8")
    config.chmod(0o600)
    for command in (["export"], ["db", "where"]):
        code = main([*command, "--config", str(config)])
        captured = capsys.readouterr()
        assert_refused(
            code, captured.out, captured.err, "s3cr3tPW", str(config), "[store] url", "mysql"
        )


def test_good_urls_still_work(capsys, tmp_path):
    path = tmp_path / "intakes.sqlite3"
    assert main(["db", "where", "--db", f"sqlite:///{path}"]) == 0
    assert capsys.readouterr().out.strip() == f"sqlite:///{path}"
    assert main(["db", "where", "--db", "postgres://u:s3cr3tPW@[::1]:5432/db"]) == 0
    assert capsys.readouterr().out.strip() == "postgresql+psycopg://u:***@[::1]:5432/db"


@pytest.fixture
def kiosk_ready(monkeypatch, tmp_path):
    """A kiosk config with a PIN, run in this process as if on a terminal; the app ends
    at once (the staff PIN) and the signal handlers are put back afterwards."""
    from intake_bot import cli
    from intake_bot.pin import hash_pin
    from intake_bot.tui.app import IntakeApp

    monkeypatch.setattr(cli, "_terminal_problem", lambda: None, raising=False)
    monkeypatch.setattr(IntakeApp, "run", lambda self: setattr(self, "staff_exit", True))
    config = tmp_path / "config.toml"
    config.write_text(f'[kiosk]\npin_hash = "{hash_pin("246813")}"\n', encoding="utf-8")
    config.chmod(0o600)
    saved = {n: signal.getsignal(n) for n in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    yield config
    for number, handler in saved.items():
        signal.signal(number, handler)


def test_the_kiosk_refuses_a_malformed_url_before_starting(capsys, kiosk_ready):
    code = main(["kiosk", "--config", str(kiosk_ready), "--db", MALFORMED[0][0]])
    captured = capsys.readouterr()
    assert_refused(code, captured.out, captured.err, MALFORMED[0][1], "--db")


def test_the_kiosk_warns_once_of_a_password_in_the_process_list(capsys, kiosk_ready):
    url = "postgresql://u:s3cr3tPW@127.0.0.1:1/db"  # nothing listens: the outbox takes over
    assert main(["kiosk", "--config", str(kiosk_ready), "--db", url]) == 0
    err = capsys.readouterr().err
    assert err.count("visible to other users in the process list") == 1
    assert "INTAKE_BOT_DB" in err and "pgpass" in err
    assert "s3cr3t" not in err


# -- PostgreSQL: the password from libpq's own places, never the command line -------------


@pytest.fixture
def password_database(cluster, tmp_path):
    """A role that must give its password (scram) and a database it owns: (URL without
    the password, the password)."""
    import psycopg

    role, password = f"r_{uuid.uuid4().hex[:10]}", "Pg-s3cr3t-" + uuid.uuid4().hex[:6]
    url = cluster.new_database()
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(
        f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres", autocommit=True
    ) as connection:
        connection.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
        connection.execute(f'ALTER DATABASE "{name}" OWNER TO {role}')
    hba = cluster.folder / "data" / "pg_hba.conf"
    text = hba.read_text()
    hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n{text}")  # first match wins
    done = cluster._run([str(cluster.bin / "pg_ctl"), "-D", str(cluster.folder / "data"), "reload"])
    assert done.returncode == 0, done.stderr
    import time

    time.sleep(0.5)  # the postmaster rereads pg_hba.conf on SIGHUP
    return f"postgresql://{role}@127.0.0.1:{cluster.port}/{name}", password


@pytest.mark.serial  # the server rereads pg_hba.conf in its own time
def test_postgresql_takes_the_password_from_pgpassword_pgpass_or_a_service(
    capsys, monkeypatch, tmp_path, password_database
):
    url, password = password_database
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    code = main(["db", "upgrade", "--db", url])  # no password anywhere: refused by the server
    err = capsys.readouterr().err
    assert code == 2 and "password" in err, err

    monkeypatch.setenv("PGPASSWORD", password)
    assert main(["db", "upgrade", "--db", url]) == 0, capsys.readouterr().err
    assert main(["export", "--db", url]) == 0, capsys.readouterr().err

    monkeypatch.delenv("PGPASSWORD")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:*:*:*:{password}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert main(["export", "--db", url]) == 0, capsys.readouterr().err

    role, rest = url.removeprefix("postgresql://").split("@", 1)
    port, name = rest.removeprefix("127.0.0.1:").split("/")
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[intakes]\nhost=127.0.0.1\nport={port}\nuser={role}\ndbname={name}\npassword={password}\n"
    )
    services.chmod(0o600)
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    monkeypatch.setenv("PGSERVICE", "intakes")
    assert main(["export", "--db", "postgresql://"]) == 0, capsys.readouterr().err
    monkeypatch.delenv("PGSERVICE")

    monkeypatch.setenv("INTAKE_BOT_DB", url.replace("@", f":{password}@", 1))
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    assert main(["export"]) == 0, capsys.readouterr().err  # the variable: no --db at all

    wrong = url.replace("@", ":Wr0ng-pw-xyz@", 1)
    code = main(["export", "--db", wrong])
    captured = capsys.readouterr()
    assert code == 2 and "Wr0ng" not in captured.out + captured.err, captured.err
