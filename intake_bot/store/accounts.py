"""Staff console accounts: a name and a passphrase kept as a salted scrypt hash.

Names are unique whatever their case, spacing and Unicode form (NFKC, casefold: "Ana
Ruiz", "ana  ruiz" and "ＡＮＡ ＲＵＩＺ" are one name); the name is shown as it was
given. A name mixing scripts (Latin with Cyrillic...) is refused, and so is one that
looks like an existing name once read as its confusable skeleton (:func:`skeleton`:
Cyrillic and Greek look-alikes as the Latin letters they resemble, :data:`LOOK_ALIKES`;
``l 1 | ! i`` as one letter, ``0`` as ``o``, ``5`` as ``s``, ``rn`` ``cl`` ``vv`` as ``m``
``d`` ``w``). The skeleton only refuses new names; sign-in compares :func:`name_key`.
A passphrase must pass :func:`check_passphrase` (at least 10 characters; not the name,
a common word, one unit repeated or a keyboard run, give or take a few characters).
Checking a passphrase always costs one scrypt, for an
unknown name too, so the time taken does not tell which names exist.

Wrong sign-in tries are counted here too, per name (``staff_sign_in_failures``): shared
by every console on the database and kept across restarts.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from intake_bot.errors import StoreError
from intake_bot.pin import hash_passphrase, valid_passphrase, verify_passphrase
from intake_bot.store import audit
from intake_bot.store.schema import staff_accounts, staff_sign_in_failures, utcnow
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


@dataclass(frozen=True)
class Stamp:
    """Who signed in, as their account was then: the row's id and creation time (SQLite
    may give a new row a deleted one's id) and a digest of its passphrase hash (a new
    salt each time it is set). The account removed, or removed and added again, or its
    passphrase changed: the stamp no longer matches."""

    name: str
    account_id: int
    created_at: datetime
    digest: str


def _digest(passphrase_hash: str) -> str:
    return hashlib.sha256(passphrase_hash.encode()).hexdigest()


#: Letters of other scripts that look like Latin ones, read as those when names are
#: compared (a short list of the common look-alikes, after Unicode's confusables.txt;
#: lower case, as names are compared casefolded).
LOOK_ALIKES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "і": "i", "ї": "i", "ј": "j",
        "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y",
        "х": "x", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ү": "y", "ӏ": "l",
        "ь": "b", "п": "n", "г": "r", "д": "d", "л": "n", "ш": "w",
        # Greek
        "α": "a", "β": "b", "γ": "y", "ε": "e", "ζ": "z", "η": "n", "ι": "i", "κ": "k",
        "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c",
        "ϳ": "j", "μ": "u",
        # Latin and digits that look alike among themselves
        "0": "o", "1": "l", "ı": "i", "ɑ": "a", "ɡ": "g",
    }
)  # fmt: skip

#: Plain Latin letters, digits and signs that look alike, read as one (after accents are
#: dropped): the vertical strokes, ``0``/``o`` and ``5``/``s`` (as in Unicode TR39).
LATIN_LOOK_ALIKES = str.maketrans({"i": "l", "1": "l", "|": "l", "!": "l", "0": "o", "5": "s"})

#: Letter pairs that look like one letter, read as that letter (after
#: :data:`LATIN_LOOK_ALIKES`, so ``c1`` is ``cl`` and so ``d``). ``ii`` is left alone:
#: after ``i`` is read as ``l`` it is ``ll``, which resembles no other single letter.
LOOK_ALIKE_PAIRS = (("rn", "m"), ("cl", "d"), ("vv", "w"))

#: Scripts that are written together in one name (Japanese, Korean).
_TOGETHER = ({"CJK", "HIRAGANA", "KATAKANA"}, {"CJK", "HANGUL"})

#: Common passphrases, and common words that are weak with a few digits or signs added
#: (compared without case and spaces, with digits and signs at the ends left out too).
COMMON_PASSPHRASES = frozenset(
    """password123 password1234 password12345 passw0rd123 1234567890 0123456789
    12345678910 0987654321 1111111111 1234512345 qwertyuiop qwerty1234 qwerty12345
    1q2w3e4r5t 1qaz2wsx3edc asdfghjkl; asdfghjkl1 zxcvbnm123 iloveyou12 iloveyou123
    letmein123 welcome123 welcome2024 welcome2025 welcome2026 changeme123 administrator
    admin12345 abcdefghij abcdefghijk abc1234567 football123 princess12 sunshine12
    monkey1234 dragon1234 trustno1234 correcthorsebatterystaple
    thequickbrownfox staffpassword clinicpassword hairclinic hairclinic1 hairloss123
    intakebot intake-bot intakebot123 passphrase passphrase1 mypassphrase
    password passw0rd mypassword secret letmein welcome changeme admin iloveyou qwerty
    football baseball princess sunshine monkey dragon trustno master shadow superman
    batman starwars whatever freedom computer internet hello hellothere loveyou
    staff clinic hairclinic hairloss intake doctor nurse reception receptionist""".split()  # noqa: SIM905
)

#: Keyboard rows, the alphabet and the digits, read forwards or backwards for runs.
KEYBOARD_RUNS = (
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "qwertzuiop",
    "azertyuiop",
    "qsdfghjklm",
    "wxcvbn",
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    "!@#$%^&*()",
)
#: A run this long, with at most :data:`RUN_SLACK` characters more, is refused.
RUN_MIN = 6
RUN_SLACK = 4


def _letters_script(char: str) -> str | None:
    """The script of a letter, from its Unicode name ("CYRILLIC SMALL LETTER A"); None
    for anything that is not a letter (spaces, digits, marks, punctuation)."""
    if not unicodedata.category(char).startswith("L"):
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0].split("-", 1)[0] or None


def scripts(name: str) -> set[str]:
    return {script for char in name if (script := _letters_script(char))}


def mixed_script(name: str) -> bool:
    """True when ``name``'s letters come from more than one script (Latin with Cyrillic,
    Greek...), except those written together (Han with kana, Han with Hangul)."""
    found = scripts(unicodedata.normalize("NFKC", name))
    return len(found) > 1 and not any(found <= together for together in _TOGETHER)


def skeleton(name: str) -> str:
    """``name`` as compared for look-alikes (a confusable skeleton, after Unicode TR39,
    for Latin): its key, other scripts' look-alikes read as Latin, accents dropped, then
    :data:`LATIN_LOOK_ALIKES` and :data:`LOOK_ALIKE_PAIRS`. Two names with one skeleton
    look alike; only used to refuse a new name, never to find an account."""
    mapped = name_key(name).translate(LOOK_ALIKES)
    decomposed = unicodedata.normalize("NFKD", mapped)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    shape = plain.translate(LATIN_LOOK_ALIKES)
    for pair, letter in LOOK_ALIKE_PAIRS:
        shape = shape.replace(pair, letter)
    return shape


def _repeated(text: str) -> bool:
    """True when ``text`` is one shorter unit written twice or more ("abcabc")."""
    return len(text) > 1 and text in (text + text)[1:-1]


def _longest_run(text: str) -> int:
    """The length of the longest stretch of ``text`` that runs along a keyboard row, the
    alphabet or the digits (:data:`KEYBOARD_RUNS`), either way."""
    longest = 0
    for row in KEYBOARD_RUNS:
        for line in (row, row[::-1]):
            for start in range(len(text)):
                end = start
                while end < len(text) and text[start : end + 1] in line:
                    end += 1
                longest = max(longest, end - start)
    return longest


def check_passphrase(passphrase: str, name: str) -> None:
    """Raise :class:`AccountError`, one line saying why, for a passphrase not to be used.

    Compared without case and spaces (``bare``), and with digits and signs at its ends
    left out too (``core``: "Password1!" is "password"), a passphrase is refused when it
    is: under 10 characters or over 256; the name, a word of it, or mostly the name; a
    common one (:data:`COMMON_PASSPHRASES`) or of fewer than 3 different characters; one
    unit repeated ("abcabcabc"); a run of :data:`RUN_MIN` or more along a keyboard row,
    the alphabet or the digits with at most :data:`RUN_SLACK` characters more."""
    spaced = " ".join(passphrase.split())
    if len(spaced) < 10:
        raise AccountError(
            "a passphrase is at least 10 characters besides spaces at its ends and repeated "
            "spaces (a few words are easy to remember)"
        )
    if not valid_passphrase(passphrase):
        raise AccountError("a passphrase is at most 256 characters")
    bare = "".join(unicodedata.normalize("NFKC", passphrase).casefold().split())
    core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", bare)
    whole = "".join(name_key(name).split())
    parts = {part for part in name_key(name).split() if len(part) >= 3}
    if bare == whole or core == whole or core in parts:
        raise AccountError(
            "a passphrase may not be the name, or a part of it, with only digits or signs added"
        )
    if len(whole) >= 3 and whole in core and len(whole) * 4 > len(core) * 3:
        raise AccountError("a passphrase may not be the name with a few characters added")
    if bare in COMMON_PASSPHRASES or core in COMMON_PASSPHRASES or len(set(bare)) < 3:
        raise AccountError("that passphrase is too common or too easy to guess; choose another")
    if _repeated(core) or _repeated(bare):
        raise AccountError("a passphrase may not be one short part repeated; choose another")
    run = _longest_run(bare)
    if run >= RUN_MIN and len(bare) - run <= RUN_SLACK:
        raise AccountError(
            "a passphrase may not be a keyboard row or a run of letters or digits "
            "(qwerty, abcdef, 123456); choose another"
        )


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
    """The name as compared: NFKC, casefolded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _name_problem(name: str, existing: list[str]) -> str | None:
    """Why ``name`` cannot be a new account's beside the ``existing`` names, if so."""
    if mixed_script(name):
        return (
            f"the name {name!r} mixes letters of different scripts ("
            + ", ".join(sorted(s.title() for s in scripts(name)))
            + "); type it in one script"
        )
    key, shape = name_key(name), skeleton(name)
    for other in existing:
        if name_key(other) == key:
            return f"there is already a staff account named {other!r}"
        if skeleton(other) == shape:
            return f"the name {name!r} looks like the existing account {other!r}; choose another"
    return None


def _failure_key(name: str) -> str:
    """Wrong tries are counted under the name's key (at most 100 characters kept)."""
    return name_key(name)[:100]


def as_utc(moment: float) -> datetime:
    return datetime.fromtimestamp(moment, UTC)


class Accounts:
    """The accounts in ``store``'s database. Every method is blocking (a worker's job)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, name: str, passphrase: str, *, actor: str) -> str:
        """Create an account; its name as kept. Raises :class:`AccountError` for a bad
        name or passphrase, or a name taken."""
        name = clean_name(name)
        check_passphrase(passphrase, name)
        hashed = hash_passphrase(passphrase)

        def work() -> str | None:
            with self.store.engine.begin() as connection:
                names = connection.execute(sa.select(staff_accounts.c.name)).scalars().all()
                problem = _name_problem(name, list(names))
                if problem is not None:
                    return problem
                connection.execute(
                    staff_accounts.insert().values(
                        name=name,
                        name_key=name_key(name),
                        passphrase_hash=hashed,
                        created_at=utcnow(),
                    )
                )
                audit.write(connection, actor=actor, action="account-add", detail=name)
            return None

        problem = self.store.run(work)
        if problem is not None:
            raise AccountError(problem)
        return name

    def name_problem(self, name: str) -> str | None:
        """Why ``name`` (cleaned) cannot be a new account's: taken, look-alike, mixed."""

        def work() -> list[str]:
            with self.store.reader.connect() as connection:
                return list(connection.execute(sa.select(staff_accounts.c.name)).scalars())

        return _name_problem(name, self.store.run(work))

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

        removed = self.store.run(work)
        if removed is None:
            raise AccountError(f"no staff account named {' '.join(name.split())!r}")
        return removed

    def list(self) -> list[Account]:
        def work() -> list[Account]:
            with self.store.reader.connect() as connection:
                found = connection.execute(
                    sa.select(staff_accounts.c.name, staff_accounts.c.created_at).order_by(
                        staff_accounts.c.name_key
                    )
                )
                return [Account(row.name, row.created_at) for row in found]

        return self.store.run(work)

    def check(self, name: str, passphrase: str) -> str | None:
        """The account's name when ``passphrase`` is its passphrase, else None."""
        stamp = self.verify(name, passphrase)
        return None if stamp is None else stamp.name

    def verify(self, name: str, passphrase: str) -> Stamp | None:
        """The account as it is now (:class:`Stamp`) when ``passphrase`` is its
        passphrase, else None."""
        found = self._row(name) if name.strip() else None
        stored = found.passphrase_hash if found else _dummy()
        right = verify_passphrase(passphrase, stored)
        if found is None or not right:
            return None
        return Stamp(found.name, found.id, found.created_at, _digest(found.passphrase_hash))

    def _row(self, name: str) -> Any:
        def work() -> Any:
            with self.store.reader.connect() as connection:
                return connection.execute(
                    sa.select(
                        staff_accounts.c.name,
                        staff_accounts.c.id,
                        staff_accounts.c.created_at,
                        staff_accounts.c.passphrase_hash,
                    ).where(staff_accounts.c.name_key == name_key(name))
                ).first()

        return self.store.run(work)

    def still(self, stamp: Stamp) -> str | None:
        """None when the account is still as it was when ``stamp`` was taken; else why
        not ("removed", "passphrase changed")."""
        found = self._row(stamp.name)
        if found is None or (found.id, found.created_at) != (stamp.account_id, stamp.created_at):
            return "removed"
        if _digest(found.passphrase_hash) != stamp.digest:
            return "passphrase changed"
        return None

    # -- wrong tries, per name, in the database -----------------------------------------
    def failures(self, name: str) -> tuple[int, datetime | None]:
        """The wrong tries counted for ``name`` (known or not) and until when the next
        try waits (None: no wait)."""

        def work() -> tuple[int, datetime | None]:
            with self.store.reader.connect() as connection:
                row = connection.execute(
                    sa.select(
                        staff_sign_in_failures.c.failures, staff_sign_in_failures.c.locked_until
                    ).where(staff_sign_in_failures.c.name_key == _failure_key(name))
                ).first()
            return (0, None) if row is None else (int(row.failures), row.locked_until)

        return self.store.run(work)

    def count_failure(
        self, name: str, *, now: datetime, wait_for: Callable[[int], float]
    ) -> tuple[int, datetime | None]:
        """Count one more wrong try for ``name``; ``wait_for(failures)`` is the wait that
        follows (0: none). The count and the wait, as kept. Rows not touched for a day
        are dropped (names typed by mistake)."""
        key = _failure_key(name)
        table = staff_sign_in_failures

        def work() -> tuple[int, datetime | None]:
            with self.store.engine.begin() as connection:
                connection.execute(
                    sa.delete(table).where(table.c.last_failed_at < now - timedelta(days=1))
                )
                updated = connection.execute(
                    sa.update(table)
                    .where(table.c.name_key == key)
                    .values(failures=table.c.failures + 1, last_failed_at=now)
                )
                if updated.rowcount == 0:
                    connection.execute(
                        table.insert().values(
                            name_key=key, failures=1, last_failed_at=now, locked_until=None
                        )
                    )
                failures = int(
                    connection.execute(
                        sa.select(table.c.failures).where(table.c.name_key == key)
                    ).scalar_one()
                )
                wait = wait_for(failures)
                until = now + timedelta(seconds=wait) if wait > 0 else None
                connection.execute(
                    sa.update(table).where(table.c.name_key == key).values(locked_until=until)
                )
            return failures, until

        try:
            return self.store.run(work)
        except StoreError as error:
            if not isinstance(error.__cause__, sa.exc.IntegrityError):
                raise
            # two consoles inserted the first row for one name at once: count again
            return self.store.run(work)

    def clear_failures(self, name: str) -> None:
        """A right passphrase: the name's wrong tries are forgotten."""

        def work() -> None:
            with self.store.engine.begin() as connection:
                connection.execute(
                    sa.delete(staff_sign_in_failures).where(
                        staff_sign_in_failures.c.name_key == _failure_key(name)
                    )
                )

        self.store.run(work)

    def exists(self, name: str) -> str | None:
        """The account's name as kept, if there is one named ``name``."""

        def work() -> str | None:
            with self.store.reader.connect() as connection:
                row = connection.execute(
                    sa.select(staff_accounts.c.name).where(
                        staff_accounts.c.name_key == name_key(name)
                    )
                ).first()
            return None if row is None else str(row.name)

        return self.store.run(work)
