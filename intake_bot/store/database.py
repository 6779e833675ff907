"""Engines, migrations and the messages for database faults a person can fix.

One code path for every engine: a SQLite file (the default, in the per-user data
folder, WAL mode, created on first use) or any SQLAlchemy URL (PostgreSQL through
psycopg 3). Only connection set-up differs per engine; every query is portable.
"""

from __future__ import annotations

import contextlib
import os
import re
import weakref
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
    if parsed.get_backend_name() == "sqlite" and (
        parsed.database in (None, "", ":memory:") or "mode=memory" in str(parsed.query)
    ):
        raise bad(
            f"{seen} is a database in memory: every intake would be gone when the program "
            "ends; name a file (sqlite:////path/intakes.sqlite3)"
        )
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


def on_read_only_media(path: Path) -> bool:
    """Whether ``path`` (or, when it does not exist, its nearest folder) lies on a file
    system mounted read-only (a CD, a locked USB stick, a read-only bind mount)."""
    for candidate in (path, *path.parents):
        try:
            return bool(os.statvfs(candidate).f_flag & os.ST_RDONLY)
        except OSError:
            continue
    return False


def sqlite_read_only(path: Path) -> bool:
    """A SQLite file that can be read but not written here: on read-only media, or (for
    a user other than root) without write permission on it or its folder."""
    if not path.exists():
        return False
    return on_read_only_media(path) or not (
        os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    )


def _read_only_creator(path: Path) -> Any:
    """Connections that only read ``path`` (``mode=ro``). On read-only media SQLite cannot
    make the WAL index beside the file, so it is opened ``immutable`` (no locks), which
    is safe only when no write-ahead log holds intakes: a non-empty ``-wal`` is refused."""
    import sqlite3
    from urllib.parse import quote

    wal = Path(f"{path}-wal")
    immutable = on_read_only_media(path)
    if immutable and wal.exists() and wal.stat().st_size > 0:
        raise StoreUnavailable(
            f"{path} is on read-only media and its latest intakes are still in {wal.name}: "
            "copy the database and its -wal and -shm files to writable storage to read them"
        )
    uri = f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if immutable else "")

    def connect() -> Any:
        return sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )

    return connect


def make_engine(url: str | URL | None) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created (private) on first use.
    A SQLite file that cannot be written (read-only media) is opened to read only: its
    reads work, a write says why it cannot be done."""
    parsed = url if isinstance(url, URL) else parse_url(url)
    path = sqlite_path(parsed)
    options: dict[str, Any] = {"pool_pre_ping": True}
    if path is not None and sqlite_read_only(path):
        engine = sa.create_engine("sqlite://", creator=_read_only_creator(path), pool_pre_ping=True)
        engine.url = parsed  # type: ignore[misc]  # (messages name the file, not sqlite://)
        _sqlite_setup(engine, read_only=True)
        return engine
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


def _sqlite_setup(engine: Engine, *, read_only: bool = False) -> None:
    """WAL (readers never block the writer), full sync (a commit survives a power cut),
    a wait instead of an error when another writer holds the lock, and real
    transactions (SQLAlchemy's recipe: the driver's own BEGIN handling is turned off)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        if not connection.get_execution_options().get(READ_ONLY):
            refuse_if_damaged(engine)
        # A write takes the lock at once (no deadlock on upgrading a read lock); a read
        # (``Store.reader``) begins deferred and, in WAL mode, never waits for a writer.
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


# -- a damaged file -------------------------------------------------------------------

#: SQLite engines whose file ``quick_check`` found damaged: (the file's identity then,
#: the message). Writes are refused while the file is the same one.
_damaged: weakref.WeakKeyDictionary[Engine, tuple[tuple[int, ...], str]] = (
    weakref.WeakKeyDictionary()
)


def _identity(path: Path) -> tuple[int, ...]:
    try:
        found = path.stat()
    except OSError:
        return ()
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


def _quick_check(path: Path) -> str | None:
    """What ``PRAGMA quick_check`` finds wrong with the file (None: nothing), read on a
    connection of its own that never writes."""
    import sqlite3
    from urllib.parse import quote

    try:
        connection = sqlite3.connect(
            f"file:{quote(str(path))}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except sqlite3.Error:
        return None  # cannot even open it: the write says why, as before
    try:
        found = [str(row[0]) for row in connection.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as error:
        return str(error)
    finally:
        connection.close()
    return None if found == ["ok"] else "; ".join(found)


def check_file(engine: Engine) -> None:
    """SQLite: ``PRAGMA quick_check`` of the file (about 0.5 s at 100,000 intakes). A
    damaged file is a :class:`StoreUnavailable` naming it, and every later write through
    ``engine`` is refused the same way until the file changes (restored, moved aside):
    no intake goes into a file that can no longer be read back. Other engines: nothing."""
    path = sqlite_path(engine.url)
    if path is None or not path.exists() or sqlite_read_only(path):
        return  # (nothing can be written into a read-only file: a write says why)
    identity = _identity(path)
    problem = _quick_check(path)
    if problem is None:
        _damaged.pop(engine, None)
        return
    said = [line for line in problem.splitlines() if line.strip() and not line.startswith("***")]
    what = (
        "is not a usable SQLite database (damaged, or another kind of file)"
        if "not a database" in problem.lower()
        else f"is damaged ({(said or [problem])[0][:200]})"
    )
    message = (
        f"{path} {what}: nothing more is written into it; restore it from a backup, "
        "or move it aside and a new one is made"
    )
    _damaged[engine] = (identity, message)
    raise StoreUnavailable(message)


def damaged_file_replaced(engine: Engine) -> bool:
    """Whether the file :func:`check_file` found damaged has been replaced since (a
    backup restored, the file moved aside): the engine's open connections still read
    the old one, so the caller opens a new engine."""
    verdict = _damaged.get(engine)
    path = sqlite_path(engine.url)
    return verdict is not None and path is not None and _identity(path) != verdict[0]


def refuse_if_damaged(engine: Engine) -> None:
    """Before a write: :class:`StoreUnavailable` when :func:`check_file` found the file
    damaged and it is still the same file (a changed file is checked again)."""
    verdict = _damaged.get(engine)
    if verdict is None:
        return
    identity, message = verdict
    path = sqlite_path(engine.url)
    if path is not None and _identity(path) != identity:
        check_file(engine)
        return
    raise StoreUnavailable(message)


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
    processes start at once on a new database: one migrates, the others wait. A
    read-only SQLite file at another revision: :class:`StoreUnavailable`."""
    target = head_revision() if revision == "head" else revision
    found = current_revision(engine)
    if found == target:
        return
    path = sqlite_path(engine.url)
    if path is not None and sqlite_read_only(path):
        raise StoreUnavailable(
            f"{path} cannot be written here (read-only) and its schema is at revision "
            f"{found or 'none'}, not {target}: copy it to writable storage and open it there"
        )
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
    if "could not decode" in lowered:  # (the driver would quote the record itself)
        text = "a stored record is not valid UTF-8 text (damaged)"
    text = text if len(text) <= 300 else text[:300] + "..."
    if path is not None:
        if "not a database" in lowered or "malformed" in lowered:
            return StoreUnavailable(
                f"{path} is not a usable SQLite database (damaged, or another kind of file): "
                "move it aside and a new one is created, or restore it from a backup"
            )
        if "disk is full" in lowered or "disk i/o" in lowered:
            return StoreUnavailable(f"{path}: the disk is full or failing ({text})")
        if on_read_only_media(path):
            return StoreUnavailable(
                f"{path} is on read-only media (the file system is mounted read-only): "
                "intakes cannot be stored there; reading and exporting still work"
            )
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
