"""The outbox: intakes the database could not take yet, one JSON file each.

A file is written atomically (a temporary file, flushed and fsync'd, renamed, the
folder fsync'd): after a kill it is either whole or absent. Files are private
(0600 in a 0700 folder): they hold health data. No SQLAlchemy here, so writing to
the outbox works when the database layer is the thing that fails.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from intake_bot.errors import IntakeBotError
from intake_bot.records.intake import Intake

SUFFIX = ".intake.json"


class OutboxError(IntakeBotError, OSError):
    """The outbox could not keep an intake (the message says where and why)."""


class Outbox:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, intake: Intake) -> Path:
        return self.folder / f"{intake.id}{SUFFIX}"

    def put(self, intake: Intake) -> Path:
        """Keep ``intake`` on disk, durably, before returning."""
        data = intake.model_dump_json().encode("utf-8")
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                    stream.flush()
                    os.fsync(stream.fileno())
                target = self._path(intake)
                os.replace(temporary, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
            _fsync_folder(self.folder)
        except OSError as error:
            raise OutboxError(
                f"cannot write to the outbox {self.folder}: {error.strerror or error}"
            ) from None
        return target

    def pending(self) -> Iterator[tuple[Path, Intake | None]]:
        """Each waiting file, oldest first, with its intake (None: unreadable, kept)."""
        try:
            paths = sorted(self.folder.glob(f"*{SUFFIX}"), key=_mtime)
        except OSError:
            return
        for path in paths:
            try:
                yield path, Intake.model_validate_json(path.read_bytes())
            except (OSError, ValidationError, ValueError):
                yield path, None

    def tickets(self) -> set[str]:
        return {intake.ticket for _, intake in self.pending() if intake is not None}

    def __len__(self) -> int:
        try:
            return sum(1 for _ in self.folder.glob(f"*{SUFFIX}"))
        except OSError:
            return 0

    def remove(self, path: Path) -> None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        with contextlib.suppress(OSError):
            _fsync_folder(self.folder)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
