"""Alembic migrations of the store (run by :func:`intake_bot.store.database.upgrade`)."""
