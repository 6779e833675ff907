"""Every per-user path, in one place (platformdirs): config, log, cache and data.

Folders are created by whoever writes into them, never on import.
``INTAKE_BOT_DATA_DIR`` moves the data folder (the SQLite file and the outbox)
somewhere else, e.g. for a test or a kiosk with its data on another disk.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_path, user_config_path, user_data_path, user_log_path

APP_NAME = "intake-bot"
DATA_DIR_VARIABLE = "INTAKE_BOT_DATA_DIR"


def config_path() -> Path:
    """The default config file (``--config PATH`` names another)."""
    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def log_dir() -> Path:
    """Where the kiosk keeps its log (never patient data)."""
    return user_log_path(APP_NAME, appauthor=False)


def flow_cache_dir() -> Path:
    """Validated flows, kept so a later start need not validate them again."""
    return user_cache_path(APP_NAME, appauthor=False) / "flows"


def data_dir() -> Path:
    """Where intakes are kept by default (the SQLite file, the outbox)."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    return Path(override) if override else user_data_path(APP_NAME, appauthor=False)


def default_database_path() -> Path:
    return data_dir() / "intakes.sqlite3"


def outbox_dir() -> Path:
    """Intakes that could not reach the database yet, one file each."""
    return data_dir() / "outbox"


def exports_dir() -> Path:
    """Where the staff console writes its exports: private to this user (made 0700 by
    :func:`private_exports_dir`), never the folder the console was started in."""
    return data_dir() / "exports"


def private_exports_dir() -> Path:
    """:func:`exports_dir`, created (mode 0700) if missing and made 0700 if it is not."""
    folder = exports_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.is_symlink() or not folder.is_dir():
        raise NotADirectoryError(f"{folder}: not a folder")
    if folder.stat().st_mode & 0o077:
        folder.chmod(0o700)
    return folder
