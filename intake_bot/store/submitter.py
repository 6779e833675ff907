"""The kiosk's Submitter: the database, else the outbox; never lost, never twice.

``submit`` returns only once the intake is committed to the database or, when the
database cannot be reached or written, written durably to the outbox; otherwise it
raises (the kiosk then tells the person plainly). A background thread
(:meth:`StoreSubmitter.start`) replays the outbox at start and every ``retry_every``
seconds, and purges intakes older than the retention period once a day.

After a database fault, submits go straight to the outbox (one fsync each, never a
connect timeout) while the background thread probes (:meth:`~StoreSubmitter.probe`) the
database every ``probe_every`` seconds; the first probe that succeeds marks the
database up and replays the outbox, so the next submit goes to the database again.
Without the thread, a submit tries the database again ``retry_every`` seconds after
the last fault. SQLAlchemy is imported only when the database is first used.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from intake_bot.errors import StoreError
from intake_bot.locations import outbox_dir
from intake_bot.records.intake import Intake
from intake_bot.records.tickets import TicketIssuer
from intake_bot.store.outbox import Outbox

if TYPE_CHECKING:
    from intake_bot.store.store import Store

log = logging.getLogger("intake_bot.store")
DAY = 24 * 60 * 60.0
TICKET_TRIES = 20


class StoreSubmitter:
    """The kiosk's :class:`~intake_bot.records.intake.Submitter` (see the module's docstring).
    Thread-safe: ``submit`` on the UI's worker, replay and probes on its own thread."""

    def __init__(
        self,
        url: str | None = None,
        *,
        outbox: Path | None = None,
        retention_days: int = 90,
        retry_every: float = 30.0,
        probe_every: float = 1.0,
        purge_every: float = DAY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.outbox = Outbox(outbox if outbox is not None else outbox_dir())
        self.retention_days = retention_days
        self.retry_every = retry_every
        self.probe_every = probe_every
        self.purge_every = purge_every
        self.clock = clock
        self.issuer = TicketIssuer(self.ticket_taken)
        #: The last database fault, in words (None while the database works).
        self.problem: str | None = None
        self._store: Store | None = None
        self._checked = False  # the open store's file checked (connect)
        self._open_lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._down_until = float("-inf")
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._next_purge = float("-inf")
        self._next_flush = float("-inf")
        #: The fault on hand was logged (it is logged once, not at every probe).
        self._fault_logged = False

    # -- the database ---------------------------------------------------------------
    def connect(self, *, check: bool = True) -> Store:
        """The store, opened (and migrated) on first use; with ``check``, its file checked
        once (SQLite ``quick_check``: a damaged file raises StoreUnavailable, and every
        later write into it is refused cheaply until it is restored). The kiosk opens it
        at start without the check (half a second at 100,000 intakes) and lets the
        background thread's first pass, or the first submit, make it. Raises
        StoreError."""
        with self._open_lock:
            if self._store is not None and self._store.replaced():
                self._store.close()  # its connections still hold the damaged file
                self._store = None
            if self._store is None:
                from intake_bot.store.store import Store

                self._store = Store(self.url)
                self._checked = False
            if check and not self._checked:
                self._checked = True
                self._store.check()
            return self._store

    def _failed(self, error: Exception) -> None:
        """Record a fault; logged once per fault (not at every probe while it lasts)."""
        new = self.problem is None or not self._fault_logged
        self.problem = str(error)
        self._down_until = self.clock() + self.retry_every
        if new:
            self._fault_logged = True
            log.warning("database unavailable: %s", self.problem)

    def _recovered(self) -> None:
        self._down_until = float("-inf")
        self.problem = None
        self._fault_logged = False

    @property
    def database_down(self) -> bool:
        return self.clock() < self._down_until

    def probe(self) -> bool:
        """Whether the database takes writes now: the store opened (and migrated) if it
        was not, then ``SELECT 1 FROM intakes`` in a write transaction, rolled back (on
        SQLite that takes the write lock, so a read-only or broken file fails too). A
        fault is recorded (:attr:`problem`) and gives False. Blocking for at most the
        connect timeout: only the background thread calls it, never :meth:`submit`."""
        import sqlalchemy as sa

        from intake_bot.store.database import explain

        try:
            store = self.connect()
            try:
                with store.engine.connect() as connection, connection.begin() as transaction:
                    connection.execute(sa.text("SELECT 1 FROM intakes LIMIT 1")).all()
                    transaction.rollback()
            except (sa.exc.SQLAlchemyError, OSError) as error:
                raise explain(error, store.url) from error
        except StoreError as error:
            self._failed(error)
            return False
        return True

    # -- Submitter ------------------------------------------------------------------
    def submit(self, intake: Intake) -> Intake:
        """Committed to the database, or durably in the outbox, when this returns (the
        intake as kept: its ticket is new if another intake held the code). Raises
        OutboxError when neither could keep it."""
        if not self.database_down:
            try:
                return self._add(intake)
            except StoreError as error:
                self._failed(error)
        self.outbox.put(intake)
        return intake

    def _add(self, intake: Intake) -> Intake:
        stored = self.connect().add_with_free_ticket(
            intake, issue=self.issuer.issue, tries=TICKET_TRIES
        )
        self.problem = None
        return stored

    def ticket_taken(self, code: str) -> bool:
        """Taken in the database or waiting in the outbox. While the database is down
        only the outbox is asked (the unique constraint still guards at replay)."""
        if len(self.outbox) and code in self.outbox.tickets():
            return True
        if self.database_down:
            return False
        try:
            return self.connect().ticket_taken(code)
        except StoreError as error:
            self._failed(error)
            return False

    # -- the outbox -----------------------------------------------------------------
    def flush(self) -> int:
        """Move what waits in the outbox into the database; how many were moved. Each is
        stored once: one already stored (a kill after commit) is only removed from the
        outbox. Stops at the first database fault (the files stay)."""
        from intake_bot.store.store import TicketTaken

        moved = 0
        with self._flush_lock:
            for path, intake in self.outbox.pending():
                if intake is None:
                    log.error("outbox file %s is unreadable; left in place", path.name)
                    continue
                try:
                    try:
                        self.connect().add(intake)
                    except TicketTaken:
                        # Shown already, but another kiosk stored the same code meanwhile.
                        shown = intake.ticket
                        intake = intake.model_copy(
                            update={
                                "ticket": self.issuer.issue(),
                                "staff_notes": (
                                    f"The patient was shown ticket {shown}; another intake "
                                    "took that code while this one waited in the outbox."
                                ),
                            }
                        )
                        self._add(intake)
                except StoreError as error:
                    self._failed(error)
                    break
                self.outbox.remove(path)
                moved += 1
            else:
                # Nothing waited, or a fault is known: ask the database itself whether it is back.
                if not moved and (self.database_down or self.problem) and not self.probe():
                    return moved
                self._recovered()
        return moved

    def purge(self) -> int:
        return self.connect().purge(self.retention_days)

    # -- in the background ----------------------------------------------------------
    def start(self) -> None:
        """In a thread until :meth:`stop`: replay the outbox now and every ``retry_every``
        s; while the database is down, probe it every ``probe_every`` s and replay the
        outbox as soon as it answers; purge now and daily."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="intake-store", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._tick()
            except StoreError as error:
                self._failed(error)
            except Exception as error:  # the thread must outlive any one fault
                log.error("store maintenance failed: %s", type(error).__name__)
            self._stop.wait(min(self.probe_every, self.retry_every))

    def _tick(self) -> None:
        """One turn of the background thread (see :meth:`start`)."""
        if self.database_down:
            if not self.probe():
                return
            log.info("the database answers again")
            self._recovered()  # the next submit goes to the database
            self._next_flush = float("-inf")
        if self.clock() >= self._next_flush:
            self._next_flush = self.clock() + self.retry_every
            moved = self.flush()
            if moved:
                log.info("%d intakes moved from the outbox to the database", moved)
        if self.clock() >= self._next_purge and not self.database_down:
            gone = self.purge()
            self._next_purge = self.clock() + self.purge_every
            log.info("retention: %d intakes deleted", gone)
