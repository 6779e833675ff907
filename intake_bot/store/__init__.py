"""Where finished intakes live: a database (SQLite by default, PostgreSQL by URL).

- :mod:`.database`: engines, Alembic migrations, messages for faults a person can fix;
- :mod:`.schema`: the tables; :mod:`.store`: :class:`~.store.Store` (add once, find, purge);
- :mod:`.outbox`: intakes waiting for the database, one durable file each;
- :mod:`.submitter`: :class:`~.submitter.StoreSubmitter`, the kiosk's ``Submitter``: the
  database, else the outbox, replayed in the background.

Nothing is imported here, so ``import intake_bot.store.outbox`` does not load SQLAlchemy.
"""
