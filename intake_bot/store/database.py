"""Engines, migrations and the messages for database faults a person can fix.

One code path for every engine: a SQLite file (the default, in the per-user data
folder, WAL mode, created on first use) or any SQLAlchemy URL (PostgreSQL through
psycopg 3). Only connection set-up differs per engine; every query is portable.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.engine.url import URL

from intake_bot.errors import StoreError, StoreUnavailable
from intake_bot.locations import default_database_path

__all__ = [
    "StoreError",
    "StoreUnavailable",
    "make_engine",
    "parse_url",
    "password_warning",
    "upgrade",
    "url_source",
]

MIGRATIONS = Path(__file__).parent / "migrations"
CONNECT_TIMEOUT = 5  # seconds to reach a database server before the outbox takes over
BUSY_TIMEOUT_MS = 10_000  # SQLite: how long a writer waits for another one
#: An execution option: the transaction only reads (SQLite: a deferred BEGIN, no lock).
READ_ONLY = "intake_bot_read_only"


def default_url() -> str:
    return f"sqlite:///{default_database_path()}"


#: The engines this program supports, by URL scheme (``postgres`` means ``postgresql``).
SUPPORTED = {
    "sqlite": "sqlite",
    "sqlite+pysqlite": "sqlite",
    "postgresql": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
}
EXAMPLES = "e.g. sqlite:////path/intakes.sqlite3 or postgresql://user@host/dbname"
#: Where a URL can come from besides ``--db``, in the order the settings read them.
URL_VARIABLES = ("INTAKE_BOT_DB", "INTAKE_BOT_STORE_URL")


def url_secrets(text: str) -> list[str]:
    """Every string in ``text`` (a database URL, parsable or not) that may be a password,
    longest first: what follows the user name up to the *last* ``@`` (so a raw ``@`` in
    a password still hides all of it), a ``password=`` query value, and their decoded
    forms."""
    from urllib.parse import unquote

    _scheme, sep, rest = text.partition("://")
    if not sep:
        rest = text
    found: list[str] = []
    at = rest.rfind("@")
    if at != -1 and ":" in rest[:at]:
        found.append(rest[:at].split(":", 1)[1])
    found += re.findall(r"(?i)[?&]password=([^&]*)", rest)
    found += [unquote(secret) for secret in found]
    return sorted({secret for secret in found if secret}, key=len, reverse=True)


def mask(text: str, secrets: list[str]) -> str:
    """``text`` with every one of ``secrets`` replaced by ``***``."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, "***")
    return text


def mask_url(text: str) -> str:
    """``text`` (a database URL, parsable or not) with its password, in the user part and
    in a ``password=`` query value, as ``***``; nothing else changes."""
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "", text
    at = rest.rfind("@")
    if at != -1 and ":" in rest[:at]:
        rest = rest[:at].split(":", 1)[0] + ":***" + rest[at:]
    rest = re.sub(r"(?i)([?&]password=)[^&]*", r"\1***", rest)
    return f"{scheme}{sep}{rest}"


def url_source(config: Path | None = None) -> str:
    """Where the settings' database URL comes from, as a message names it."""
    for variable in URL_VARIABLES:
        if os.environ.get(variable):
            return f"environment variable {variable}"
    from intake_bot.config import default_config_path

    return f"{config or default_config_path()}: [store] url"


def _guess_source(text: str) -> str:
    for variable in URL_VARIABLES:
        if os.environ.get(variable) == text:
            return f"environment variable {variable}"
    return "database URL"


def parse_url(url: str | None, source: str | None = None) -> URL:
    """``url`` (default: the SQLite file in the data folder) as a SQLAlchemy URL, checked:
    a supported engine (SQLite, PostgreSQL through psycopg 3), a port from 1 to 65535, a
    well-formed host. Anything else is a :class:`StoreError` (exit 2) of one line naming
    ``source`` (``--db``, the variable or the config file) with the password as ``***``."""
    if url is None:
        return make_url(default_url())
    source = source or _guess_source(url)
    seen = mask_url(url)

    def bad(problem: str) -> StoreError:
        return StoreError(f"{source}: {problem}")

    if not url.strip():
        raise bad(f"the database URL is empty ({EXAMPLES})")
    scheme, sep, rest = url.partition("://")
    if not sep or not re.fullmatch(r"[A-Za-z][\w+]*", scheme):
        raise bad(f"{seen!r} is not a database URL ({EXAMPLES})")
    if scheme.lower() not in SUPPORTED:
        raise bad(
            f"unknown kind of database {scheme!r} in {seen} "
            f"(supported drivers: sqlite, postgresql; {EXAMPLES})"
        )
    authority = rest.split("?", 1)[0]
    if authority.count("@") > 1:
        raise bad(
            f"cannot parse {seen}: more than one '@' (an '@', ':' or '/' in the user "
            "name or password must be percent-encoded: %40, %3A, %2F)"
        )
    host_part = authority.rsplit("@", 1)[-1].split("/", 1)[0]
    if host_part.count("[") != host_part.count("]") or (
        "[" in host_part and not host_part.startswith("[")
    ):
        raise bad(f"cannot parse the host in {seen} (an IPv6 address is written [::1])")
    try:
        parsed = make_url(SUPPORTED[scheme.lower()] + "://" + rest)
    except exc.ArgumentError:
        raise bad(f"cannot parse {seen} ({EXAMPLES})") from None
    except ValueError:  # the port is not a number
        raise bad(f"bad port in {seen} (a number from 1 to 65535)") from None
    if parsed.port is not None and not 1 <= parsed.port <= 65535:
        raise bad(f"bad port {parsed.port} in {seen} (a number from 1 to 65535)")
    if parsed.get_backend_name() == "sqlite" and (parsed.host or parsed.username):
        raise bad(f"a SQLite URL names a file, not a server: {seen} (sqlite:////path/file)")
    return parsed


def password_warning(url: str | None) -> str | None:
    """The warning for a password given on the command line (others see it in ``ps``)."""
    if not url or not url_secrets(url):
        return None
    return (
        "intake-bot: warning: the password in --db is visible to other users in the "
        "process list while this runs; put the URL in INTAKE_BOT_DB or the config file "
        "(0600), or the password in ~/.pgpass or PGPASSWORD, and leave it out of --db"
    )


def shown(url: URL) -> str:
    return mask_url(url.render_as_string(hide_password=True))


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite URL (None for another engine or an in-memory database)."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def make_engine(url: str | URL | None) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created (private) on first use."""
    parsed = url if isinstance(url, URL) else parse_url(url)
    path = sqlite_path(parsed)
    options: dict[str, Any] = {"pool_pre_ping": True}
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise StoreError(
                f"cannot create the folder {path.parent} for the database: "
                f"{error.strerror or error}"
            ) from None
        try:  # health data: the file (and its -wal, -shm, which SQLite makes alike) private
            if not path.exists():
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        except OSError as error:
            raise StoreUnavailable(
                f"{path}: cannot create the database file ({error.strerror or error})"
            ) from None
        options["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
    elif parsed.get_backend_name() == "postgresql":
        options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT}
        options["pool_size"] = 2
    try:
        engine = sa.create_engine(parsed, **options)
    except exc.NoSuchModuleError:
        raise StoreError(
            f"{shown(parsed)}: unknown kind of database {parsed.drivername!r} "
            "(use sqlite:///PATH or postgresql://user@host/dbname)"
        ) from None
    except exc.ArgumentError as error:
        secrets = url_secrets(parsed.render_as_string(hide_password=False))
        raise StoreError(
            f"{shown(parsed)}: cannot use this database URL ({mask(str(error), secrets)})"
        ) from None
    if path is not None:
        _sqlite_setup(engine)
    return engine


def _sqlite_setup(engine: Engine) -> None:
    """WAL (readers never block the writer), full sync (a commit survives a power cut),
    a wait instead of an error when another writer holds the lock, and real
    transactions (SQLAlchemy's recipe: the driver's own BEGIN handling is turned off)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        # A write takes the lock at once (no deadlock on upgrading a read lock); a read
        # (``Store.reader``) begins deferred and, in WAL mode, never waits for a writer.
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


# -- migrations ------------------------------------------------------------------------


def alembic_config(connection: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.execution_options(**{READ_ONLY: True}).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; a no-op when it is there. Safe when several
    processes start at once on a new database: one migrates, the others wait."""
    target = head_revision() if revision == "head" else revision
    if current_revision(engine) == target:
        return
    with _migration_lock(engine), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(15150015)"))
        if MigrationContext.configure(connection).get_current_revision() != target:
            command.upgrade(alembic_config(connection), revision)


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """SQLite: a lock file beside the database (PostgreSQL locks inside the transaction)."""
    path = sqlite_path(engine.url)
    if path is None:
        yield
        return
    import fcntl

    with open(f"{path}.migrate-lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# -- what went wrong, in words -----------------------------------------------------------


def explain(error: BaseException, url: URL) -> StoreError:
    """A database error -> one clear message naming the database (no password).
    :class:`StoreUnavailable` when the outbox should keep the intake meanwhile."""
    where = shown(url)
    path = sqlite_path(url)
    original = getattr(error, "orig", None) or error
    text = str(original).strip().splitlines()[0] if str(original).strip() else type(error).__name__
    text = mask(text, url_secrets(url.render_as_string(hide_password=False)))
    lowered = text.lower()
    if path is not None:
        if "not a database" in lowered or "malformed" in lowered:
            return StoreUnavailable(
                f"{path} is not a usable SQLite database (damaged, or another kind of file): "
                "move it aside and a new one is created, or restore it from a backup"
            )
        if "disk is full" in lowered or "disk i/o" in lowered:
            return StoreUnavailable(f"{path}: the disk is full or failing ({text})")
        if "unable to open" in lowered or "readonly" in lowered or "read-only" in lowered:
            folder = path.parent
            if not os.access(folder, os.W_OK):
                return StoreUnavailable(
                    f"{path}: cannot write in the folder {folder} (permission denied)"
                )
            return StoreUnavailable(f"{path}: cannot open the database file ({text})")
        if "locked" in lowered:
            return StoreUnavailable(f"{path}: the database stayed busy too long ({text})")
        return StoreUnavailable(f"{path}: {text}")
    if isinstance(error, exc.OperationalError | exc.InterfaceError | OSError):
        return StoreUnavailable(f"cannot reach the database {where}: {text}")
    return StoreError(f"database {where}: {text}")
