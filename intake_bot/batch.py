"""Headless input and output: one person's answers as JSON, or many as JSON Lines.

- One input: any fault is an :class:`InputError` naming the source and what is
  wrong (exit 2 at the command line).
- A batch never stops early: it writes one output line per non-blank input line,
  naming its line number; a line that cannot be used (not UTF-8, not JSON, too long,
  answers that do not fit) gets an error line and the next line is read. Only an
  endless line (over 100 MB: ``/dev/zero``) ends the input, with a message.
- Output is always valid UTF-8, whatever the input held (a lone surrogate in a key
  is written escaped, never as raw bytes).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from intake_bot import exit_codes
from intake_bot.errors import InputError, IntakeBotError

#: The most characters read for one person's answers (a real one is a few hundred).
MAX_ANSWERS_BYTES = 1_000_000
#: How far past its limit one line is skipped before the input is refused as endless.
MAX_SKIPPED_BYTES = 100 * MAX_ANSWERS_BYTES
#: Python's own cap on the digits of an integer read from text.
_MAX_DIGITS = sys.get_int_max_str_digits() or 4300


def parse_answers(text: str) -> dict[str, Any]:
    """A JSON object of answers with every key once; too large, too deep, a huge number
    or anything but an object is refused with a message, never crashed on."""
    if len(text) > MAX_ANSWERS_BYTES:
        raise InputError(
            f"too large for one person's answers (over {MAX_ANSWERS_BYTES} characters)"
        )
    try:
        answers = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise InputError("nested too deeply to be answers") from None
    except ValueError as exc:  # an integer of more digits than Python converts
        if "digits" not in str(exc):
            raise
        raise InputError(f"a number with more than {_MAX_DIGITS} digits") from None
    if not isinstance(answers, dict):
        raise InputError('expected a JSON object of answers, like {"age": 42, ...}')
    return answers


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise InputError(f"{key!r} is given twice: which answer is meant?")
        seen[key] = value
    return seen


def open_answers(name: str) -> BinaryIO:
    """The bytes of an answers file, or of standard input for ``-``."""
    if name == "-":
        return sys.stdin.buffer
    try:
        return open(name, "rb")
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: this is a folder, not a file of answers") from None
    except OSError as exc:
        raise InputError(f"{name}: {exc.strerror or exc}") from None


def source_name(name: str) -> str:
    return "stdin" if name == "-" else name


def read_answers(name: str) -> dict[str, Any]:
    """One person's answers from a file (or ``-``), every fault named with the source."""
    source = source_name(name)
    stream = open_answers(name)
    try:
        raw = stream.read(MAX_ANSWERS_BYTES + 1)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{source}: not UTF-8 text") from None
    try:
        return parse_answers(text)
    except InputError as exc:
        raise InputError(f"{source}: {exc}") from None


def lines(stream: BinaryIO) -> Iterator[tuple[int, str | InputError]]:
    """Each non-blank line with its number: its text, or why it cannot be read. A line
    longer than :data:`MAX_ANSWERS_BYTES` is skipped to its end, never read whole."""
    number = 0
    while True:
        line = stream.readline(MAX_ANSWERS_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_ANSWERS_BYTES and not line.endswith(b"\n"):
            yield number, InputError(f"longer than {MAX_ANSWERS_BYTES} characters")
            skipped = len(line)
            while (rest := stream.readline(MAX_ANSWERS_BYTES)) and not rest.endswith(b"\n"):
                skipped += len(rest)
                if skipped > MAX_SKIPPED_BYTES:  # /dev/zero, a stuck pipe: refuse, not spin
                    raise InputError(
                        f"line {number} is longer than {MAX_SKIPPED_BYTES} characters and "
                        "does not end: stopping there"
                    )
            continue
        try:
            text = line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            yield number, InputError("not UTF-8 text")
            continue
        if text.strip():
            yield number, text


#: Turns one line's answers into its output record; raises IntakeBotError for a bad line.
#: One line's answers and its line number in the input (1 = the first line) -> a result.
Handler = Callable[[dict[str, Any], int], dict[str, Any]]


def run_batch(
    stream: BinaryIO,
    out: BinaryIO,
    handle: Handler,
    as_text: Callable[[int, dict[str, Any]], str] | None = None,
    stop_on: tuple[type[BaseException], ...] = (),
) -> tuple[int, int]:
    """Every line of ``stream`` through ``handle``, one output line each (JSON, or
    ``as_text(number, record)``); returns (lines answered, lines that failed). An error
    of a type in ``stop_on`` (a dead database) ends the batch instead."""
    done = failed = 0
    for number, item in lines(stream):
        try:
            if isinstance(item, InputError):
                raise item
            record = {"line": number, **handle(parse_answers(item), number)}
        except stop_on:
            raise
        except IntakeBotError as exc:
            failed += 1
            record = {"line": number, "error": _plain(exc), "question": _question(exc)}
        except Exception as exc:  # a bug on one odd line must not stop the others
            failed += 1
            record = {
                "line": number,
                "error": f"internal error ({type(exc).__name__}); please report it",
                "question": None,
            }
        done += 1
        write_line(out, as_text(number, record) if as_text else dumps(record))
    return done, failed


def batch_command(
    name: str,
    handle: Handler,
    verb: str,
    as_text: Callable[[int, dict[str, Any]], str] | None = None,
    stop_on: tuple[type[BaseException], ...] = (),
) -> int:
    """A command's batch: the lines of file ``name`` (``-``: stdin) through ``handle``
    to standard output; the exit code, with a count on stderr of the lines that could
    not be ``verb`` (e.g. "triaged")."""
    stream = open_answers(name)
    try:
        sys.stdout.flush()
        done, failed = run_batch(stream, sys.stdout.buffer, handle, as_text, stop_on)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    if failed:
        print(f"intake-bot: {failed} of {done} lines could not be {verb}", file=sys.stderr)
        return exit_codes.BAD_INPUT
    return exit_codes.OK


def _plain(error: IntakeBotError) -> str:
    message = getattr(error, "message", None)  # AnswersError: without its question's prefix
    return message if isinstance(message, str) else str(error)


def _question(error: IntakeBotError) -> str | None:
    return getattr(error, "question_id", None)


def dumps(record: Any, **options: Any) -> str:
    """JSON text that always encodes as UTF-8 (lone surrogates escaped, not raw)."""
    text = json.dumps(record, ensure_ascii=False, **options)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(record, ensure_ascii=True, **options)
    return text


def write_line(out: BinaryIO, text: str) -> None:
    """One line of UTF-8 (anything that cannot be encoded is written escaped)."""
    out.write(text.encode("utf-8", errors="backslashreplace") + b"\n")
    out.flush()
