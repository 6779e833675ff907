"""Finding and reading a flow file's bytes, with a clear message for every failure.

No YAML and no validation here (that is :mod:`intake_bot.flow.loader`), so that the
cache can read a file and recognise it without loading either.
"""

from __future__ import annotations

import stat
from pathlib import Path

from intake_bot.flow.errors import FlowError, Problem

DEFAULT_FLOW = "hair_loss"
#: The largest flow file read (a real one is tens of kilobytes).
MAX_BYTES = 5_000_000


#: Where the shipped flows are: inside the installed package (a wheel maps the
#: project's top-level ``flows/`` folder to ``intake_bot/flows/``), else the
#: ``flows/`` folder beside the package in a checkout or an editable install.
_PACKAGE = Path(__file__).resolve().parent.parent
FLOW_FOLDERS = (_PACKAGE / "flows", _PACKAGE.parent / "flows")


def bundled_flow_path(name: str = DEFAULT_FLOW) -> Path:
    """A flow shipped with the program, from a wheel or from a checkout."""
    for folder in FLOW_FOLDERS:
        path = folder / f"{name}.yaml"
        if path.is_file():
            return path
    return FLOW_FOLDERS[-1] / f"{name}.yaml"  # missing: reading it names this path


def read_flow_file(source: Path) -> bytes:
    """The bytes of a regular file of at most :data:`MAX_BYTES` that holds no NUL."""
    name = str(source)
    try:
        mode = source.stat().st_mode
        if stat.S_ISDIR(mode):
            raise FlowError(name, [Problem("", "this is a folder, not a flow file")])
        if not stat.S_ISREG(mode):  # a pipe or a device could block or never end
            raise FlowError(name, [Problem("", "this is not a regular file")])
        with source.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise FlowError(name, [Problem("", "no such file")]) from None
    except OSError as exc:
        raise FlowError(name, [Problem("", f"cannot read it: {exc.strerror or exc}")]) from None
    if len(raw) > MAX_BYTES:
        message = f"the file is larger than {MAX_BYTES // 1_000_000} MB; a flow file is far smaller"
        raise FlowError(name, [Problem("", message)])
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        problem = Problem("", "this is a binary file, not a YAML text file", line)
        raise FlowError(name, [problem])
    return raw


def decode_flow(raw: bytes, source: str) -> str:
    """The text of a flow file (UTF-8, a byte order mark allowed)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"not UTF-8 text: byte {raw[exc.start]:#04x} cannot be read ({exc.reason})"
        raise FlowError(source, [Problem("", message, line)]) from None
