"""Wrong staff sign-in tries counted per name in the database (shared by consoles,
kept across restarts); staff names keyed by their NFKC casefolded form.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _key(name: str) -> str:
    """intake_bot.store.accounts.name_key, as of this revision."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def upgrade() -> None:
    op.create_table(
        "staff_sign_in_failures",
        sa.Column("name_key", sa.String(100), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    )
    # Keys written before were casefolded only: rekey them. One that would then clash
    # with another account's is left as it was (it cannot sign in until it is removed
    # and added again under a name of its own).
    connection = op.get_bind()
    accounts = sa.table(
        "staff_accounts", sa.column("id", sa.Integer), sa.column("name"), sa.column("name_key")
    )
    rows = connection.execute(sa.select(accounts.c.id, accounts.c.name, accounts.c.name_key))
    rows = list(rows)
    taken = {row.name_key for row in rows}
    for row in rows:
        key = _key(row.name)
        if key != row.name_key and key not in taken:
            connection.execute(
                sa.update(accounts).where(accounts.c.id == row.id).values(name_key=key)
            )
            taken.discard(row.name_key)
            taken.add(key)


def downgrade() -> None:
    op.drop_table("staff_sign_in_failures")
