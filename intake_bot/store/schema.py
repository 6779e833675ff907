"""The tables, as SQLAlchemy Core (the same code on SQLite and PostgreSQL).

The migrations (``migrations/versions``) create these; a test checks that the
migrated database and this module agree. An intake is one row: the columns the
staff console filters and sorts on, and ``record``, the whole :class:`Intake` as JSON.
Only ``status``, ``staff_notes`` and ``patient_ref`` change after the row is written.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData()


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Stored in UTC on every engine; read back timezone-aware (SQLite keeps no zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timezone-aware times only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


intakes = sa.Table(
    "intakes",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("ticket", sa.String(16), nullable=False),
    sa.Column("flow_id", sa.String(100), nullable=False),
    sa.Column("flow_version", sa.Integer, nullable=False),
    sa.Column("flow_hash", sa.String(64), nullable=False),
    sa.Column("language", sa.String(16), nullable=False),
    sa.Column("front_door", sa.String(8), nullable=False),
    sa.Column("outcome", sa.String(100), nullable=False),
    sa.Column("severity", sa.Integer, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="new"),
    sa.Column("started_at", UTCDateTime, nullable=True),
    sa.Column("finished_at", UTCDateTime, nullable=False),
    sa.Column("stored_at", UTCDateTime, nullable=False),
    sa.Column("patient_ref", sa.String(200), nullable=True),
    sa.Column("staff_notes", sa.Text, nullable=False, server_default=""),
    sa.Column("record", sa.JSON, nullable=False),
    sa.UniqueConstraint("ticket", name="uq_intakes_ticket"),
    sa.Index("ix_intakes_finished_at", "finished_at"),
    # The staff queue: no filter, or one equality filter, then a severity's run
    # newest first (store/queue.py reads a page as a few short scans of these).
    sa.Index("ix_intakes_queue", "severity", "finished_at", "ticket"),
    sa.Index("ix_intakes_queue_outcome", "outcome", "severity", "finished_at", "ticket"),
    sa.Index("ix_intakes_queue_status", "status", "severity", "finished_at", "ticket"),
    sa.Index("ix_intakes_queue_front_door", "front_door", "severity", "finished_at", "ticket"),
)
#: PostgreSQL: a ticket's beginning (LIKE 'ACD%') by index under any collation.
#: (SQLite's GLOB uses the unique index on ticket.)
sa.Index(
    "ix_intakes_ticket_prefix", intakes.c.ticket, postgresql_ops={"ticket": "text_pattern_ops"}
).ddl_if(dialect="postgresql")

#: Every change to an intake and every purge, for the staff console's audit trail.
audit = sa.Table(
    "audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("intake_id", sa.Uuid, nullable=True),
    sa.Column("ticket", sa.String(16), nullable=True),
    sa.Column("detail", sa.Text, nullable=False, server_default=""),
    sa.Index("ix_audit_intake_id", "intake_id"),
)

#: The audit trail read back by time (``intake-bot audit --since``); new intakes by
#: when they were stored (the staff console's look for what changed).
sa.Index("ix_audit_at", audit.c.at)
sa.Index("ix_intakes_stored_at", intakes.c.stored_at)

#: Staff console accounts: a name (unique whatever its case) and a salted scrypt hash.
staff_accounts = sa.Table(
    "staff_accounts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("name_key", sa.String(100), nullable=False),
    sa.Column("passphrase_hash", sa.String(300), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("name_key", name="uq_staff_accounts_name_key"),
)

#: Wrong staff sign-in tries, per name typed (its key: known or not, so that the wait
#: does not tell which names exist); shared by every console, kept across restarts;
#: a right passphrase deletes the row.
staff_sign_in_failures = sa.Table(
    "staff_sign_in_failures",
    metadata,
    sa.Column("name_key", sa.String(100), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_failed_at", UTCDateTime, nullable=False),
    sa.Column("locked_until", UTCDateTime, nullable=True),
)


def utcnow() -> datetime:
    return datetime.now(UTC)
