"""The audit trail: who did what to which intake, and when.

One row per sign-in (and failed sign-in), view of an intake, change, note, export,
staff screening, account change and purge. Rows are only ever added. A row never
holds what a patient typed: the action's ``detail`` is the program's own words
(a status, a format and file, a count of characters).
"""

from __future__ import annotations

import getpass
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from intake_bot.store.schema import audit, utcnow

#: Every action written, for the reader of ``intake-bot audit``.
ACTIONS = (
    "sign-in",
    "sign-in-failed",
    "view",
    "status",
    "note",
    "export",
    "screen",
    "account-add",
    "account-remove",
    "purge",
)


def os_user() -> str:
    """Who runs a command-line export or purge, for its audit row: the operating
    system's user name, marked as such (never mistaken for a staff account)."""
    try:
        name = getpass.getuser()
    except Exception:  # no USER/LOGNAME and no passwd entry (a bare container)
        name = f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown"
    name = "".join(char if char.isprintable() else "?" for char in name)[:60]
    return f"{name} (command line)"


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    ticket: str | None
    detail: str


def write(
    connection: sa.Connection,
    *,
    actor: str,
    action: str,
    ticket: str | None = None,
    intake_id: uuid.UUID | None = None,
    detail: str = "",
) -> None:
    """Add one row, inside the caller's transaction (so the row and the change it
    records are committed together, or neither)."""
    connection.execute(
        audit.insert().values(
            at=utcnow(),
            actor=actor[:100],
            action=action,
            intake_id=intake_id,
            ticket=ticket,
            detail=detail,
        )
    )


def rows(
    connection: sa.Connection, *, since: datetime | None = None, limit: int | None = None
) -> Iterator[AuditRow]:
    """Rows oldest first (from ``since`` on, if given)."""
    query = sa.select(audit).order_by(audit.c.at, audit.c.id)
    if since is not None:
        query = query.where(audit.c.at >= since)
    if limit is not None:
        query = query.limit(limit)
    for row in connection.execute(query):
        yield AuditRow(row.at, row.actor, row.action, row.ticket, row.detail)
