"""Settings, validated: a TOML file and ``INTAKE_BOT_*`` environment variables.

The file is ``config.toml`` in the per-user config folder (``intake-bot config-path``
prints it) or the one given with ``--config``. The environment wins over the file.
Every mistake is one clear message naming the file or variable, the key and the fix.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from intake_bot.errors import ConfigError
from intake_bot.locations import config_path
from intake_bot.pin import PinFormatError, check_hash_format

ENV_PREFIX = "INTAKE_BOT_"


class KioskSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    idle_timeout: int = Field(
        90, ge=15, le=3600, description="seconds without a touch before the session is wiped"
    )
    idle_warning: int = Field(
        20, ge=5, le=600, description="seconds of 'Are you still there?' before the wipe"
    )
    result_timeout: int = Field(
        60, ge=5, le=3600, description="seconds the result stays before the welcome returns"
    )
    pin_hash: str | None = Field(
        None, description="staff PIN hash from `intake-bot kiosk --set-pin`"
    )
    language: str | None = Field(None, description="language the welcome starts in")
    flow: Path | None = Field(None, description="flow file (default: the bundled hair-loss flow)")

    @field_validator("pin_hash")
    @classmethod
    def _pin_format(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                check_hash_format(value)
            except PinFormatError as exc:
                raise ValueError(str(exc)) from None
        return value

    @model_validator(mode="after")
    def _warning_fits(self) -> KioskSettings:
        if self.idle_warning >= self.idle_timeout:
            raise ValueError(
                f"idle_warning ({self.idle_warning} s) must be shorter than idle_timeout ({self.idle_timeout} s)"
            )
        return self


class StoreSettings(BaseModel):
    """Where intakes are kept (``[store]``; see :mod:`intake_bot.store`)."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(
        None, description="SQLAlchemy database URL (default: a SQLite file in the data folder)"
    )
    retention_days: int = Field(
        90, ge=1, le=36500, description="intakes older than this are deleted by `purge`"
    )
    save_self: bool = Field(
        False, description="keep a self-assessment's summary (as `intake-bot --save`)"
    )


class StaffSettings(BaseModel):
    """The staff console (``[staff]``; see :mod:`intake_bot.staff`)."""

    model_config = ConfigDict(extra="forbid")

    idle_lock: int = Field(
        5, ge=1, le=240, description="minutes without a touch before the staff console locks"
    )


#: A phone number as a person dials it: digits, spaces, and + ( ) - . only.
_PHONE = re.compile(r"^\+?[0-9(][0-9 ()./-]{2,28}[0-9]$")


class ClinicSettings(BaseModel):
    """The clinic's own contact, named in the next steps at home (``[clinic]``)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(
        None, min_length=1, max_length=80, description="the clinic's name, as patients know it"
    )
    phone: str | None = Field(None, description="the phone number patients call")

    @field_validator("name")
    @classmethod
    def _printable(cls, value: str | None) -> str | None:
        if value is not None:
            value = value.strip()
            if not value or not value.isprintable() or "{" in value or "}" in value:
                raise ValueError("a name of printable characters is needed (no braces)")
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is not None:
            value = value.strip()
            digits = sum(c.isdigit() for c in value)
            if not _PHONE.match(value) or digits < 4 or re.search(r"[^0-9]{3}", value):
                raise ValueError(
                    "a phone number is digits, spaces and + ( ) - . only, 4 to 30 characters, "
                    'e.g. "+34 912 345 678"'
                )
        return value


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kiosk: KioskSettings = Field(default_factory=KioskSettings)
    store: StoreSettings = Field(default_factory=StoreSettings)
    staff: StaffSettings = Field(default_factory=StaffSettings)
    clinic: ClinicSettings = Field(default_factory=ClinicSettings)


def default_config_path() -> Path:
    return config_path()


_ENV_KEYS = {
    f"{ENV_PREFIX}KIOSK_{name.upper()}": ("kiosk", name) for name in KioskSettings.model_fields
}
_ENV_KEYS |= {
    f"{ENV_PREFIX}STORE_{name.upper()}": ("store", name) for name in StoreSettings.model_fields
}
_ENV_KEYS |= {
    f"{ENV_PREFIX}STAFF_{name.upper()}": ("staff", name) for name in StaffSettings.model_fields
}
_ENV_KEYS |= {
    f"{ENV_PREFIX}CLINIC_{name.upper()}": ("clinic", name) for name in ClinicSettings.model_fields
}
_ENV_KEYS[f"{ENV_PREFIX}DB"] = ("store", "url")  # the short name wins over STORE_URL
_SECTIONS = {
    "kiosk": KioskSettings,
    "store": StoreSettings,
    "staff": StaffSettings,
    "clinic": ClinicSettings,
}


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """The settings from ``path`` (default: the per-user file, if it exists) and the environment."""
    environ = os.environ if environ is None else environ
    explicit = path is not None
    path = path if path is not None else default_config_path()
    data: dict[str, Any] = {}
    if path.exists() or explicit:
        data = _read_toml(path)
    sources: dict[tuple[str, str], str] = {}
    for variable, (section, key) in _ENV_KEYS.items():
        if variable in environ:
            data.setdefault(section, {})
            if not isinstance(data[section], dict):
                raise ConfigError(f"{path}: [{section}] must be a table")
            data[section][key] = environ[variable]
            sources[(section, key)] = variable
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_explain(exc, path, sources)) from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: this is a folder, not a config file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror or exc}") from None


def _parse_toml(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _explain(exc: ValidationError, path: Path, sources: dict[tuple[str, str], str]) -> str:
    lines = []
    for error in exc.errors():
        loc = tuple(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            section = _SECTIONS.get(loc[0]) if len(loc) > 1 else None
            known = ", ".join(section.model_fields if section else _SECTIONS)
            message = f"unknown setting (known: {known})"
        where = sources.get(loc[:2]) if len(loc) >= 2 else None  # type: ignore[arg-type]
        if where:
            lines.append(f"environment variable {where}: {message}")
        else:
            key = f"[{loc[0]}] {'.'.join(loc[1:])}" if len(loc) > 1 else (loc[0] if loc else "")
            lines.append(f"{path}: {key}: {message}")
    return "\n".join(lines)


_TABLE = re.compile(r"""\s*\[\s*(?:kiosk|"kiosk"|'kiosk')\s*\]\s*(?:#.*)?""")
_PIN_KEY = re.compile(r"""\s*(?:pin_hash|"pin_hash"|'pin_hash')\s*=""")
#: Who else may read or write a file holding the PIN hash: nobody.
_OTHERS = stat.S_IRWXG | stat.S_IRWXO


def write_pin_hash(path: Path, pin_hash: str) -> None:
    """Put ``pin_hash`` in the file's [kiosk] table, keeping everything else as it is.

    The file is replaced whole (a new file, mode 0600, renamed over the old one), and
    only when the new text reads back as the old settings with the new hash: a file
    laid out in a way this cannot edit safely is left alone (ConfigError).
    """
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    before = _parse_toml(path, text)
    line = f'pin_hash = "{pin_hash}"'
    lines = text.splitlines()
    in_kiosk = False
    kiosk_at = None
    for i, current in enumerate(lines):
        if current.lstrip().startswith("["):
            in_kiosk = _TABLE.fullmatch(current) is not None
            if in_kiosk and kiosk_at is None:
                kiosk_at = i
            continue
        if in_kiosk and _PIN_KEY.match(current):
            lines[i] = line
            break
    else:
        if kiosk_at is None:
            lines += ([""] if lines else []) + ["[kiosk]", line]
        else:
            lines.insert(kiosk_at + 1, line)
    new_text = "\n".join(lines) + "\n"
    expected = dict(before)
    kiosk = expected.get("kiosk", {})
    expected["kiosk"] = {**(kiosk if isinstance(kiosk, dict) else {}), "pin_hash": pin_hash}
    try:
        after: dict[str, Any] | None = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError:
        after = None
    if after != expected:
        raise ConfigError(
            f"{path}: cannot place pin_hash in this file's layout safely; nothing changed "
            f'(put the line pin_hash = "..." under a plain [kiosk] header)'
        )
    _write_private(path, new_text)


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, readable and writable by its owner only."""
    write_private(path, text, replace=True, make_folder=True, refuse_link=False)


class LinkRefused(FileExistsError):
    """A symbolic link stands where a private file is to be written."""


def write_private(
    path: Path,
    text: str,
    *,
    replace: bool = False,
    make_folder: bool = False,
    refuse_link: bool = True,
) -> None:
    """Write ``text`` to ``path`` as a new file, mode 0600, never through a link: see
    :func:`open_private`."""
    with open_private(
        path, replace=replace, make_folder=make_folder, refuse_link=refuse_link
    ) as handle:
        handle.write(text)


@contextlib.contextmanager
def open_private(
    path: Path,
    *,
    replace: bool = False,
    make_folder: bool = False,
    refuse_link: bool = True,
) -> Iterator[TextIO]:
    """A text stream for a new file at ``path``, mode 0600, never written through a link.

    What is written goes to a new temporary file (0600, ``O_EXCL``) in the same folder;
    it takes the name ``path`` only when the block ends without an error (else it is
    removed: a failed write leaves no file, and the old one untouched). Without
    ``replace``, anything already at ``path`` (a file, a link) raises
    :class:`FileExistsError`, on entry and again at the end (the name is taken with
    ``link()``, which never replaces). With ``replace``, the new file is renamed onto
    ``path``: an existing file is replaced, not written into (its mode and other names
    are not kept). A symbolic link at ``path`` raises :class:`LinkRefused` unless
    ``refuse_link`` is false (the rename then replaces the link itself). ``make_folder``
    creates a missing folder, mode 0700."""
    if make_folder:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if refuse_link and path.is_symlink():
        raise LinkRefused(errno.EEXIST, "a symbolic link stands there", str(path))
    if not replace and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, "already exists", str(path))
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "a folder stands there", str(path))
    _refuse_special(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if refuse_link and path.is_symlink():  # (planted meanwhile)
            raise LinkRefused(errno.EEXIST, "a symbolic link stands there", str(path))
        if replace:
            _refuse_special(path)  # (planted meanwhile)
            os.replace(temporary, path)
        else:
            _take_name(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _refuse_special(path: Path) -> None:
    """:class:`FileExistsError` when something other than a regular file, a folder or a
    link stands at ``path`` (a device, a pipe, a socket): never replaced."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode)):
        raise FileExistsError(
            errno.EEXIST, "not a regular file (a device or a pipe) stands there", str(path)
        )


def _take_name(temporary: str, path: Path) -> None:
    """Give the finished ``temporary`` the name ``path``, refusing (FileExistsError)
    anything that appeared there; on a file system without hard links (FAT), by
    copying it into a file created with ``O_CREAT|O_EXCL|O_NOFOLLOW``."""
    try:
        os.link(temporary, path, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        descriptor = os.open(path, flags, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as target, open(temporary, "rb") as source:
                shutil.copyfileobj(source, target)
                target.flush()
                os.fsync(target.fileno())
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(path)
            raise
    os.unlink(temporary)


def check_private(path: Path) -> None:
    """Refuse (ConfigError) a config file that holds a PIN hash and that other users
    may read or write: a copied hash of a short PIN is guessed offline."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # no file: the hash, if any, comes from the environment
    kiosk = _read_toml(path).get("kiosk") if mode & _OTHERS else None
    if not isinstance(kiosk, dict) or "pin_hash" not in kiosk:
        return
    raise ConfigError(
        f"{path}: holds the staff PIN hash but other users may read or change it "
        f"(mode {stat.S_IMODE(mode):04o}); run `chmod 600 {path}`, or `intake-bot kiosk "
        f"--set-pin --config {path}`, which writes it with mode 0600"
    )
