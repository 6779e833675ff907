"""The staff console's work, without a screen: sign-in, the queue, one intake, notes,
exports, a staff screening's record. Every method of :class:`Desk` is blocking (the
console calls them from worker threads, never on its event loop); a database fault
comes out as :class:`~intake_bot.errors.StoreError` with a message a person can act on.

A screening finished while the database is down is kept in the staff outbox (a folder
of its own beside the kiosk's, :func:`staff_outbox_dir`) and moved into the database by
the console's poll once it answers again (:meth:`Desk.replay_outbox`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from intake_bot.errors import StoreError
from intake_bot.flow.model import Flow
from intake_bot.locations import outbox_dir
from intake_bot.pin import backoff
from intake_bot.records.intake import Intake
from intake_bot.store import queue
from intake_bot.store.accounts import Accounts, Stamp, as_utc
from intake_bot.store.outbox import Outbox
from intake_bot.store.queue import Filters, QueuePage
from intake_bot.store.store import Store
from intake_bot.terminal import visible

EXPORT_FORMATS = {"text": ".txt", "fhir": ".fhir.json"}
NOTE_MAX = 2000
#: The audit detail of a screening that waited in the staff outbox.
KEPT_HERE = "kept on this computer while the database was down"

log = logging.getLogger("intake_bot.staff")


def staff_outbox_dir() -> Path:
    """The staff console's outbox: screenings kept while the database was down (a folder
    of its own inside the kiosk's, which never reads it; private, 0700, files 0600)."""
    return outbox_dir() / "staff"


def staff_outbox() -> Outbox:
    return Outbox(staff_outbox_dir())


#: Bidirectional controls: they reorder what is shown ("Trojan Source"), so they show.
@dataclass
class SignInGuard:
    """Slows wrong sign-ins as the kiosk's PIN box does (:class:`intake_bot.pin.PinGuard`):
    after ``free_tries`` wrong ones for a name, each try waits longer (2, 4, 8... s, at
    most ``max_wait``). The tries are counted in the database, per name typed (known or
    not), so every console shares them and a restart does not forget them; ``clock`` is
    therefore the wall clock (seconds since 1970), the same on every console."""

    free_tries: int = 3
    max_wait: float = 60.0
    clock: Callable[[], float] = time.time

    def wait_after(self, failures: int) -> float:
        """The wait that follows ``failures`` wrong tries in a row (0: none)."""
        return backoff(failures, self.free_tries, self.max_wait)

    def wait_left(self, until: datetime | None) -> float:
        """Seconds left before ``until`` (never more than ``max_wait``: a clock set back
        does not lengthen the wait)."""
        if until is None:
            return 0.0
        return min(self.max_wait, max(0.0, until.timestamp() - self.clock()))


@dataclass(frozen=True)
class SignInResult:
    """``who`` signed in (None: not); ``wait``: seconds before this name may try again;
    ``checked``: False when the try came during the wait and was refused unchecked."""

    who: str | None
    wait: float = 0.0
    checked: bool = True


class AccessRefused(StoreError):
    """The signed-in account was removed or its passphrase changed since sign-in (or
    nobody is signed in): the action is refused and the console locks."""

    topic = ""


@dataclass
class Desk:
    """The console's access to one database, for whoever is signed in."""

    store: Store
    flow: Flow
    guard: SignInGuard = field(default_factory=SignInGuard)
    #: The account signed in, as it was then; every action checks it is still so.
    signed: Stamp | None = field(default=None, init=False)
    #: Called (from the worker thread) when an action is refused that way: the console
    #: locks. Then :class:`AccessRefused` is raised.
    on_refused: Callable[[str], None] | None = field(default=None, repr=False)
    #: Screenings kept while the database was down (:meth:`replay_outbox` moves them).
    outbox: Outbox = field(default_factory=staff_outbox)
    #: Called (from the worker thread) with each screening :meth:`replay_outbox` moved
    #: into the database: ``(the ticket shown when it was kept, the intake as stored)``.
    on_replayed: Callable[[str, Intake], None] | None = field(default=None, repr=False)
    #: The sign-in refused last ``(name, why)``, until someone signs in again.
    _revoked: tuple[str, str] | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _replaying: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def urgent_severity(self) -> int:
        """The flow's most severe outcome is the urgent one (hair loss: specialist_urgent)."""
        return max(outcome.severity for outcome in self.flow.outcomes)

    @property
    def outcomes(self) -> list[str]:
        return [outcome.id for outcome in self.flow.outcomes]

    # -- sign-in ------------------------------------------------------------------------
    def sign_in(self, name: str, passphrase: str) -> str | None:
        """The account's name when right (audited either way), None when wrong or during
        the wait after wrong tries (see :class:`SignInGuard`)."""
        return self.attempt(name, passphrase).who

    def attempt(self, name: str, passphrase: str) -> SignInResult:
        """Sign in (see :meth:`sign_in`), saying how long the name now waits."""
        accounts = Accounts(self.store)
        _, until = accounts.failures(name)
        wait = self.guard.wait_left(until)
        if wait > 0:
            return SignInResult(None, wait, checked=False)
        stamp = accounts.verify(name, passphrase)
        if stamp is None:
            _, until = accounts.count_failure(
                name, now=as_utc(self.guard.clock()), wait_for=self.guard.wait_after
            )
            known = accounts.exists(name) if name.strip() else None
            # (a name not known is not written: it may be a passphrase typed in the wrong box)
            queue.record_action(
                self.store, actor=known or "(unknown name)", action="sign-in-failed"
            )
            return SignInResult(None, self.guard.wait_left(until))
        accounts.clear_failures(name)
        with self._lock:
            self.signed = stamp
            self._revoked = None
        queue.record_action(self.store, actor=stamp.name, action="sign-in")
        return SignInResult(stamp.name)

    def wait_left(self, name: str) -> float:
        """Seconds before ``name`` may try again (blocking: a database read)."""
        return self.guard.wait_left(Accounts(self.store).failures(name)[1])

    def allowed(self, actor: str | None, *, doing: str, ticket: str | None = None) -> None:
        """Raise :class:`AccessRefused` unless ``actor`` is who signed in and their account
        is still as it was then (not removed, passphrase not changed). The first refusal
        is audited (``refused``, as that person) and :attr:`on_refused` is called; the
        sign-in is then forgotten, so nothing more is done until someone signs in."""
        stamp = self.signed
        if stamp is None:
            raise AccessRefused("nobody is signed in: sign in first")
        if actor is not None and actor != stamp.name:
            raise AccessRefused(f"{actor!r} is not who is signed in")
        why = Accounts(self.store).still(stamp)
        if why is None:
            return
        with self._lock:
            first = self.signed is stamp
            if first:
                self.signed = None
                self._revoked = (stamp.name, why)
        message = locked_message(why)
        if first:
            queue.record_action(
                self.store,
                actor=stamp.name,
                action="refused",
                ticket=ticket,
                detail=f"{doing}: account {why} since sign-in",
            )
            if self.on_refused is not None:
                self.on_refused(message)
        raise AccessRefused(message)

    def revoked(self, actor: str) -> str | None:
        """Why ``actor``'s sign-in was refused (``removed``, ``passphrase changed``) when it
        was the last one refused and nobody has signed in since; else None."""
        with self._lock:
            revoked = self._revoked
        return revoked[1] if revoked is not None and revoked[0] == actor else None

    # -- the queue, one intake ----------------------------------------------------------
    def page(
        self,
        filters: Filters,
        *,
        after: queue.Cursor | None = None,
        offset: int = 0,
        limit: int = 100,
    ) -> QueuePage:
        """``limit`` rows from ``after`` (see :func:`queue.page`); ``offset`` is how many
        rows the console has paged past, carried for its "101-200 of N"."""
        self.allowed(None, doing="queue")
        return queue.page(
            self.store,
            filters,
            after=after,
            offset=offset,
            limit=limit,
            urgent_severity=self.urgent_severity,
        )

    def fingerprint(self) -> tuple[object, ...]:
        """What the queue looks like now (the console's poll, every few seconds). The
        database answered the account check: what waits in the staff outbox moves into
        it first (:meth:`replay_outbox`), so it is in the queue this poll shows."""
        self.allowed(None, doing="poll")
        self.replay_outbox()
        return queue.fingerprint(self.store)

    def replay_outbox(self) -> list[Intake]:
        """Move the screenings kept in :attr:`outbox` while the database was down into
        the database; the ones moved, as stored. Each is stored once, by its id (one
        stored already, after a fault between storing and removing its file, is only
        audited and removed). A ticket another intake took meanwhile gets a new code and
        a staff note saying which code was shown. Audited ``screen``, as the staff
        member who screened, saying it was kept on this computer. Stops at the first
        database fault (the files stay, for the next poll); never raises for one (the
        poll says the database's problem itself); an unreadable file is left in place.
        One replay at a time (another one running: returns at once)."""
        if not len(self.outbox) or not self._replaying.acquire(blocking=False):
            return []
        moved: list[Intake] = []
        try:
            for path, intake in self.outbox.pending():
                if intake is None:
                    log.error("staff outbox file %s is unreadable; left in place", path.name)
                    continue
                try:
                    stored = self._store_kept(intake)
                except StoreError as error:
                    log.warning("staff outbox: the database is still not taking it: %s", error)
                    break
                self.outbox.remove(path)
                moved.append(stored)
                if self.on_replayed is not None:
                    self.on_replayed(intake.ticket, stored)
        finally:
            self._replaying.release()
        return moved

    def _store_kept(self, intake: Intake) -> Intake:
        """Store one screening from the outbox (see :meth:`replay_outbox`) and audit it."""
        from intake_bot.store.store import TicketTaken

        shown = intake.ticket
        try:
            stored = self.store.add(intake)
        except TicketTaken:
            note = (
                f"The patient was shown ticket {shown}; another intake took that code "
                "while this screening was kept on the staff computer."
            )
            update = {"staff_notes": f"{intake.staff_notes} {note}".strip()}
            stored = self.store.add_with_free_ticket(intake.model_copy(update=update))
        detail = f"{stored.language}; {KEPT_HERE}"
        if stored.ticket != shown:
            detail += f"; shown as ticket {shown}"
        queue.record_action(
            self.store,
            actor=stored.screened_by or "staff",
            action="screen",
            ticket=stored.ticket,
            detail=detail,
        )
        return stored

    def open(self, ticket: str, *, actor: str) -> Intake:
        self.allowed(actor, doing="view", ticket=ticket)
        return queue.open_intake(self.store, ticket, actor=actor)

    def set_status(self, ticket: str, status: str, *, actor: str) -> None:
        self.allowed(actor, doing="status", ticket=ticket)
        self.store.set_status(ticket, status, actor=actor)

    def add_note(self, ticket: str, text: str, *, actor: str) -> str:
        text = " ".join(visible(text).split())
        if not text:
            raise ValueError("an empty note is not kept")
        self.allowed(actor, doing="note", ticket=ticket)
        return queue.add_note(self.store, ticket, text[:NOTE_MAX], actor=actor)

    def export(self, intake: Intake, fmt: str, path: Path, *, actor: str) -> Path:
        """Write ``intake`` as ``fmt`` (text, fhir) to ``path``: a new file, mode 0600
        (:func:`intake_bot.config.write_private`); anything already there, a file or a
        link, is never written into (:class:`FileExistsError` saying so). Audited once
        written; :class:`AccessRefused` as every action; :class:`OSError` when it cannot
        be written (nothing is audited then)."""
        from intake_bot.config import write_private
        from intake_bot.records.exports import export

        self.allowed(actor, doing="export", ticket=intake.ticket)
        text = export([intake], fmt, self.flow, single=True)
        path = path.expanduser()
        try:
            write_private(path, text)
        except FileExistsError as error:
            raise FileExistsError(
                error.errno, f"{path} already exists (or is a link); give another name"
            ) from None
        queue.record_action(
            self.store, actor=actor, action="export", ticket=intake.ticket, detail=f"{fmt} {path}"
        )
        return path


def locked_message(why: str) -> str:
    """What the console says when it locks because the account is ``why``."""
    if why == "removed":
        return "This staff account has been removed: the console is locked."
    return "This account's passphrase was changed: the console is locked."


def kept_here_message(ticket: str) -> str:
    """What the console says of a screening kept in the staff outbox."""
    return (
        f"The database is not answering: screening kept on this computer as ticket {ticket}. "
        "It will reach the queue when the database is back."
    )


def replayed_message(shown: str, stored: Intake) -> str:
    """What the console says once a screening kept on this computer reached the queue."""
    if stored.ticket == shown:
        return f"Screening kept on this computer reached the queue as ticket {stored.ticket}."
    return (
        f"Screening kept on this computer as ticket {shown} reached the queue as ticket "
        f"{stored.ticket} (the code was taken meanwhile; see its staff note)."
    )


class StaffSubmitter:
    """Keeps a staff screening: front door ``staff``, the staff member's name, the
    optional patient reference; a fresh code when the one drawn is taken; audited. The
    database down: kept in the desk's outbox until it answers again."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.actor = ""
        self.patient_ref: str | None = None
        self.kept: list[Intake] = []
        #: Why the last screening was kept although its account was refused (else None).
        self.kept_refused: str | None = None
        #: The last screening was kept in the desk's outbox: the database was down.
        self.kept_here = False

    def submit(self, intake: Intake) -> Intake:
        """Store the screening (committed when this returns) and return it as kept.

        A patient's answers are never lost to a refused account: when :attr:`actor`'s
        account was removed or its passphrase changed since sign-in (the console is
        locked, :meth:`Desk.allowed`), the screening is stored all the same, as screened
        by that account, with a staff note asking for a check; audited ``screen`` with
        the reason; :attr:`kept_refused` says why and :attr:`Desk.on_refused` is called
        again with its ticket. Any other refusal raises :class:`AccessRefused`.

        Nor to a database that is down: when it cannot be reached or written (checking
        the account or storing), the screening is kept in the desk's outbox (durably,
        0600) as it would have been stored, :attr:`kept_here` says so, and it is
        returned; the console's poll moves it into the database once it answers
        (:meth:`Desk.replay_outbox`, audited then). Raises
        :class:`~intake_bot.store.outbox.OutboxError` when the outbox cannot keep it
        either."""
        store = self.desk.store
        self.kept_refused = None
        self.kept_here = False
        update: dict[str, object] = {
            "front_door": "staff",
            "screened_by": self.actor,
            "patient_ref": self.patient_ref or None,
        }
        try:
            self.desk.allowed(self.actor, doing="screen")
            why = None
        except AccessRefused:
            why = self.desk.revoked(self.actor)
            if why is None:
                raise
        except StoreError as error:  # the account cannot be checked: the database is down
            return self._keep_here(intake.model_copy(update=update), error)
        if why is not None:
            change = (
                "the account had been removed"
                if why == "removed"
                else "the account's passphrase had been changed"
            )
            update["staff_notes"] = (
                f"Screened by {self.actor}, but saved after {change} (since sign-in): "
                "check this screening with the patient."
            )
        screening = intake.model_copy(update=update)
        try:
            kept = store.add_with_free_ticket(screening)
            detail = kept.language
            if why is not None:
                detail += f"; account {why} since sign-in: kept so the answers are not lost"
            # (stored but not audited: kept all the same; the replay finds it stored, audits it)
            screening = kept
            queue.record_action(
                store, actor=self.actor, action="screen", ticket=kept.ticket, detail=detail
            )
        except StoreError as error:
            kept = self._keep_here(screening, error)
        else:
            self.kept.append(kept)
        if why is not None:
            self.kept_refused = why
            if self.desk.on_refused is not None:
                where = kept_here_message(kept.ticket) if self.kept_here else ""
                self.desk.on_refused(
                    f"{locked_message(why)} The screening was kept as ticket {kept.ticket}, "
                    f"with a note asking for a check. {where}".strip()
                )
        return kept

    def _keep_here(self, screening: Intake, error: StoreError) -> Intake:
        """The database failed: keep ``screening`` in the desk's outbox (see :meth:`submit`)."""
        log.warning("database unavailable, screening kept in the staff outbox: %s", error)
        self.desk.outbox.put(screening)
        self.kept_here = True
        self.kept.append(screening)
        return screening

    def ticket_taken(self, code: str) -> bool:
        return self.desk.store.ticket_taken(code)
