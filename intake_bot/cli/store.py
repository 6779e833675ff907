"""The command line's store commands: ``submit``, ``export``, ``purge``, ``db``.

Kept apart from :mod:`intake_bot.cli` (which only adds their parsers and dispatches
here). Every command that reads or writes intakes takes ``--db URL`` and
``--config PATH``; the database is ``--db``, else ``INTAKE_BOT_DB``, else
``[store] url``, else the SQLite file in the per-user data folder.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import sys
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from intake_bot import exit_codes
from intake_bot.cli.options import flow_language
from intake_bot.errors import InputError
from intake_bot.flow.cache import load_flow

if TYPE_CHECKING:
    from intake_bot.config import StoreSettings
    from intake_bot.flow.model import Flow
    from intake_bot.records.intake import Intake
    from intake_bot.store.store import Store


#: ``purge --older-than`` at most: 100 years (a date further back cannot be computed).
MAX_DAYS = 36_500
#: The earliest ``--since`` taken (the store's dates are this century's).
EARLIEST = datetime(1900, 1, 1)
#: ``--patient-ref`` at most (as the record keeps it).
PATIENT_REF_MAX = 200


def store_options() -> argparse.ArgumentParser:
    """``--db`` and ``--config``: for every command that reads or writes intakes."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: INTAKE_BOT_DB, [store] url, else the per-user SQLite file)",
    )
    options.add_argument(
        "--config", metavar="PATH", type=Path, help="config file (default: the per-user one)"
    )
    return options


def add_commands(commands: Any, flow_options: argparse.ArgumentParser) -> None:
    """The store's subcommands, added to the main parser's ``commands``."""
    store = store_options()
    submit = commands.add_parser(
        "submit",
        parents=[flow_options, store],
        help="check answers like `triage`, store the intake and print its ticket code",
        description=(
            "Check a JSON object of answers like `triage` does, store the intake (front "
            "door: staff) and print its ticket code. With --batch, read JSON Lines (a paper "
            "form typed in later, an import) and write one line per input line."
        ),
    )
    submit.add_argument(
        "answers", metavar="ANSWERS.json", help="a JSON file of answers, or - for stdin"
    )
    submit.add_argument("--batch", action="store_true", help="JSON Lines in, one line out per line")
    submit.add_argument(
        "--patient-ref", metavar="TEXT", help="the clinic's own patient reference (optional)"
    )
    submit.add_argument(
        "--idempotency-key",
        metavar="KEY",
        help=(
            "store at most once per KEY: a retry with the same KEY prints the ticket "
            "already stored (with --batch: per line); the same KEY with other answers "
            "is refused"
        ),
    )

    export = commands.add_parser(
        "export",
        parents=[flow_options, store],
        help="write stored intakes as JSON, CSV, FHIR R4 or a text summary",
        description=(
            "Write stored intakes (oldest first) to standard output or -o FILE, each as it "
            "is read (memory stays flat however many). fhir: always a Bundle: the flow as "
            "a Questionnaire per language among the intakes, then each intake as a "
            "QuestionnaireResponse pointing at its language's. fhir-ndjson: one "
            "QuestionnaireResponse per line (FHIR bulk data); the Questionnaire with "
            "--questionnaire --lang LANG."
        ),
    )
    export.add_argument(
        "--format",
        choices=("json", "csv", "fhir", "fhir-ndjson", "text"),
        default="json",
        help="output format",
    )
    export.add_argument("--ticket", metavar="CODE", help="only this intake")
    export.add_argument(
        "--since", metavar="DATE", help="only intakes finished on or after DATE (2026-12-01)"
    )
    export.add_argument("--status", choices=("new", "reviewed"), help="only intakes in this state")
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=Path,
        help="write to FILE, a new file readable by you only (mode 0600)",
    )
    export.add_argument(
        "--force",
        action="store_true",
        help="-o: replace an existing FILE (by a new 0600 file; never through a link)",
    )
    export.add_argument(
        "--questionnaire",
        action="store_true",
        help="fhir, fhir-ndjson: only the flow's Questionnaire (in --lang; one line for ndjson)",
    )

    purge = commands.add_parser(
        "purge",
        parents=[store],
        help="delete intakes older than the retention period ([store] retention_days)",
    )
    purge.add_argument(
        "--older-than",
        metavar="DAYS",
        type=int,
        help=f"1 to {MAX_DAYS}; default: [store] retention_days (90)",
    )

    db = commands.add_parser("db", help="the database: upgrade its schema, show where it is")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser("upgrade", parents=[store], help="apply schema migrations now")
    db_commands.add_parser("where", parents=[store], help="print the database URL in use")


def run(args: argparse.Namespace) -> int:
    if args.command == "submit":
        return submit(args)
    if args.command == "export":
        return export(args)
    if args.command == "purge":
        return purge(args)
    if args.command == "db":
        return db(args)
    raise AssertionError(args.command)


def store_settings(config: Path | None) -> StoreSettings:
    from intake_bot.config import load_settings

    return load_settings(config).store


def database_url(args: argparse.Namespace, settings: StoreSettings | None = None) -> str | None:
    """``--db``, else the settings' URL, checked now: a bad one is exit 2 naming where it
    came from, its password as ``***``."""
    from intake_bot.store.database import parse_url, url_source

    if getattr(args, "db", None) is not None:
        parse_url(args.db, "--db")
        return args.db
    settings = settings or store_settings(getattr(args, "config", None))
    if settings.url is not None:
        parse_url(settings.url, url_source(getattr(args, "config", None)))
    return settings.url


def open_store(args: argparse.Namespace, *, check: bool = False) -> Store:
    """The store the arguments name; ``check``: its file checked first (a damaged SQLite
    file is refused before anything is written into it)."""
    from intake_bot.store.store import Store

    return Store(database_url(args), check=check)


# -- submit ------------------------------------------------------------------------------


#: Intake ids made from ``--idempotency-key`` (uuid5 in this namespace).
IDEMPOTENCY = uuid.UUID("6f1d3c1e-7a4b-5d0e-9c39-1b7f0c5e2a91")
IDEMPOTENCY_KEY_MAX = 200


def _idempotency_key(text: str | None) -> str | None:
    if text is None:
        return None
    key = unicodedata.normalize("NFKC", text).strip()
    if not key or len(key) > IDEMPOTENCY_KEY_MAX or not key.isprintable():
        raise InputError(
            f"--idempotency-key: give 1 to {IDEMPOTENCY_KEY_MAX} printable characters "
            "(e.g. the form's own number, or a UUID)"
        )
    return key  # (NFKC, no spaces at its ends: "K1 " and "Ｋ1" are the key "K1")


def _keep(
    store: Store,
    flow: Flow,
    checked: dict[str, Any],
    language: str,
    ref: str | None,
    key: str | None = None,
) -> Intake:
    """Store the intake; with ``key`` its id is derived from it, so a retry with the
    same key (after a kill between the commit and the print) finds it stored and
    returns that one; the same key with other answers is refused."""
    from intake_bot.engine.triage import triage
    from intake_bot.records.intake import build_intake
    from intake_bot.records.tickets import TicketIssuer

    result = triage(flow, checked, language, front_door="staff")
    issuer = TicketIssuer(store.ticket_taken)
    intake = build_intake(
        flow, checked, result, ticket=issuer.issue(), front_door="staff", patient_ref=ref
    )
    if key is not None:
        intake = intake.model_copy(update={"id": uuid.uuid5(IDEMPOTENCY, key)})
    kept = store.add_with_free_ticket(intake, issue=issuer.issue)
    if (kept.values(), kept.patient_ref, kept.language) != (
        intake.values(),
        intake.patient_ref,
        intake.language,
    ):
        raise InputError(
            f"--idempotency-key: already used for intake {kept.ticket}, with other "
            "answers (or reference, or language); give a new key for a new intake"
        )
    return kept


def submit(args: argparse.Namespace) -> int:
    from intake_bot.batch import read_answers, source_name
    from intake_bot.cli.options import checked_triage
    from intake_bot.engine.path import check_answers

    if args.patient_ref is not None and len(args.patient_ref) > PATIENT_REF_MAX:
        raise InputError(
            f"--patient-ref: {len(args.patient_ref)} characters; at most {PATIENT_REF_MAX}"
        )
    if args.patient_ref is not None and not args.patient_ref.isprintable():
        raise InputError(
            "--patient-ref: one line of printable text (no line break, tab or control character)"
        )
    key = _idempotency_key(args.idempotency_key)
    flow = load_flow(args.flow)
    language = flow_language(flow, args.lang)
    if args.batch:
        return _submit_batch(args, flow, language, key)
    answers = read_answers(args.answers)
    checked_triage(flow, answers, language, source_name(args.answers))  # every check, named
    with open_store(args, check=True) as store:
        intake = _keep(
            store, flow, check_answers(flow, answers, language), language, args.patient_ref, key
        )
    print(intake.ticket)
    return exit_codes.OK


def _submit_batch(
    args: argparse.Namespace, flow: Flow, language: str, key: str | None = None
) -> int:
    """One result line per non-blank line (its ticket, or why not). A database fault
    (StoreError) ends the batch: the lines before it are stored. With ``key``, the Nth
    line's intake is keyed ``key`` and N (its line number in the file, blank and bad
    lines counted): the same batch run again, a bad line fixed, stores nothing twice."""
    from intake_bot.batch import batch_command
    from intake_bot.engine.path import check_answers
    from intake_bot.errors import StoreError

    with open_store(args, check=True) as store:

        def handle(answers: dict[str, Any], line: int) -> dict[str, Any]:
            line_key = None if key is None else f"{key}\n{line}"
            checked = check_answers(flow, answers, language)
            intake = _keep(store, flow, checked, language, None, line_key)
            return {"ticket": intake.ticket, "outcome": intake.triage.outcome}

        return batch_command(args.answers, handle, "stored", stop_on=(StoreError,))


# -- export ------------------------------------------------------------------------------


def _since(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(
            f"--since {text!r}: not a date (expected e.g. 2026-12-01 or 2026-12-01T08:30)"
        ) from None
    if moment.replace(tzinfo=None) < EARLIEST:
        raise InputError(f"--since {text}: give a date in {EARLIEST.year} or later")
    try:
        return moment if moment.tzinfo else moment.astimezone()  # a clinic's own time
    except (OverflowError, ValueError):
        raise InputError(f"--since {text}: a date out of range") from None


def export(args: argparse.Namespace) -> int:
    """Stream the matching intakes to standard output or ``-o``, then audit the count.
    What a format must know first comes from the store before the stream: the
    languages (fhir), the questions of older flows (csv, a first pass over the intakes
    of other flows only)."""
    from intake_bot.records.exports import questionnaire_json, write
    from intake_bot.records.tickets import normalize

    flow = load_flow(args.flow)
    language = flow_language(flow, args.lang)
    if args.questionnaire:
        if args.format not in ("fhir", "fhir-ndjson"):
            raise InputError("--questionnaire goes with --format fhir or fhir-ndjson")
        _refuse_existing(args.output, args.force)
        text = questionnaire_json(flow, language, ndjson=args.format == "fhir-ndjson")
        _write(args.output, lambda out: out.write(text), force=args.force)
        return exit_codes.OK
    since = _since(args.since)
    ticket = None
    if args.ticket is not None:
        ticket = normalize(args.ticket)
        if not ticket:
            raise InputError(
                "--ticket '': give a ticket code (leave --ticket out for every intake)"
            )
    _refuse_existing(args.output, args.force)
    wanted: dict[str, Any] = {"ticket": ticket, "since": since, "status": args.status}
    damaged: list[str] = []
    read = [0]  # intakes handed to the writer: at most this many left, if it stops midway
    with open_store(args) as store, _ended_by_signals():
        options: dict[str, Any] = {}
        if args.format == "fhir":
            options["languages"] = store.distinct("language", **wanted)
        if args.format == "csv":
            options["extra_questions"] = _extra_questions(store, flow, wanted)
        with contextlib.closing(store.iter(**wanted, damaged=damaged)) as rows:
            intakes: Iterator[Intake] = rows
            if ticket is not None:
                first = next(rows, None)
                if first is None:
                    raise InputError(
                        f"no intake with ticket {ticket}"
                        + (" (with those filters)" if since or args.status else "")
                    )
                intakes = itertools.chain([first], rows)

            def counted() -> Iterator[Intake]:
                for intake in intakes:
                    read[0] += 1
                    yield intake

            try:
                count = _write(
                    args.output,
                    lambda out: write(
                        counted(), args.format, flow, out, single=ticket is not None, **options
                    ),
                    force=args.force,
                )
            except BaseException as error:  # a closed pipe, a full disk, a signal: audited
                if args.output is None and read[0]:
                    why = (
                        "the reader closed the pipe"
                        if isinstance(error, BrokenPipeError)
                        else ("stopped")
                    )
                    with contextlib.suppress(Exception):
                        _audit_export(
                            store, args, ticket, read[0], note=f"cut short ({why}), at most"
                        )
                raise
        _audit_export(store, args, ticket, count, damaged=damaged)
    if damaged:
        shown = ", ".join(damaged[:10]) + (" ..." if len(damaged) > 10 else "")
        raise InputError(
            f"{len(damaged)} intakes could not be read (their stored records are damaged: "
            f"{shown}); the export holds the other {count}"
        )
    return exit_codes.OK


@contextlib.contextmanager
def _ended_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP (a service manager, ``timeout``, a closed terminal) end the
    command as Ctrl+C does: by an exception, so a half-written file is removed."""
    import signal

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    before = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _extra_questions(store: Store, flow: Flow, wanted: dict[str, Any]) -> list[str]:
    """The questions older records hold that ``flow`` no longer asks: a streamed pass,
    only when the store holds intakes answered with another flow (another hash)."""
    from intake_bot.records.exports import extra_questions
    from intake_bot.records.intake import flow_hash

    if set(store.distinct("flow_hash", **wanted)) <= {flow_hash(flow)}:
        return []
    with contextlib.closing(store.iter(**wanted)) as rows:
        return extra_questions(rows, flow)


def _audit_export(
    store: Store,
    args: argparse.Namespace,
    ticket: str | None,
    count: int,
    *,
    note: str = "",
    damaged: list[str] | None = None,
) -> None:
    """One audit row: the OS user, the format, the filter, the count, where to (the
    file's full path); ``note`` before the count of an export cut short."""
    from intake_bot.store import queue
    from intake_bot.store.audit import os_user

    wanted = [
        f"{name} {value}"
        for name, value in (("ticket", ticket), ("since", args.since), ("status", args.status))
        if value is not None
    ]
    where = (
        f"to {Path(os.path.abspath(args.output))}"
        if args.output is not None
        else "to standard output"
    )
    counted = f"{note} {count}" if note else str(count)
    detail = f"{args.format}, {', '.join(wanted) or 'every intake'}: {counted} intakes {where}"
    if damaged:
        detail += f"; {len(damaged)} damaged records left out ({', '.join(damaged[:10])})"
    if store.read_only:  # a copy on read-only media: nobody can change it, or its trail
        print(
            f"intake-bot: note: {store.where} is read-only, so this export is not in its "
            "audit trail",
            file=sys.stderr,
        )
        return
    queue.record_action(store, actor=os_user(), action="export", ticket=ticket, detail=detail)


def _refuse_existing(path: Path | None, force: bool) -> None:
    """Before any work: an existing -o FILE is refused unless --force (checked again
    when the file takes its name, which never follows a link)."""
    if path is None:
        if force:
            raise InputError("--force goes with -o FILE")
        return
    if path.is_symlink():
        raise InputError(
            f"{path}: a symbolic link; not written through it (remove it first)"
        ) from None
    if path.is_dir():
        raise InputError(f"{path}: this is a folder; give a file name")
    if path.exists() and not path.is_file():
        raise InputError(f"{path}: not a regular file (a device or a pipe); give a file name")
    if path.exists() and not force:
        raise InputError(f"{path}: already exists; give another name, or --force to replace it")


def _write(path: Path | None, produce: Callable[[TextIO], int | None], *, force: bool) -> int:
    """Run ``produce`` on standard output, or on a new private file that takes the name
    ``path`` only once ``produce`` has finished (a failure leaves no file, and an old one
    untouched); return what ``produce`` returns (the count written), 0 for None."""
    from intake_bot.config import LinkRefused, open_private

    if path is None:
        try:
            count = produce(sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            _drop_stdout()
            raise InputError(f"standard output: cannot write ({exc.strerror or exc})") from None
        return count or 0
    try:  # health data: a new file readable by its owner only
        with open_private(path, replace=force) as handle:
            count = produce(handle)
    except LinkRefused:
        raise InputError(
            f"{path}: a symbolic link; not written through it (remove it first)"
        ) from None
    except FileExistsError:
        raise InputError(
            f"{path}: already exists; give another name, or --force to replace it"
        ) from None
    except IsADirectoryError:
        raise InputError(f"{path}: this is a folder; give a file name") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    return count or 0


def _drop_stdout() -> None:
    """After a failed write to standard output (a full disk, /dev/full), send what is left
    in its buffer nowhere, so that Python's exit does not fail on it a second time."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):
        pass


# -- purge, db ---------------------------------------------------------------------------


def purge(args: argparse.Namespace) -> int:
    settings = store_settings(args.config)
    days = args.older_than if args.older_than is not None else settings.retention_days
    if not 1 <= days <= MAX_DAYS:
        raise InputError(f"--older-than {days}: give a number of days from 1 to {MAX_DAYS}")
    from intake_bot.store.audit import os_user

    with open_store(args) as store:
        gone = store.purge(days, actor=os_user())
    print(f"{gone} intakes finished more than {days} days ago deleted from {store.where}")
    return exit_codes.OK


def db(args: argparse.Namespace) -> int:
    from intake_bot.store.database import head_revision, parse_url, shown

    if args.db_command == "where":
        print(shown(parse_url(database_url(args))))
        return exit_codes.OK
    from intake_bot.store.database import current_revision
    from intake_bot.store.store import Store

    with Store(database_url(args)) as store:  # opening it migrates
        revision = current_revision(store.engine)
    print(f"{store.where}: schema at revision {revision} (latest: {head_revision()})")
    return exit_codes.OK
