"""The intakes table (the baseline).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "intakes",
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
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("patient_ref", sa.String(200), nullable=True),
        sa.Column("staff_notes", sa.Text, nullable=False, server_default=""),
        sa.Column("record", sa.JSON, nullable=False),
        sa.UniqueConstraint("ticket", name="uq_intakes_ticket"),
    )


def downgrade() -> None:
    op.drop_table("intakes")
