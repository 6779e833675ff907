"""Staff console accounts; indexes for the audit trail by time and new intakes;
on PostgreSQL, a notification on every new or changed intake (LISTEN/NOTIFY).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: The channel the staff console listens on (intake_bot.store.queue.CHANNEL).
CHANNEL = "intake_bot_intakes"


def upgrade() -> None:
    op.create_table(
        "staff_accounts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("name_key", sa.String(100), nullable=False),
        sa.Column("passphrase_hash", sa.String(300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("name_key", name="uq_staff_accounts_name_key"),
    )
    op.create_index("ix_audit_at", "audit", ["at"])
    op.create_index("ix_intakes_stored_at", "intakes", ["stored_at"])
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION intake_bot_notify() RETURNS trigger AS $$ "
            f"BEGIN PERFORM pg_notify('{CHANNEL}', NEW.ticket); RETURN NULL; END; "
            "$$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER intakes_notify AFTER INSERT OR UPDATE ON intakes "
            "FOR EACH ROW EXECUTE FUNCTION intake_bot_notify()"
        )


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS intakes_notify ON intakes")
        op.execute("DROP FUNCTION IF EXISTS intake_bot_notify()")
    op.drop_index("ix_intakes_stored_at", table_name="intakes")
    op.drop_index("ix_audit_at", table_name="audit")
    op.drop_table("staff_accounts")
