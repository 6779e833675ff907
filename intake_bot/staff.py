"""The staff console's work, without a screen: sign-in, the queue, one intake, notes,
exports, a staff screening's record. Every method of :class:`Desk` is blocking (the
console calls them from worker threads, never on its event loop); a database fault
comes out as :class:`~intake_bot.errors.StoreError` with a message a person can act on.
"""

from __future__ import annotations

import os
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from intake_bot.flow.model import Flow
from intake_bot.records import Intake
from intake_bot.store import queue
from intake_bot.store.accounts import Accounts
from intake_bot.store.queue import Filters, QueuePage
from intake_bot.store.store import Store

EXPORT_FORMATS = {"text": ".txt", "fhir": ".fhir.json"}
NOTE_MAX = 2000
#: Bidirectional controls: they reorder what is shown ("Trojan Source"), so they show.
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def visible(text: object, *, newlines: bool = False) -> str:
    """``text`` as it may be shown on a terminal: control characters (escape sequences,
    carriage returns, bells, bidirectional overrides...) written out as ``\\x1b``,
    ``\\u202e``; newlines kept only when ``newlines``. Never markup: the caller shows
    the result as plain text."""
    out = []
    for char in str(text):
        if char == "\n" and newlines:
            out.append(char)
        elif char in _BIDI or unicodedata.category(char) == "Cc":
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


@dataclass
class SignInGuard:
    """Slows wrong sign-ins as the kiosk's PIN box does (:class:`intake_bot.pin.PinGuard`):
    after ``free_tries`` wrong ones, each try waits longer (2, 4, 8... s, at most
    ``max_wait``). Counted per console, whatever name was typed."""

    free_tries: int = 3
    max_wait: float = 60.0
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    locked_until: float = 0.0

    def wait_left(self) -> float:
        return max(0.0, self.locked_until - self.clock())

    def failed(self) -> None:
        self.failures += 1
        if self.failures >= self.free_tries:
            wait = min(self.max_wait, 2.0 ** (self.failures - self.free_tries + 1))
            self.locked_until = self.clock() + wait

    def succeeded(self) -> None:
        self.failures = 0
        self.locked_until = 0.0


@dataclass
class Desk:
    """The console's access to one database, for whoever is signed in."""

    store: Store
    flow: Flow
    guard: SignInGuard = field(default_factory=SignInGuard)

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
        if self.guard.wait_left() > 0:
            return None
        accounts = Accounts(self.store)
        who = accounts.check(name, passphrase)
        if who is None:
            self.guard.failed()
            known = accounts.exists(name) if name.strip() else None
            # (a name not known is not written: it may be a passphrase typed in the wrong box)
            queue.record_action(
                self.store, actor=known or "(unknown name)", action="sign-in-failed"
            )
            return None
        self.guard.succeeded()
        queue.record_action(self.store, actor=who, action="sign-in")
        return who

    # -- the queue, one intake ----------------------------------------------------------
    def page(self, filters: Filters, *, offset: int = 0, limit: int = 100) -> QueuePage:
        return queue.page(
            self.store, filters, offset=offset, limit=limit, urgent_severity=self.urgent_severity
        )

    def fingerprint(self) -> tuple[object, ...]:
        return queue.fingerprint(self.store)

    def open(self, ticket: str, *, actor: str) -> Intake:
        return queue.open_intake(self.store, ticket, actor=actor)

    def set_status(self, ticket: str, status: str, *, actor: str) -> None:
        self.store.set_status(ticket, status, actor=actor)

    def add_note(self, ticket: str, text: str, *, actor: str) -> str:
        text = " ".join(visible(text).split())
        if not text:
            raise ValueError("an empty note is not kept")
        return queue.add_note(self.store, ticket, text[:NOTE_MAX], actor=actor)

    def export(self, intake: Intake, fmt: str, path: Path, *, actor: str) -> Path:
        """Write ``intake`` as ``fmt`` (text, fhir) to ``path`` (mode 0600), audited.
        :class:`OSError` when the file cannot be written (nothing is audited then)."""
        from intake_bot.exports import export

        text = export([intake], fmt, self.flow, single=True)
        path = path.expanduser()
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        queue.record_action(
            self.store, actor=actor, action="export", ticket=intake.ticket, detail=f"{fmt} {path}"
        )
        return path


class StaffSubmitter:
    """Keeps a staff screening: front door ``staff``, the staff member's name, the
    optional patient reference; a fresh code when the one drawn is taken; audited."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.actor = ""
        self.patient_ref: str | None = None
        self.kept: list[Intake] = []

    def submit(self, intake: Intake) -> Intake:
        store = self.desk.store
        intake = intake.model_copy(
            update={
                "front_door": "staff",
                "screened_by": self.actor,
                "patient_ref": self.patient_ref or None,
            }
        )
        kept = store.add_with_free_ticket(intake)
        queue.record_action(
            store, actor=self.actor, action="screen", ticket=kept.ticket, detail=kept.language
        )
        self.kept.append(kept)
        return kept

    def ticket_taken(self, code: str) -> bool:
        return self.desk.store.ticket_taken(code)
