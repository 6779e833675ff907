"""The command line's staff commands: ``staff`` (the console, and its accounts) and
``audit``. Kept apart from :mod:`intake_bot.cli`, which only adds their parsers and
dispatches here; errors are :class:`~intake_bot.errors.InputError` or
:class:`~intake_bot.errors.StoreError` (one message, exit 2).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from intake_bot import exit_codes
from intake_bot.cli.options import flow_language
from intake_bot.errors import InputError
from intake_bot.flow.cache import load_flow

COMMANDS = ("staff", "audit")


def _store_options(default: Any) -> argparse.ArgumentParser:
    """``--db`` and ``--config``; after ``staff ACTION`` they default to SUPPRESS so a
    value given before the action is kept."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help="database URL (default: INTAKE_BOT_DB, [store] url, else the per-user SQLite file)",
    )
    options.add_argument(
        "--config",
        metavar="PATH",
        type=Path,
        default=default,
        help="config file (default: the per-user one)",
    )
    return options


def add_commands(commands: Any, flow_options: argparse.ArgumentParser) -> None:
    """``staff`` and ``audit``, added to the main parser's ``commands``."""
    staff = commands.add_parser(
        "staff",
        parents=[flow_options, _store_options(None)],
        help="the staff console: the queue of intakes, one intake, screen a patient",
        description=(
            "Without an ACTION: the staff console (sign in with a staff account). "
            "add/list/remove: the staff accounts."
        ),
    )
    actions = staff.add_subparsers(dest="staff_command", metavar="ACTION")
    inner = _store_options(argparse.SUPPRESS)
    add = actions.add_parser(
        "add",
        parents=[inner],
        help="add a staff account (asks its passphrase twice, 10 characters or more)",
    )
    add.add_argument("name", metavar="NAME", help='the name to sign in with ("Ana Ruiz")')
    actions.add_parser("list", parents=[inner], help="list the staff accounts")
    remove = actions.add_parser("remove", parents=[inner], help="remove a staff account")
    remove.add_argument("name", metavar="NAME")

    audit = commands.add_parser(
        "audit",
        parents=[_store_options(None)],
        help="print the audit trail: sign-ins, views, changes, notes, exports",
    )
    audit.add_argument(
        "--since",
        metavar="DATE",
        help="only rows on or after DATE (2026-12-01 or 2026-12-01T08:30)",
    )


def run(args: argparse.Namespace) -> int:
    if args.command == "audit":
        return audit(args)
    action = getattr(args, "staff_command", None)
    if action == "add":
        return add(args)
    if action == "list":
        return list_accounts(args)
    if action == "remove":
        return remove(args)
    return console(args)


def _open(args: argparse.Namespace) -> Any:
    from intake_bot.cli.store import open_store

    return open_store(args)


def _cli_actor() -> str:
    import getpass

    try:
        return f"{getpass.getuser()} (command line)"
    except Exception:  # no user name in this environment
        return "(command line)"


def add(args: argparse.Namespace) -> int:
    """Names: NFKC and casefold make one name of "Ana Ruiz" and "ＡＮＡ  ruiz"; a name
    mixing scripts or looking like an existing one is refused. Passphrases: see
    :func:`intake_bot.store.accounts.check_passphrase`. Every refusal: exit 2, one line."""
    import getpass

    from intake_bot.store.accounts import AccountError, Accounts, check_passphrase, clean_name

    try:
        name = clean_name(args.name)
    except AccountError as exc:
        raise InputError(f"staff add: {exc}") from None
    with _open(args) as store:
        accounts = Accounts(store)
        problem = accounts.name_problem(name)
        if problem is not None:
            raise InputError(f"staff add: {problem}; nothing changed")
        try:
            passphrase = getpass.getpass(f"Passphrase for {name} (10 characters or more): ")
            try:
                check_passphrase(passphrase, name)
            except AccountError as exc:
                raise InputError(f"staff add: {exc}; nothing changed") from None
            again = getpass.getpass("The same passphrase again: ")
        except (EOFError, KeyboardInterrupt):
            raise InputError("staff add: no passphrase given; nothing changed") from None
        if passphrase != again:
            raise InputError("staff add: the two passphrases differ; nothing changed")
        try:
            kept = accounts.add(name, passphrase, actor=_cli_actor())
        except AccountError as exc:
            raise InputError(f"staff add: {exc}; nothing changed") from None
        print(f"staff account {kept!r} added in {store.where}")
    return exit_codes.OK


def list_accounts(args: argparse.Namespace) -> int:
    from intake_bot.store.accounts import Accounts
    from intake_bot.terminal import visible

    with _open(args) as store:
        accounts = Accounts(store).list()
    if not accounts:
        print(f"no staff accounts in {store.where} (add one: intake-bot staff add NAME)")
    for account in accounts:
        when = account.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"{visible(account.name)}\t(added {when})")
    return exit_codes.OK


def remove(args: argparse.Namespace) -> int:
    from intake_bot.store.accounts import AccountError, Accounts

    with _open(args) as store:
        try:
            name = Accounts(store).remove(args.name, actor=_cli_actor())
        except AccountError as exc:
            raise InputError(f"staff remove: {exc}") from None
    print(f"staff account {name!r} removed (its audit rows stay)")
    return exit_codes.OK


def audit(args: argparse.Namespace) -> int:
    from intake_bot.cli.store import _since
    from intake_bot.store import audit as trail
    from intake_bot.terminal import visible

    since = _since(args.since)
    with _open(args) as store:

        def work() -> list[trail.AuditRow]:
            with store.reader.connect() as connection:
                return list(trail.rows(connection, since=since))

        found = store.run(work)
    out = sys.stdout
    for row in found:
        when = row.at.astimezone().isoformat(timespec="seconds")
        fields = (when, row.actor, row.action, row.ticket or "-", row.detail)
        out.write("\t".join(visible(value) for value in fields) + "\n")
    return exit_codes.OK


def console(args: argparse.Namespace) -> int:
    """The staff console, on this terminal, until staff quit (Ctrl+Q). A password in
    ``--db`` is warned of first, on standard error (it shows in ``ps`` while this runs)."""
    from intake_bot.cli.store import database_url
    from intake_bot.config import load_settings
    from intake_bot.store.accounts import Accounts
    from intake_bot.store.database import password_warning

    settings = load_settings(args.config)
    flow = load_flow(args.flow)
    language = flow_language(flow, args.lang)
    from intake_bot.store.store import Store

    url = database_url(args, settings.store)  # checked now: a bad URL is exit 2
    if args.db is not None and (warning := password_warning(args.db)):
        print(warning, file=sys.stderr)  # once: others see --db in `ps` while the console runs
    store = Store(url)  # (migrates; a fault: exit 2)
    try:
        if not Accounts(store).list():
            raise InputError(
                f"no staff accounts in {store.where} yet: add one with `intake-bot staff add NAME`"
            )
        from intake_bot.staff import Desk
        from intake_bot.tui.staff.app import StaffApp

        app = StaffApp(Desk(store, flow), language, idle_lock=settings.staff.idle_lock * 60)
        app.run()
    finally:
        store.close()
    return exit_codes.OK if not app.return_code else exit_codes.INTERNAL_ERROR
