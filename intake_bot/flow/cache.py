"""Load a flow, validating a file only the first time it is seen.

Validating a flow file (YAML, the pydantic schema, the static checks) takes about
a tenth of a second and ten MiB of imports; a person waiting for the first
question should not pay that on every start. So, like Python's own ``.pyc``
files, what a validation accepted is written as JSON to the per-user cache
folder, and a later start reads it straight into the flow's objects when the file
is unchanged: same size and CRC-32 of its bytes, read again every time, and the
same code that validated it (this package's version and its flow modules' sizes
and modification times).

Anything wrong with a cache entry (missing, stale, unreadable, damaged, written by
another version) means the file is validated again, as if there were no cache.
A cache that cannot be written (a read-only home, a full disk) is skipped
silently: the flow still loads, only more slowly. ``INTAKE_BOT_NO_FLOW_CACHE=1``
turns the cache off.
"""

from __future__ import annotations

import json
import os
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from intake_bot import __version__
from intake_bot.flow.files import bundled_flow_path, read_flow_file
from intake_bot.flow.model import Flow, flow_from_data, flow_to_data

#: Bumped when the cache entry's layout changes.
FORMAT = 1
NO_CACHE_VARIABLE = "INTAKE_BOT_NO_FLOW_CACHE"


def load_flow(path: str | Path | None = None) -> Flow:
    """Load and check a flow file; the bundled default flow when ``path`` is None.

    Raises :class:`~intake_bot.flow.errors.FlowError` naming the file and every
    problem in it, exactly as :func:`intake_bot.flow.loader.parse_flow` does."""
    source = Path(path) if path is not None else bundled_flow_path()
    raw = read_flow_file(source)
    if os.environ.get(NO_CACHE_VARIABLE):
        return _validate(raw, source)
    entry = cache_entry_path(source)
    key = _key(raw)
    flow = _read(entry, key)
    if flow is None:
        flow = _validate(raw, source)
        _write(entry, key, flow)
    return flow


@lru_cache(maxsize=8)
def load_default_flow() -> Flow:
    return load_flow(None)


def cache_folder() -> Path:
    from intake_bot.locations import flow_cache_dir

    return flow_cache_dir()


def cache_entry_path(source: Path) -> Path:
    """One entry per flow file, named after the file and its absolute path."""
    where = str(source.absolute()).encode("utf-8", "surrogateescape")
    return cache_folder() / f"{source.stem[:40]}-{zlib.crc32(where):08x}.json"


def _validate(raw: bytes, source: Path) -> Flow:
    from intake_bot.flow.loader import flow_from_bytes

    return flow_from_bytes(raw, str(source))


def _key(raw: bytes) -> dict[str, Any]:
    # Every module of the flow package: any of them may decide what a valid flow is and
    # what it becomes (a hand-made list missed one once). A few stat calls per load.
    code = []
    for path in sorted(Path(__file__).parent.glob("*.py")):
        try:
            info = path.stat()
        except OSError:
            continue
        code.append([path.name, info.st_size, info.st_mtime_ns])
    return {
        "format": FORMAT,
        "version": __version__,
        "code": code,
        "size": len(raw),
        "crc32": zlib.crc32(raw),
    }


def _read(entry: Path, key: dict[str, Any]) -> Flow | None:
    try:
        with entry.open("rb") as handle:
            stored = json.loads(handle.read())
        if stored["key"] != key:
            return None
        return flow_from_data(stored["flow"])
    except Exception:  # any damage means: validate the file again
        return None


def _write(entry: Path, key: dict[str, Any], flow: Flow) -> None:
    import tempfile

    text = json.dumps({"key": key, "flow": flow_to_data(flow)}, ensure_ascii=False)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temporary, entry)  # readers see the old entry or the new, never half
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass
