"""What `staff add` refuses, as the red team tried it: names that look like an existing
one in plain Latin (``I``/``l``, ``rn``/``m``, ``cl``/``d``, ``1``/``i``), and weak
passphrases (a common word with digits added, one part repeated, a keyboard row, the
name with a few characters more). Reasonable names and passphrases still pass, and
signing in still finds an account by its own name only."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from intake_bot.pin import hash_passphrase
from intake_bot.store.accounts import (
    AccountError,
    Accounts,
    check_passphrase,
    name_key,
    skeleton,
)
from intake_bot.store.schema import staff_accounts, utcnow
from intake_bot.store.store import Store
from tests.staff.conftest import PASSPHRASE

OTHER = "another long passphrase"

#: (existing, new): the red team's pairs and a few more of each kind.
LOOK_ALIKE_PAIRS = [
    ("l Smith", "I Smith"),
    ("m Smith", "Rn Smith"),
    ("d Smith", "Cl Smith"),
    ("Ana Ruiz", "Ana Ru1z"),
    ("Ana Ruiz", "Ana Ru|z"),
    ("Ana Ruiz", "Ana Ruíz"),  # (refused before too: accents are dropped)
    ("Wanda Wu", "Vvanda Wu"),
    ("Bo Lopez", "B0 Lopez"),
    ("Sam Ortiz", "5am Ortiz"),
]


@pytest.fixture
def store(sqlite_url):
    kept = Store(sqlite_url)
    yield kept
    kept.close()


@pytest.mark.parametrize(("existing", "new"), LOOK_ALIKE_PAIRS)
def test_look_alike_names_have_one_skeleton(existing, new):
    assert skeleton(new) == skeleton(existing)
    assert name_key(new) != name_key(existing)  # (different names all the same)


def test_staff_add_refuses_a_name_that_looks_like_an_existing_one(store):
    accounts = Accounts(store)
    existing = sorted({old for old, _ in LOOK_ALIKE_PAIRS})
    for name in existing:
        accounts.add(name, OTHER, actor="test")
    for old, new in LOOK_ALIKE_PAIRS:
        problem = accounts.name_problem(new)
        assert problem is not None and f"looks like the existing account {old!r}" in problem
    with pytest.raises(AccountError, match=r"'I Smith' looks like the existing account 'l Smith'"):
        accounts.add("I Smith", OTHER, actor="test")
    assert [a.name for a in accounts.list()] == sorted(existing, key=name_key)


@pytest.mark.parametrize(
    ("existing", "new"),
    [("Bea Lopez", "Ben Lopez"), ("Ana Ruiz", "Ana Ruth"), ("Mia Smith", "Nia Smith")],
)
def test_ordinary_different_names_are_still_accepted(store, existing, new):
    accounts = Accounts(store)
    accounts.add(existing, OTHER, actor="test")
    assert accounts.name_problem(new) is None
    assert accounts.add(new, OTHER, actor="test") == new


def test_sign_in_still_finds_each_account_by_its_own_name(store):
    """Look-alike names kept before this rule (no migration): each signs in as itself,
    and a look-alike of a name does not sign in as it."""
    with store.engine.begin() as connection:
        for name, passphrase in (("l Smith", PASSPHRASE), ("I Smith", OTHER)):
            connection.execute(
                staff_accounts.insert().values(
                    name=name,
                    name_key=name_key(name),
                    passphrase_hash=hash_passphrase(passphrase),
                    created_at=utcnow(),
                )
            )
    accounts = Accounts(store)
    assert accounts.check("l smith", PASSPHRASE) == "l Smith"
    assert accounts.check("I SMITH", OTHER) == "I Smith"
    assert accounts.check("l Smith", OTHER) is None
    assert accounts.check("1 Smith", PASSPHRASE) is None  # a look-alike is not the name
    with store.engine.connect() as connection:
        keys = set(connection.execute(sa.select(staff_accounts.c.name_key)).scalars())
    assert keys == {"l smith", "i smith"}  # keys as they were


@pytest.mark.parametrize(
    ("passphrase", "says"),
    [
        ("Password1!", "too common"),
        ("Passw0rd 2024!", "too common"),
        ("Welcome!!2025", "too common"),
        ("passwordpassword", "one short part repeated"),
        ("abcabcabcabc", "one short part repeated"),
        ("abc abc abc abc", "one short part repeated"),
        ("tiger tiger tiger 1", "one short part repeated"),
        ("qwertyuiop1", r"too common|keyboard row"),
        ("poiuytrewq!", "keyboard row"),
        ("zxcvbnm 456", "keyboard row"),
        ("asdfgh1234", "keyboard row"),
        ("abcdefgh!!", "keyboard row"),
        ("1234567 89", r"too common|keyboard row"),
        ("0987654321a", "keyboard row"),
        ("Zaphod Beeblebrox1", "may not be the name"),
        ("Zaphod Beeblebrox!!", "may not be the name"),
        ("zaphod beeblebrox 2024", "may not be the name"),
        ("Beeblebrox 99!", "may not be the name"),
        ("ZaphodBeeblebroxX", "may not be the name"),
    ],
)
def test_weak_passphrases_are_refused_saying_why(passphrase, says):
    with pytest.raises(AccountError, match=says) as refused:
        check_passphrase(passphrase, "Zaphod Beeblebrox")
    assert "\n" not in str(refused.value)  # one line


@pytest.mark.parametrize(
    "passphrase",
    [
        PASSPHRASE,  # tests/staff/conftest.py
        OTHER,
        "another long phrase",
        "tiger lily 42",
        "purple horse battery 7",
        "Zaphod likes tea at nine",
        "blue kettle, warm bread",
        "my 3 dogs eat kale",
    ],
)
def test_reasonable_passphrases_still_pass(passphrase):
    check_passphrase(passphrase, "Zaphod Beeblebrox")
    check_passphrase(passphrase, "Ana Ruiz")
