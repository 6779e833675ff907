"""The staff console's queue, filtered, ordered and paged in the database.

The console never holds more than a page of rows: with 10,000 intakes a filter or a
page is one narrow query (the columns shown), a count, and the page's first two
reasons read inside the database (not whole records). Order: today's intakes first; within today, and
then within the days before, the urgent ones at the top; then the newest first.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from intake_bot.records.intake import Intake
from intake_bot.records.tickets import ALPHABET
from intake_bot.store import audit as audit_trail
from intake_bot.store.database import StoreError
from intake_bot.store.schema import audit, intakes, utcnow
from intake_bot.store.store import Store, intake_from_row

#: PostgreSQL: the channel revision 0003's trigger notifies on each new or changed intake.
CHANNEL = "intake_bot_intakes"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
#: The date filter's choices: None (any day), 0 (today), or the last N days.
DATE_CHOICES: tuple[int | None, ...] = (None, 0, 7, 30)


@dataclass(frozen=True)
class Filters:
    """What the queue shows: every filter given must match. ``ticket`` is a ticket
    code's beginning as typed (case, spaces and the dash forgiven)."""

    outcome: str | None = None
    status: str | None = None
    days: int | None = None  # None: any day; 0: today; N: the last N days (today included)
    front_door: str | None = None
    ticket: str = ""

    def but(self, **changes: Any) -> Filters:
        return replace(self, **changes)


@dataclass(frozen=True)
class QueueRow:
    id: uuid.UUID
    ticket: str
    finished_at: datetime
    front_door: str
    outcome: str
    severity: int
    status: str
    reasons: tuple[str, ...]
    urgent: bool
    today: bool


@dataclass(frozen=True)
class Cursor:
    """A row's place in the queue's order, for the next page (keyset paging: rows
    stored meanwhile never shift a page). ``group``: 0 today's urgent, 1 today's
    others, 2 earlier urgent, 3 earlier others; then newest first, then ticket."""

    group: int
    finished_at: datetime
    ticket: str

    def key(self) -> tuple[int, int, str]:
        """Ascending in the queue's order (exact: whole microseconds, no float)."""
        return (self.group, -((self.finished_at - EPOCH) // MICROSECOND), self.ticket)


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    offset: int  # rows before this page, as the caller counted them (for "101-200 of N")
    total: int  # rows matching the filters, on every page
    filters: Filters = field(default_factory=Filters)
    next: Cursor | None = None  # where the page after this one starts; None: the last page
    start: Cursor | None = None  # the cursor this page was asked from


def ticket_pattern(typed: str) -> str | None:
    """A typed beginning of a ticket code -> its normalised form (``ACD-E``) followed by
    ``%``; None when it cannot be the start of any code (a character codes never hold),
    '' when nothing was typed."""
    bare = re.sub(r"[\s-]", "", typed.upper())
    if not bare:
        return ""
    if len(bare) > 6 or any(c not in ALPHABET for c in bare):
        return None
    return (bare[:3] + ("-" + bare[3:] if len(bare) > 3 else "")) + "%"


def local_midnight(now: datetime | None = None) -> datetime:
    """The start of today where the console runs (aware)."""
    here = (now or utcnow()).astimezone()
    return here.replace(hour=0, minute=0, second=0, microsecond=0)


def _where(filters: Filters, midnight: datetime, dialect: str) -> list[Any]:
    conditions: list[Any] = []
    if filters.outcome:
        conditions.append(intakes.c.outcome == filters.outcome)
    if filters.status:
        conditions.append(intakes.c.status == filters.status)
    if filters.front_door:
        conditions.append(intakes.c.front_door == filters.front_door)
    if filters.days is not None:
        since = midnight - timedelta(days=max(0, filters.days - 1))
        conditions.append(intakes.c.finished_at >= since)
    pattern = ticket_pattern(filters.ticket)
    if pattern is None:
        conditions.append(sa.false())
    elif pattern:
        # A code holds only ALPHABET and "-": no wildcard to escape. SQLite's LIKE
        # ignores case and so cannot use the ticket index; its GLOB can.
        if dialect == "sqlite":
            conditions.append(intakes.c.ticket.op("GLOB")(pattern[:-1] + "*"))
        else:  # PostgreSQL: served by ix_intakes_ticket_prefix (text_pattern_ops)
            conditions.append(intakes.c.ticket.like(pattern))
    return conditions


_COLUMNS = (
    intakes.c.id,
    intakes.c.ticket,
    intakes.c.finished_at,
    intakes.c.front_door,
    intakes.c.outcome,
    intakes.c.severity,
    intakes.c.status,
)


def _severities(connection: sa.Connection, conditions: list[Any]) -> list[int]:
    """The severities present, highest first: a loose index scan (one short probe per
    value, each served by an index that starts with the filter and the severity)."""
    found: list[int] = []
    below: int | None = None
    while True:
        query = sa.select(sa.func.max(intakes.c.severity)).where(*conditions)
        if below is not None:
            query = query.where(intakes.c.severity < below)
        value = connection.execute(query).scalar_one_or_none()
        if value is None:
            return found
        found.append(value)
        below = value


def _position(row: Any, midnight: datetime, urgent_severity: int) -> Cursor:
    today = row.finished_at >= midnight
    urgent = row.severity >= urgent_severity
    return Cursor((0 if today else 2) + (0 if urgent else 1), row.finished_at, row.ticket)


def page(
    store: Store,
    filters: Filters,
    *,
    after: Cursor | None = None,
    offset: int = 0,
    limit: int = 100,
    urgent_severity: int = 3,
    now: datetime | None = None,
) -> QueuePage:
    """``limit`` rows of the queue from ``after`` (the first page when None), and how
    many match. Each (day, severity) run is read in index order, newest first, and the
    runs merged: the cost is the page, not the number of intakes. ``offset`` is only
    carried into the page (how many rows the caller has paged past)."""
    midnight = local_midnight(now)
    dialect = store.engine.dialect.name

    def work() -> QueuePage:
        with store.reader.connect() as connection:
            conditions = _where(filters, midnight, dialect)
            total = connection.execute(
                sa.select(sa.func.count()).select_from(intakes).where(*conditions)
            ).scalar_one()
            severities = _severities(connection, conditions) if total else []
            found: list[tuple[Cursor, Any]] = []
            for group in range(4):
                if after is not None and group < after.group:
                    continue
                today, urgent = group < 2, group % 2 == 0
                day = (
                    intakes.c.finished_at >= midnight if today else intakes.c.finished_at < midnight
                )
                runs = [s for s in severities if (s >= urgent_severity) == urgent]
                for severity in runs:
                    query = (
                        sa.select(*_COLUMNS)
                        .where(*conditions, day, intakes.c.severity == severity)
                        .order_by(intakes.c.finished_at.desc(), intakes.c.ticket)
                        .limit(limit + 1)
                    )
                    if after is not None and group == after.group:
                        when = after.finished_at
                        query = query.where(
                            intakes.c.finished_at <= when,
                            sa.not_(
                                sa.and_(
                                    intakes.c.finished_at == when, intakes.c.ticket <= after.ticket
                                )
                            ),
                        )
                    found += [
                        (_position(row, midnight, urgent_severity), row)
                        for row in connection.execute(query)
                    ]
                if len(found) > limit:
                    break
            found.sort(key=lambda pair: pair[0].key())
            more = len(found) > limit
            found = found[:limit]
            # The page's first two reasons, read inside the database (not whole records),
            # apart: PostgreSQL would otherwise read them for every row it sorts.
            reasons: dict[Any, tuple[str, ...]] = {}
            if found:
                first = intakes.c.record[("triage", "rules", 0, "reason")].as_string()
                second = intakes.c.record[("triage", "rules", 1, "reason")].as_string()
                fetched = connection.execute(
                    sa.select(intakes.c.id, first, second).where(
                        intakes.c.id.in_([row.id for _, row in found])
                    )
                )
                reasons = {row[0]: tuple(r for r in row[1:] if r) for row in fetched}
        rows = [
            QueueRow(
                id=row.id,
                ticket=row.ticket,
                finished_at=row.finished_at,
                front_door=row.front_door,
                outcome=row.outcome,
                severity=row.severity,
                status=row.status,
                reasons=reasons.get(row.id, ()),
                urgent=row.severity >= urgent_severity,
                today=row.finished_at >= midnight,
            )
            for _, row in found
        ]
        following = found[-1][0] if more and found else None
        return QueuePage(rows, offset, total, filters, next=following, start=after)

    return store.run(work)


def fingerprint(store: Store) -> tuple[Any, ...]:
    """Changes whenever an intake is stored, changed or deleted (or anything audited):
    the console looks at it every few seconds and reloads its page when it moved."""

    def work() -> tuple[Any, ...]:
        with store.reader.connect() as connection:
            count, newest = connection.execute(
                sa.select(sa.func.count(), sa.func.max(intakes.c.stored_at)).select_from(intakes)
            ).one()
            last = connection.execute(sa.select(sa.func.max(audit.c.id))).scalar_one()
        return (count, newest, last)

    return store.run(work)


# -- one intake ----------------------------------------------------------------------------


def open_intake(store: Store, ticket: str, *, actor: str) -> Intake:
    """The intake, its view audited. :class:`StoreError` when there is none."""

    def work() -> Intake:
        with store.engine.begin() as connection:
            row = connection.execute(
                sa.select(intakes).where(intakes.c.ticket == ticket)
            ).one_or_none()
            if row is None:
                raise StoreError(f"no intake with ticket {ticket} (deleted meanwhile?)")
            audit_trail.write(
                connection, actor=actor, action="view", ticket=ticket, intake_id=row.id
            )
            return intake_from_row(row)

    return store.run(work)


def add_note(store: Store, ticket: str, text: str, *, actor: str) -> str:
    """Append a note (``[2026-05-03 14:22 UTC, Ana] text``) to the intake's staff notes,
    audited; the notes as they are now."""
    when = utcnow().strftime("%Y-%m-%d %H:%M UTC")
    line = f"[{when}, {actor}] {' '.join(text.split())}"

    def work() -> str:
        with store.engine.begin() as connection:
            row = connection.execute(
                sa.select(intakes.c.id, intakes.c.staff_notes).where(intakes.c.ticket == ticket)
            ).one_or_none()
            if row is None:
                raise StoreError(f"no intake with ticket {ticket} (deleted meanwhile?)")
            notes = f"{row.staff_notes}\n{line}" if row.staff_notes else line
            connection.execute(
                sa.update(intakes).where(intakes.c.id == row.id).values(staff_notes=notes)
            )
            audit_trail.write(
                connection,
                actor=actor,
                action="note",
                ticket=ticket,
                intake_id=row.id,
                detail=f"{len(text)} characters",
            )
            return notes

    return store.run(work)


def record_action(
    store: Store, *, actor: str, action: str, ticket: str | None = None, detail: str = ""
) -> None:
    """An audit row for something done outside the database (an export, a sign-in)."""

    def work() -> None:
        with store.engine.begin() as connection:
            intake_id = None
            if ticket is not None:
                intake_id = connection.execute(
                    sa.select(intakes.c.id).where(intakes.c.ticket == ticket)
                ).scalar_one_or_none()
            audit_trail.write(
                connection,
                actor=actor,
                action=action,
                ticket=ticket,
                intake_id=intake_id,
                detail=detail,
            )

    store.run(work)


# -- PostgreSQL: told at once ---------------------------------------------------------------


def listen(store: Store, stop: threading.Event, changed: Callable[[], None]) -> bool:
    """PostgreSQL only: call ``changed`` on each new or changed intake until ``stop`` is
    set (blocking: a thread's job). False at once on another engine, or when the
    connection fails (polling covers it)."""
    if store.engine.dialect.name != "postgresql":
        return False
    try:
        import psycopg

        url = store.url.set(drivername="postgresql")
        with psycopg.connect(
            url.render_as_string(hide_password=False), autocommit=True, connect_timeout=5
        ) as connection:
            connection.execute(f"LISTEN {CHANNEL}")
            while not stop.is_set():
                for _ in connection.notifies(timeout=1.0, stop_after=1):
                    changed()
    except Exception:  # (polling goes on; the next look says what is wrong)
        return False
    return True
