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
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from intake_bot.records import Intake
from intake_bot.store import audit as audit_trail
from intake_bot.store.database import StoreError
from intake_bot.store.schema import audit, intakes, utcnow
from intake_bot.store.store import Store, _intake
from intake_bot.tickets import ALPHABET

#: PostgreSQL: the channel revision 0003's trigger notifies on each new or changed intake.
CHANNEL = "intake_bot_intakes"
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
class QueuePage:
    rows: list[QueueRow]
    offset: int
    total: int  # rows matching the filters, on every page
    filters: Filters = field(default_factory=Filters)


def ticket_pattern(typed: str) -> str | None:
    """A typed beginning of a ticket code -> a LIKE pattern; None when it cannot be the
    start of any code (a character codes never hold), '' when nothing was typed."""
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


def _where(filters: Filters, midnight: datetime) -> list[Any]:
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
        conditions.append(intakes.c.ticket.like(pattern))
    return conditions


def page(
    store: Store,
    filters: Filters,
    *,
    offset: int = 0,
    limit: int = 100,
    urgent_severity: int = 3,
    now: datetime | None = None,
) -> QueuePage:
    """One page of the queue (``limit`` rows from ``offset``) and how many match."""
    midnight = local_midnight(now)
    conditions = _where(filters, midnight)
    is_today = sa.case((intakes.c.finished_at >= midnight, 1), else_=0)
    is_urgent = sa.case((intakes.c.severity >= urgent_severity, 1), else_=0)
    ordered = (
        sa.select(
            intakes.c.id,
            intakes.c.ticket,
            intakes.c.finished_at,
            intakes.c.front_door,
            intakes.c.outcome,
            intakes.c.severity,
            intakes.c.status,
        )
        .where(*conditions)
        .order_by(is_today.desc(), is_urgent.desc(), intakes.c.finished_at.desc(), intakes.c.ticket)
        .offset(offset)
        .limit(limit)
    )
    counted = sa.select(sa.func.count()).select_from(intakes).where(*conditions)

    def work() -> QueuePage:
        with store.reader.connect() as connection:
            found = list(connection.execute(ordered))
            total = connection.execute(counted).scalar_one()
            # The page's first two reasons, read inside the database (not whole records),
            # apart: PostgreSQL would otherwise read them for every row it sorts.
            reasons: dict[Any, tuple[str, ...]] = {}
            if found:
                first = intakes.c.record[("triage", "rules", 0, "reason")].as_string()
                second = intakes.c.record[("triage", "rules", 1, "reason")].as_string()
                fetched = connection.execute(
                    sa.select(intakes.c.id, first, second).where(
                        intakes.c.id.in_([row.id for row in found])
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
            for row in found
        ]
        return QueuePage(rows, offset, total, filters)

    return store._guard(work)


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

    return store._guard(work)


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
            return _intake(row)

    return store._guard(work)


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

    return store._guard(work)


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

    store._guard(work)


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
