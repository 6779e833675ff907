"""The staff queue served by indexes at any size: each filter (none, outcome, status,
front door) leads an index on (severity, finished_at, ticket), so a page is a few
short index scans; PostgreSQL gets a ticket index for prefix search (LIKE 'ACD%'
needs text_pattern_ops under a non-C collation). The single-column status and
outcome indexes are prefixes of the new ones and go.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

QUEUE = ("severity", "finished_at", "ticket")


def upgrade() -> None:
    op.create_index("ix_intakes_queue", "intakes", list(QUEUE))
    op.create_index("ix_intakes_queue_outcome", "intakes", ["outcome", *QUEUE])
    op.create_index("ix_intakes_queue_status", "intakes", ["status", *QUEUE])
    op.create_index("ix_intakes_queue_front_door", "intakes", ["front_door", *QUEUE])
    op.drop_index("ix_intakes_status", table_name="intakes")
    op.drop_index("ix_intakes_outcome", table_name="intakes")
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_intakes_ticket_prefix",
            "intakes",
            ["ticket"],
            postgresql_ops={"ticket": "text_pattern_ops"},
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_intakes_ticket_prefix", table_name="intakes")
    op.create_index("ix_intakes_outcome", "intakes", ["outcome"])
    op.create_index("ix_intakes_status", "intakes", ["status"])
    for name in ("front_door", "status", "outcome"):
        op.drop_index(f"ix_intakes_queue_{name}", table_name="intakes")
    op.drop_index("ix_intakes_queue", table_name="intakes")
