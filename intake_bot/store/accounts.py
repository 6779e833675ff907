"""Staff console accounts: a name and a passphrase kept as a salted scrypt hash.

Names are unique whatever their case and spacing ("Ana  Ruiz" is "ana ruiz"); the
name is shown as it was given. Checking a passphrase always costs one scrypt, for an
unknown name too, so the time taken does not tell which names exist.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from intake_bot.pin import hash_passphrase, valid_passphrase, verify_passphrase
from intake_bot.store import audit
from intake_bot.store.schema import staff_accounts, utcnow
from intake_bot.store.store import Store

NAME_MAX = 40


@functools.cache
def _dummy() -> str:
    """Checked against when the name is unknown (a passphrase nobody has)."""
    return hash_passphrase("no account has this passphrase", salt=b"intake-bot-dummy")


class AccountError(ValueError):
    """A name or passphrase that cannot be used; the message says why."""


@dataclass(frozen=True)
class Account:
    name: str
    created_at: datetime


def clean_name(name: str) -> str:
    """The name as kept: spaces collapsed; refused when empty, too long or unprintable."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise AccountError("give a name (letters, digits, spaces)")
    if len(cleaned) > NAME_MAX:
        raise AccountError(f"a name is at most {NAME_MAX} characters")
    if not cleaned.isprintable():
        raise AccountError("a name may not hold control characters")
    return cleaned


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


class Accounts:
    """The accounts in ``store``'s database. Every method is blocking (a worker's job)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, name: str, passphrase: str, *, actor: str) -> str:
        """Create an account; its name as kept. Raises :class:`AccountError` for a bad
        name or passphrase, or a name taken."""
        name = clean_name(name)
        if not valid_passphrase(passphrase):
            raise AccountError(
                "a passphrase is at least 10 characters (a few words are easy to remember)"
            )
        hashed = hash_passphrase(passphrase)

        def work() -> bool:
            with self.store.engine.begin() as connection:
                taken = connection.execute(
                    sa.select(staff_accounts.c.id).where(
                        staff_accounts.c.name_key == name_key(name)
                    )
                ).first()
                if taken is not None:
                    return False
                connection.execute(
                    staff_accounts.insert().values(
                        name=name,
                        name_key=name_key(name),
                        passphrase_hash=hashed,
                        created_at=utcnow(),
                    )
                )
                audit.write(connection, actor=actor, action="account-add", detail=name)
            return True

        if not self.store._guard(work):
            raise AccountError(f"there is already a staff account named {name!r}")
        return name

    def remove(self, name: str, *, actor: str) -> str:
        """Delete an account; its name as it was kept. :class:`AccountError` if unknown."""

        def work() -> str | None:
            with self.store.engine.begin() as connection:
                row = connection.execute(
                    sa.select(staff_accounts.c.id, staff_accounts.c.name).where(
                        staff_accounts.c.name_key == name_key(name)
                    )
                ).first()
                if row is None:
                    return None
                connection.execute(sa.delete(staff_accounts).where(staff_accounts.c.id == row.id))
                audit.write(connection, actor=actor, action="account-remove", detail=row.name)
                return str(row.name)

        removed = self.store._guard(work)
        if removed is None:
            raise AccountError(f"no staff account named {' '.join(name.split())!r}")
        return removed

    def list(self) -> list[Account]:
        def work() -> list[Account]:
            with self.store.engine.connect() as connection:
                found = connection.execute(
                    sa.select(staff_accounts.c.name, staff_accounts.c.created_at).order_by(
                        staff_accounts.c.name_key
                    )
                )
                return [Account(row.name, row.created_at) for row in found]

        return self.store._guard(work)

    def check(self, name: str, passphrase: str) -> str | None:
        """The account's name when ``passphrase`` is its passphrase, else None."""

        def work() -> tuple[str, str] | None:
            with self.store.engine.connect() as connection:
                row = connection.execute(
                    sa.select(staff_accounts.c.name, staff_accounts.c.passphrase_hash).where(
                        staff_accounts.c.name_key == name_key(name)
                    )
                ).first()
            return None if row is None else (str(row.name), str(row.passphrase_hash))

        found = self.store._guard(work) if name.strip() else None
        stored = found[1] if found else _dummy()
        right = verify_passphrase(passphrase, stored)
        return found[0] if found and right else None

    def exists(self, name: str) -> str | None:
        """The account's name as kept, if there is one named ``name``."""

        def work() -> str | None:
            with self.store.engine.connect() as connection:
                row = connection.execute(
                    sa.select(staff_accounts.c.name).where(
                        staff_accounts.c.name_key == name_key(name)
                    )
                ).first()
            return None if row is None else str(row.name)

        return self.store._guard(work)
