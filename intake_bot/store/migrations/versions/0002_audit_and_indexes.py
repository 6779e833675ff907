"""The audit trail, and the indexes the staff console's queue needs.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_intakes_status", "intakes", ["status"])
    op.create_index("ix_intakes_finished_at", "intakes", ["finished_at"])
    op.create_index("ix_intakes_outcome", "intakes", ["outcome"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("intake_id", sa.Uuid, nullable=True),
        sa.Column("ticket", sa.String(16), nullable=True),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_audit_intake_id", "audit", ["intake_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_intake_id", table_name="audit")
    op.drop_table("audit")
    op.drop_index("ix_intakes_outcome", table_name="intakes")
    op.drop_index("ix_intakes_finished_at", table_name="intakes")
    op.drop_index("ix_intakes_status", table_name="intakes")
