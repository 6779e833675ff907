"""The store: intakes in a database, each stored once.

An intake is identified by its ``id`` (a UUID made when it is built) and by its ticket
code; both are unique in the database. Adding the same intake again (a retry, the
outbox replayed after a kill) finds it stored and changes nothing; a ticket code
that another intake holds is refused (:class:`TicketTaken`) so the caller can choose
another. Every database fault comes out as a :class:`StoreError` whose message a
person can act on.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.engine import Engine

from intake_bot.records.intake import Intake
from intake_bot.store.database import (
    READ_ONLY,
    StoreError,
    check_file,
    damaged_file_replaced,
    explain,
    make_engine,
    parse_url,
    shown,
    sqlite_path,
    sqlite_read_only,
    upgrade,
)
from intake_bot.store.schema import audit, intakes, utcnow

T = TypeVar("T")
#: The columns that change after an intake is stored (the rest is ``record``).
MUTABLE = ("status", "staff_notes", "patient_ref")


class TicketTaken(StoreError):
    """Another intake already holds this ticket code."""


class Store:
    """Intakes in one database. Thread-safe (one engine, a pool of connections)."""

    def __init__(
        self, url: str | None = None, *, migrate: bool = True, check: bool = False
    ) -> None:
        """``check``: a SQLite file is checked first (:meth:`check`); a damaged one raises
        :class:`StoreUnavailable` here, before anything is written into it."""
        self.url = parse_url(url)
        self.engine: Engine = make_engine(self.url)
        if check:
            self.check()
        #: The same pool for reads: on SQLite their transactions are deferred, so a read
        #: (an export of a year) never takes the write lock and never waits for one.
        self.reader: Engine = self.engine.execution_options(**{READ_ONLY: True})
        if migrate:
            self.run(lambda: upgrade(self.engine))

    @property
    def read_only(self) -> bool:
        """A SQLite file that cannot be written here (read-only media): reads only."""
        path = sqlite_path(self.url)
        return path is not None and sqlite_read_only(path)

    @property
    def where(self) -> str:
        """The database, as a person may be shown it (no password)."""
        return shown(self.url)

    def check(self) -> None:
        """SQLite: ``PRAGMA quick_check`` of the file; damaged: :class:`StoreUnavailable`
        naming it, and every write refused until the file is restored or moved aside.
        The kiosk checks at start and before each day's purge; ``submit`` before it
        stores. Other engines check themselves."""
        self.run(lambda: check_file(self.engine))

    def replaced(self) -> bool:
        """The file :meth:`check` found damaged has been replaced since (restored from a
        backup, moved aside): close this store and open a new one to use it."""
        return damaged_file_replaced(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def run(self, work: Callable[[], T]) -> T:
        """``work()`` (a function that uses this store's engine), its database faults
        turned into one :class:`StoreError` a person can act on (no password, the
        database named); :class:`TicketTaken` passes through. For every module that
        queries the store (the queue, accounts, the audit)."""
        try:
            return work()
        except TicketTaken:
            raise
        except (exc.SQLAlchemyError, OSError) as error:
            raise explain(error, self.url) from error

    # -- writing ---------------------------------------------------------------------
    def add(self, intake: Intake) -> Intake:
        """Store ``intake`` (committed when this returns) and return it. Stored already
        (same id): nothing changes and the stored one is returned. Raises
        :class:`TicketTaken` when a different intake holds its ticket."""
        return self.run(lambda: self._add(intake))

    def add_with_free_ticket(
        self, intake: Intake, *, issue: Callable[[], str] | None = None, tries: int = 20
    ) -> Intake:
        """:meth:`add`, drawing a new ticket code (``issue``; default: a code free in this
        store) while ``intake``'s is taken by another intake; returns what was kept (its
        ticket may differ; the one stored already when its id was). The one ticket retry
        of every front door. :class:`TicketTaken` after ``tries``."""
        if issue is None:
            from intake_bot.records.tickets import TicketIssuer

            issue = TicketIssuer(self.ticket_taken).issue
        for _ in range(tries):
            try:
                return self.add(intake)
            except TicketTaken:  # another kiosk or console took the code a moment ago
                intake = intake.model_copy(update={"ticket": issue()})
        raise TicketTaken("no free ticket code found")

    def _add(self, intake: Intake) -> Intake:
        row = _row(intake)
        try:
            with self.engine.begin() as connection:
                connection.execute(intakes.insert().values(**row))
            return intake
        except exc.IntegrityError:
            pass
        with self.reader.connect() as connection:
            same = connection.execute(
                sa.select(intakes).where(intakes.c.id == intake.id)
            ).one_or_none()
        if same is not None:
            return intake_from_row(same)
        raise TicketTaken(f"ticket {intake.ticket} is already taken")

    def set_status(self, ticket: str, status: str, *, actor: str = "staff") -> None:
        """Mark an intake (``new``/``reviewed``), audited; the staff console's first write."""

        def work() -> None:
            with self.engine.begin() as connection:
                row = connection.execute(
                    sa.update(intakes)
                    .where(intakes.c.ticket == ticket)
                    .values(status=status)
                    .returning(intakes.c.id)
                ).one_or_none()
                if row is None:
                    raise StoreError(f"no intake with ticket {ticket}")
                connection.execute(
                    audit.insert().values(
                        at=utcnow(),
                        actor=actor,
                        action="status",
                        intake_id=row.id,
                        ticket=ticket,
                        detail=status,
                    )
                )

        self.run(work)

    def purge(
        self, retention_days: int, *, now: datetime | None = None, actor: str = "retention"
    ) -> int:
        """Delete intakes finished more than ``retention_days`` ago, in one audited
        transaction (one row, by ``actor``); how many went."""
        cutoff = (now or utcnow()) - timedelta(days=retention_days)
        self.check()  # never delete from (or write into) a damaged file

        def work() -> int:
            with self.engine.begin() as connection:
                gone = connection.execute(
                    sa.delete(intakes).where(intakes.c.finished_at < cutoff)
                ).rowcount
                connection.execute(
                    audit.insert().values(
                        at=utcnow(),
                        actor=actor,
                        action="purge",
                        detail=(
                            f"older than {retention_days} days: {gone} intakes finished "
                            f"before {cutoff.isoformat(timespec='seconds')} deleted"
                        ),
                    )
                )
            return gone

        return self.run(work)

    # -- reading ---------------------------------------------------------------------
    def ticket_taken(self, code: str) -> bool:
        def work() -> bool:
            with self.reader.connect() as connection:
                found = connection.execute(
                    sa.select(intakes.c.id).where(intakes.c.ticket == code)
                ).first()
            return found is not None

        return self.run(work)

    def get(self, ticket: str) -> Intake | None:
        found = self.find(ticket=ticket)
        return found[0] if found else None

    def find(
        self,
        *,
        ticket: str | None = None,
        since: datetime | None = None,
        status: str | None = None,
        limit: int | None = None,
    ) -> list[Intake]:
        """Intakes (oldest first) matching every filter given."""
        return list(self.iter(ticket=ticket, since=since, status=status, limit=limit))

    def iter(
        self,
        *,
        ticket: str | None = None,
        since: datetime | None = None,
        status: str | None = None,
        limit: int | None = None,
        batch: int = 500,
        damaged: list[str] | None = None,
    ) -> Iterator[Intake]:
        """The intakes :meth:`find` returns, streamed: fetched ``batch`` rows at a time (a
        server-side cursor on PostgreSQL), so memory stays flat whatever the count. The
        read sees one snapshot and never blocks a writer. A row whose record cannot be
        read (damaged bytes, not JSON, not an intake): its ticket is added to ``damaged``
        and the row left out, or, without that list, :class:`StoreError` naming it."""
        raw = (
            sa.cast(intakes.c.record, sa.LargeBinary)  # SQLite: decoded here, not by the driver
            if self.engine.dialect.name == "sqlite"
            else sa.cast(intakes.c.record, sa.Text)
        )
        columns = [c for c in intakes.c if c.name != "record"]
        query = _filtered(
            sa.select(*columns, raw.label("record")).order_by(
                intakes.c.finished_at, intakes.c.ticket
            ),
            ticket=ticket,
            since=since,
            status=status,
        )
        if limit is not None:
            query = query.limit(limit)
        try:
            with self.reader.connect() as connection:
                rows = connection.execution_options(yield_per=batch).execute(query)
                for row in rows:
                    try:
                        intake = intake_from_row(row)
                    except (ValueError, TypeError, KeyError) as error:  # (pydantic's too)
                        if damaged is None:
                            raise StoreError(
                                f"intake {row.ticket}: its stored record cannot be read "
                                f"(damaged: {type(error).__name__})"
                            ) from None
                        damaged.append(row.ticket)
                        continue
                    yield intake
        except (exc.SQLAlchemyError, OSError) as error:
            raise explain(error, self.url) from error

    def distinct(
        self,
        column: str,
        *,
        ticket: str | None = None,
        since: datetime | None = None,
        status: str | None = None,
    ) -> list[Any]:
        """The values of ``column`` (``language``, ``flow_hash``, …) among the intakes that
        match, sorted: what an export needs to know before it streams."""
        query = _filtered(
            sa.select(intakes.c[column]).distinct(), ticket=ticket, since=since, status=status
        )

        def work() -> list[Any]:
            with self.reader.connect() as connection:
                return sorted(connection.execute(query).scalars())

        return self.run(work)

    def count(self) -> int:
        def work() -> int:
            with self.reader.connect() as connection:
                return connection.execute(
                    sa.select(sa.func.count()).select_from(intakes)
                ).scalar_one()

        return self.run(work)


def _filtered(query: Any, *, ticket: str | None, since: datetime | None, status: str | None) -> Any:
    if ticket is not None:
        query = query.where(intakes.c.ticket == ticket)
    if since is not None:
        query = query.where(intakes.c.finished_at >= since)
    if status is not None:
        query = query.where(intakes.c.status == status)
    return query


def _row(intake: Intake) -> dict[str, Any]:
    return {
        "id": intake.id,
        "ticket": intake.ticket,
        "flow_id": intake.flow_id,
        "flow_version": intake.flow_version,
        "flow_hash": intake.flow_hash,
        "language": intake.language,
        "front_door": intake.front_door,
        "outcome": intake.triage.outcome,
        "severity": intake.triage.severity,
        "status": intake.status,
        "started_at": intake.started_at,
        "finished_at": intake.finished_at,
        "stored_at": utcnow(),
        "patient_ref": intake.patient_ref,
        "staff_notes": intake.staff_notes,
        "record": intake.model_dump(mode="json", exclude=set(MUTABLE)),
    }


def intake_from_row(row: Any) -> Intake:
    """The row as an :class:`Intake`; its ``record`` a dict, or JSON as text or bytes."""
    stored = row.record
    if isinstance(stored, bytes | bytearray | memoryview):
        stored = bytes(stored).decode("utf-8")
    record = dict(json.loads(stored) if isinstance(stored, str) else stored)
    record.update({name: getattr(row, name) for name in MUTABLE}, ticket=row.ticket)
    record["id"] = str(uuid.UUID(str(row.id)))
    return Intake.model_validate(record)
