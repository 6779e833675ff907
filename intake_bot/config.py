"""Settings, validated: a TOML file and ``INTAKE_BOT_*`` environment variables.

The file is ``config.toml`` in the per-user config folder (``intake-bot config-path``
prints it) or the one given with ``--config``. The environment wins over the file.
Every mistake is one clear message naming the file or variable, the key and the fix.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from platformdirs import user_config_path
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from intake_bot.errors import ConfigError
from intake_bot.pin import PinFormatError, check_hash_format

APP_NAME = "intake-bot"
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


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kiosk: KioskSettings = Field(default_factory=KioskSettings)
    store: StoreSettings = Field(default_factory=StoreSettings)


def default_config_path() -> Path:
    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


_ENV_KEYS = {
    f"{ENV_PREFIX}KIOSK_{name.upper()}": ("kiosk", name) for name in KioskSettings.model_fields
}
_ENV_KEYS |= {
    f"{ENV_PREFIX}STORE_{name.upper()}": ("store", name) for name in StoreSettings.model_fields
}
_ENV_KEYS[f"{ENV_PREFIX}DB"] = ("store", "url")  # the short name wins over STORE_URL
_SECTIONS = {"kiosk": KioskSettings, "store": StoreSettings}


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


def write_pin_hash(path: Path, pin_hash: str) -> None:
    """Put ``pin_hash`` in the file's [kiosk] table, keeping everything else as it is."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    line = f'pin_hash = "{pin_hash}"'
    lines = text.splitlines()
    in_kiosk = False
    kiosk_at = None
    for i, current in enumerate(lines):
        stripped = current.strip()
        if stripped.startswith("["):
            in_kiosk = stripped == "[kiosk]"
            if in_kiosk:
                kiosk_at = i
            continue
        if in_kiosk and stripped.split("=")[0].strip() == "pin_hash":
            lines[i] = line
            break
    else:
        if kiosk_at is None:
            lines += ([""] if lines else []) + ["[kiosk]", line]
        else:
            lines.insert(kiosk_at + 1, line)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _read_toml(path)  # still valid TOML
