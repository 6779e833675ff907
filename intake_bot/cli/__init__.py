"""``intake-bot``: parse the command line and dispatch; map errors to exit codes.

The chat is the default command; the kiosk, headless ``triage``, ``check`` and
``graph`` live here, the store's commands in :mod:`intake_bot.cli.store`, headless
answers in and results out in :mod:`intake_bot.batch`. Every error a person can act
on (:class:`~intake_bot.errors.IntakeBotError`) ends in its one message on stderr and
its exit code (2 for bad input), never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from intake_bot import __version__, exit_codes
from intake_bot.cli.options import checked_triage, flow_language
from intake_bot.errors import InputError, IntakeBotError, StoreError
from intake_bot.flow.cache import load_flow
from intake_bot.flow.model import Flow

STORE_COMMANDS = ("submit", "export", "purge", "db")


#: The commands that read --flow and --lang (the chat is ``None``); any other refuses them.
_USES = {
    None: ("--flow", "--lang"),
    "triage": ("--flow", "--lang"),
    "kiosk": ("--flow", "--lang"),
    "submit": ("--flow", "--lang"),
    "export": ("--flow", "--lang"),
    "check": ("--flow",),
    "graph": ("--flow",),
    "staff": ("--flow", "--lang"),  # (the console's screenings)
}


def _flow_options(default: Any) -> argparse.ArgumentParser:
    """--flow and --lang, accepted before the command and after it.

    After the command they default to SUPPRESS, so a value given before the command
    is kept (argparse would otherwise overwrite it with the subcommand's default)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--flow",
        metavar="PATH",
        type=Path,
        default=default,
        help="a flow file (default: the bundled hair-loss flow)",
    )
    common.add_argument(
        "--lang",
        metavar="CODE",
        default=default,
        help="language of the texts, e.g. en or es (default: the flow's first)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _flow_options(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="intake-bot",
        description="A hair-loss clinic's intake chat. Screening only, never a diagnosis.",
        parents=[_flow_options(None)],
    )
    parser.add_argument("--version", action="version", version=f"intake-bot {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    triage = commands.add_parser(
        "triage",
        parents=[common],
        help="triage the answers of one path, given as JSON",
        description=(
            "Read a JSON object of answers (the questions asked on one path) and print the "
            "triage. With --batch, read JSON Lines and write one result line per input line."
        ),
    )
    triage.add_argument(
        "answers", metavar="ANSWERS.json", help="a JSON file of answers, or - for stdin"
    )
    triage.add_argument(
        "--batch", action="store_true", help="JSON Lines in, one result line per line out"
    )
    triage.add_argument("--format", choices=("json", "text"), default="json", help="output format")
    triage.add_argument(
        "--front-door",
        choices=("kiosk", "self", "staff"),
        default="self",
        help="whose next steps the result gives (default: self, at home)",
    )
    triage.add_argument(
        "--config", metavar="PATH", type=Path, help="config file ([clinic] name and phone)"
    )

    kiosk = commands.add_parser(
        "kiosk",
        parents=[common],
        help="run the chat unattended in a waiting room, patient after patient",
        description=(
            "Kiosk mode: idle sessions are wiped, quit keys do nothing, staff leave with F12 "
            "and the PIN, each finished intake gets a ticket code. Settings come from the "
            "config file and INTAKE_BOT_KIOSK_* environment variables."
        ),
    )
    kiosk.add_argument(
        "--config", metavar="PATH", type=Path, help="config file (default: the per-user one)"
    )
    kiosk.add_argument(
        "--set-pin", action="store_true", help="choose the staff PIN (stored as a salted hash)"
    )

    kiosk.add_argument(
        "--db", metavar="URL", help="database URL (default: INTAKE_BOT_DB, [store] url, or SQLite)"
    )
    parser.add_argument(
        "--save", action="store_true", help="keep your summary in the database (self-assessment)"
    )
    parser.add_argument("--db", metavar="URL", help="with --save: the database URL")
    parser.add_argument("--config", metavar="PATH", type=Path, help="config file")

    commands.add_parser("config-path", help="print where the config file is read from")

    check = commands.add_parser(
        "check", parents=[common], help="validate a flow and walk every path through it"
    )
    check.add_argument(
        "flow_file", metavar="FLOW", nargs="?", type=Path, help="default: the bundled flow"
    )
    check.add_argument(
        "--readability",
        action="store_true",
        help="also score every text (English: grade 7 at most; Spanish: Fernández-Huerta 70 "
        "at least) and fail on one over the line",
    )
    check.add_argument(
        "--trace",
        action="store_true",
        help="once the flow checks out, print every rule, contraindication, ask_if and "
        "show_if with its flow line and the tests that name it (the check's own lines go "
        "to stderr); fail on a rule or contraindication that no test names",
    )
    check.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        help="with --trace: the table as aligned text (default), JSON or Markdown",
    )

    graph = commands.add_parser(
        "graph", parents=[common], help="print the flow as a Mermaid state diagram"
    )
    graph.add_argument(
        "flow_file", metavar="FLOW", nargs="?", type=Path, help="default: the bundled flow"
    )
    from intake_bot.cli import store as store_cli

    store_cli.add_commands(commands, common)
    from intake_bot.cli import staff as staff_cli

    staff_cli.add_commands(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _refuse_unused_options(parser, args)
    try:
        if args.command == "triage":
            return _triage(args)
        if args.command == "kiosk":
            return _set_pin(args.config) if args.set_pin else _kiosk(args)
        if args.command == "config-path":
            from intake_bot.config import default_config_path

            print(default_config_path())
            return exit_codes.OK
        if args.command in STORE_COMMANDS:
            from intake_bot.cli import store as store_cli

            return store_cli.run(args)
        if args.command in ("staff", "audit"):
            from intake_bot.cli import staff as staff_cli

            return staff_cli.run(args)
        if args.command == "check":
            if args.format is not None and not args.trace:
                parser.error("--format is only used with --trace: add --trace or leave it out")
            if not args.trace:
                return _check(args.flow_file or args.flow, args.readability)
            import contextlib

            from intake_bot.authoring.trace import run_trace

            with contextlib.redirect_stdout(sys.stderr):  # standard output: the table alone
                code = _check(args.flow_file or args.flow, args.readability)
            if code != exit_codes.OK:
                return code
            return run_trace(args.flow_file or args.flow, args.format or "text")
        if args.command == "graph":
            from intake_bot.authoring.graph import mermaid

            print(mermaid(load_flow(args.flow_file or args.flow)))
            return exit_codes.OK
        return _chat(args)
    except IntakeBotError as exc:  # every error a person can act on: its message, its code
        print(exc.user_message(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return exit_codes.INTERRUPTED
    except BrokenPipeError:
        return exit_codes.OK
    except Exception as exc:  # last resort: one line, no traceback, no password
        text = _without_secrets(str(exc), args)
        print(
            f"intake-bot: internal error ({type(exc).__name__}: {text}); please report it",
            file=sys.stderr,
        )
        return exit_codes.INTERNAL_ERROR


#: ``scheme://user:password@``: the password of any URL, known or not.
_URL_PASSWORD = re.compile(r"(\b[A-Za-z][\w+.-]*://[^\s:/@]*:)[^\s@]*@")


def _without_secrets(text: str, args: argparse.Namespace) -> str:
    """``text`` with the password of every database URL this run may know (``--db``,
    INTAKE_BOT_DB, INTAKE_BOT_STORE_URL, the config's ``[store] url``) written ``***``,
    as is the password of any ``scheme://user:password@`` in it. Never raises: it runs
    after something already went wrong."""
    urls = [getattr(args, "db", None)]
    urls += [os.environ.get(name) for name in ("INTAKE_BOT_DB", "INTAKE_BOT_STORE_URL")]
    try:
        from intake_bot.config import load_settings

        urls.append(load_settings(getattr(args, "config", None)).store.url)
    except Exception:  # (no config, or the config is the trouble)
        pass
    try:
        from intake_bot.store.database import mask, url_secrets

        text = mask(text, [secret for url in urls if url for secret in url_secrets(url)])
    except Exception:  # (the database layer itself cannot load)
        pass
    return _URL_PASSWORD.sub(r"\1***@", text)


def _refuse_unused_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """An option a command would ignore is refused (exit 2), never silently dropped."""
    uses = _USES.get(args.command, ())
    if getattr(args, "set_pin", False):
        uses = ()  # --set-pin reads no flow and no language
    command = "kiosk --set-pin" if getattr(args, "set_pin", False) else args.command
    for option, value in (("--flow", args.flow), ("--lang", args.lang)):
        if value is not None and option not in uses:
            parser.error(f"{option} is not used by `{command}`: leave it out")
    if getattr(args, "flow_file", None) is not None and args.flow is not None:
        parser.error(f"give the flow once: as FLOW or as --flow, not both (`{args.command}`)")


def _chat(args: argparse.Namespace) -> int:
    flow = load_flow(args.flow)
    language = flow_language(flow, args.lang)
    from intake_bot.store.self_save import SelfSave
    from intake_bot.tui.app import IntakeApp

    if args.db is not None:  # checked now: a bad URL is exit 2, not a failed save at the end
        from intake_bot.store.database import parse_url

        parse_url(args.db, "--db")
    saver = SelfSave(url=args.db, config=args.config, save=args.save)
    clinic, every = None, args.save
    if saver.may_ask or _clinic_variables():  # settings to read: once, now
        from intake_bot.config import load_settings

        settings = load_settings(args.config)
        clinic = _clinic(settings)
        every = args.save or settings.store.save_self
    unsaid = every and not saves_every_summary(flow, wanted=every)
    every = saves_every_summary(flow, wanted=every)
    saver.save, saver.reads_save_self = every, False
    app = IntakeApp(
        flow,
        language,
        submitter=saver if saver.may_ask else None,
        saver=saver,
        clinic=clinic,
        saves_every_summary=every,
    )
    app.run()
    if unsaid:
        print(
            "intake-bot: this flow has no 'self_save' consent, so summaries were kept only "
            "when Save my summary was pressed",
            file=sys.stderr,
        )
    for kept in saver.kept:
        print(
            f"Your summary is kept as {kept.ticket} in {saver.where}; to read it again: "
            f"{saver.read_again(kept.ticket)}"
        )
    # Textual has already shown what went wrong; the exit code must say so too.
    return exit_codes.OK if not app.return_code else exit_codes.INTERNAL_ERROR


def saves_every_summary(flow: Flow, *, wanted: bool) -> bool:
    """Whether a chat at home keeps every summary at the result: only when it was asked
    for (``--save``, ``[store] save_self``) and the flow has a ``self_save`` consent that
    says so; else its home consent ("nothing is saved unless you choose") must stay true,
    and a summary is kept only on the person's press."""
    return wanted and "self_save" in flow.consent


def _clinic(settings: Any) -> Any:
    """The clinic's contact from the settings' ``[clinic]``, for the next steps."""
    from intake_bot.engine.triage import Clinic

    return Clinic(name=settings.clinic.name, phone=settings.clinic.phone)


def _clinic_variables() -> bool:
    import os

    return any(name.startswith("INTAKE_BOT_CLINIC_") for name in os.environ)


def _clinic_of(config: Path | None) -> Any:
    """The clinic's contact from ``config`` (or the per-user file) and the environment;
    None when there are no settings at all."""
    from intake_bot.config import default_config_path, load_settings

    if config is None and not _clinic_variables() and not default_config_path().exists():
        return None
    return _clinic(load_settings(config))


def _kiosk(args: argparse.Namespace) -> int:
    """The kiosk: SIGINT ignored from the first line, SIGTERM and SIGHUP end it cleanly
    (screen cleared, terminal restored, logged, exit code 128 + the signal), it runs
    only on a terminal, and it starts afresh after an error."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # (Ctrl+C, kill -INT: the kiosk goes on)
    from intake_bot.tui.kiosk import StopSignals

    stop = StopSignals()
    stop.install()
    problem = _terminal_problem()
    if problem is not None:
        raise InputError(problem)
    import time

    from intake_bot.config import check_private, default_config_path, load_settings

    all_settings = load_settings(args.config)
    settings = all_settings.kiosk
    if settings.pin_hash is None:
        raise InputError("kiosk mode needs a staff PIN first: run `intake-bot kiosk --set-pin`")
    check_private(args.config or default_config_path())
    flow = load_flow(args.flow or settings.flow)
    language = flow_language(flow, args.lang or settings.language)
    from intake_bot.cli.store import database_url
    from intake_bot.kiosk import RESTART
    from intake_bot.store.database import password_warning
    from intake_bot.tui.app import IntakeApp
    from intake_bot.tui.kiosk import KioskMode

    url = database_url(args, all_settings.store)  # checked now: a bad URL is exit 2
    if args.db is not None and (warning := password_warning(args.db)):
        print(warning, file=sys.stderr)  # once: others see --db in `ps` while the kiosk runs
        from intake_bot.kiosk.log import log

        log.warning("%s", warning.removeprefix("intake-bot: "))  # (the screen hides stderr)
    submitter = _kiosk_store(url, all_settings.store)
    # one for the whole run: tickets stay unique across restarts
    mode = KioskMode(settings, submitter=submitter, stop=stop)
    restarts: list[float] = []
    while stop.received is None:
        app = IntakeApp(flow, language, kiosk=mode)
        stop.app = app
        app.run()
        stop.app = None
        if stop.received is not None:
            break
        if app.staff_exit:
            return exit_codes.OK
        if app.return_code != RESTART:
            return exit_codes.INTERNAL_ERROR if app.return_code else exit_codes.OK
        now = time.monotonic()
        restarts = [t for t in restarts if now - t < 60] + [now]
        if len(restarts) > 5:  # failing over and over: slow down rather than spin
            for _ in range(50):
                if stop.received is not None:
                    break
                time.sleep(0.1)
    return _stopped(stop.received, stop.name)


#: Erase the screen and the scrollback, cursor home: nothing left for the next person.
CLEAR_TERMINAL = "\x1b[2J\x1b[3J\x1b[H"


def _stopped(number: int | None, name: str) -> int:
    """The kiosk was asked to stop by a signal: the app has left the alternate screen
    and restored the terminal; the screen is cleared and the stop logged."""
    from intake_bot.kiosk.log import log, open_log

    stream = sys.__stderr__
    try:
        if stream is not None:
            stream.write(CLEAR_TERMINAL)
            stream.flush()
    except (OSError, ValueError):  # the terminal is gone (SIGHUP)
        pass
    open_log()
    log.warning("kiosk stopped by %s", name)
    assert number is not None
    return exit_codes.by_signal(number)


def _terminal_problem() -> str | None:
    """Why the kiosk cannot run here (it draws on a terminal, through standard error,
    and reads keys from standard input), or None."""
    for name, stream in (
        ("standard input", sys.stdin),
        ("standard output", sys.stdout),
        ("standard error", sys.stderr),
    ):
        try:
            ok = stream is not None and stream.isatty()
        except (OSError, ValueError):
            ok = False
        if not ok:
            return (
                f"kiosk mode runs only on a terminal, and its {name} is not one "
                "(redirected to a file or a pipe?): start it in a terminal with nothing "
                "redirected, so that no screen is written anywhere else"
            )
    return None


def _kiosk_store(url: str | None, store: Any) -> Any:
    """The kiosk's StoreSubmitter, opened now (migrations) with its background replay and
    daily purge started. A database fault is said once; the kiosk goes on via the outbox."""
    from intake_bot.store.submitter import StoreSubmitter

    submitter = StoreSubmitter(url, retention_days=store.retention_days)
    try:  # (the file's check runs in the background thread, not before the first screen)
        submitter.connect(check=False)
    except StoreError as exc:
        submitter.problem = str(exc)
        print(
            f"intake-bot: database: {exc}\n  the kiosk goes on: intakes wait in the outbox "
            f"{submitter.outbox.folder} and move to the database once it can be reached",
            file=sys.stderr,
        )
    submitter.start()
    return submitter


def _set_pin(config: Path | None) -> int:
    import getpass

    from intake_bot.config import default_config_path, load_settings, write_pin_hash
    from intake_bot.pin import MAX_LENGTH, MIN_LENGTH, PIN_RULE, hash_pin, valid_pin

    path = config or default_config_path()
    if path.exists():
        load_settings(path)  # refuse to edit a file that is already broken
    try:
        pin = getpass.getpass(f"New staff PIN ({MIN_LENGTH} to {MAX_LENGTH} digits 0-9): ")
        if not valid_pin(pin):
            raise InputError(f"{PIN_RULE}, as the kiosk's PIN box takes them; nothing changed")
        again = getpass.getpass("The same PIN again: ")
    except (EOFError, KeyboardInterrupt):
        raise InputError("no PIN given; nothing changed") from None
    if pin != again:
        raise InputError("the two PINs differ; nothing changed")
    pin_hash = hash_pin(pin)
    try:
        write_pin_hash(path, pin_hash)
    except OSError as exc:
        raise InputError(f"{path}: cannot write the config file ({exc.strerror or exc})") from None
    print(f"staff PIN saved (as a salted hash, file mode 0600) in {path}")
    return exit_codes.OK


def _triage(args: argparse.Namespace) -> int:
    from intake_bot.batch import read_answers, source_name

    flow = load_flow(args.flow)
    language = flow_language(flow, args.lang)
    if args.batch:
        clinic = _clinic_of(args.config) if args.front_door == "self" else None
        return _triage_batch(flow, language, args.answers, args.format, args.front_door, clinic)
    answers = read_answers(args.answers)
    clinic = _clinic_of(args.config) if args.front_door == "self" else None
    result = checked_triage(
        flow, answers, language, source_name(args.answers), args.front_door, clinic
    )
    print(
        json.dumps(result.to_json(), ensure_ascii=False, indent=2)
        if args.format == "json"
        else result.to_text()
    )
    return exit_codes.OK


def _triage_batch(
    flow: Flow, language: str, name: str, fmt: str, front_door: str, clinic: Any
) -> int:
    from intake_bot.batch import batch_command
    from intake_bot.engine.path import check_answers
    from intake_bot.engine.triage import triage

    def handle(answers: dict[str, Any], _line: int) -> dict[str, Any]:
        checked = check_answers(flow, answers, language)
        return triage(flow, checked, language, front_door=front_door, clinic=clinic).to_json()

    def as_text(number: int, record: dict[str, Any]) -> str:
        if "error" in record:
            return f"line {number}: error: {record['error']}"
        return f"line {number}: {record['outcome']} ({', '.join(record['rules']) or 'no rule'})"

    return batch_command(name, handle, "triaged", as_text if fmt == "text" else None)


def _check(path: Path | None, readability: bool) -> int:
    from intake_bot.authoring.verify import verify_flow

    flow = load_flow(path)
    report = verify_flow(flow)
    if not report.ok:
        print(f"{path or 'default flow'}: {report.summary()}", file=sys.stderr)
        for problem in report.problems:
            print(f"  - {problem}", file=sys.stderr)
        return exit_codes.BAD_INPUT
    print(f"ok: {report.summary()}; every path ends, every question and rule is reached")
    if readability:
        return _readability(flow, path)
    return exit_codes.OK


def _readability(flow: Flow, path: Path | None) -> int:
    from intake_bot.authoring.readability import catalog_readings, readings, summary

    scored = readings(flow) + catalog_readings()  # the flow's words and the program's own
    hard = [reading for reading in scored if not reading.ok]
    for line in summary(scored):
        print(line)
    if hard:
        print(
            f"{path or 'default flow'}: {len(hard)} texts are harder to read than the line:",
            file=sys.stderr,
        )
        for reading in hard:
            print(f"  - {reading.line()}", file=sys.stderr)
        return exit_codes.BAD_INPUT
    return exit_codes.OK
