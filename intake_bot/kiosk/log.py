"""The kiosk log: crashes, staff exits, the store's faults, outbox moves and purges,
in the per-user log folder; never patient data."""

from __future__ import annotations

import logging
import traceback
from logging.handlers import RotatingFileHandler

from intake_bot.locations import log_dir

log = logging.getLogger("intake_bot.kiosk")
#: The store's logger (database faults, the outbox): kept in the kiosk's log too.
store_log = logging.getLogger("intake_bot.store")


def crash_summary(error: BaseException) -> str:
    """Where it broke, without a word of what a patient typed: the exception's type and
    the code locations only (no message, no local variables). An error that only wraps
    another (a worker's ``WorkerFailed``, a ``raise ... from``) names the one inside."""
    wrappers: list[str] = []
    while True:
        # A Textual worker's WorkerFailed holds the real error in ``.error`` (duck-typed:
        # this module imports no Textual).
        held = getattr(error, "error", None)
        inner = held if isinstance(held, BaseException) else error.__cause__
        if inner is None or inner is error or len(wrappers) > 5:
            break
        wrappers.append(type(error).__name__)
        error = inner
    frames = traceback.extract_tb(error.__traceback__)
    where = " <- ".join(
        f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames[-8:])
    )
    inside = f" (inside {' < '.join(wrappers)})" if wrappers else ""
    return f"{type(error).__name__} at {where or 'unknown place'}{inside}"


def open_log() -> None:
    """Kiosk log (crashes, staff exits and the store's faults, outbox moves and purges;
    never patient data) in the per-user log folder. The ``intake_bot.store`` logger
    (:mod:`intake_bot.store.submitter`) writes into the same file, each record once; with
    a handler of its own it no longer falls back to standard error. Idempotent."""
    if log.handlers:
        return
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            folder / "kiosk.log", maxBytes=1_000_000, backupCount=3
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    for logger in (log, store_log):
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    log.propagate = False
