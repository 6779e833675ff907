"""The staff console's tests: the store's fixtures (SQLite and PostgreSQL) and helpers."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from intake_bot.engine.path import check_answers
from intake_bot.engine.triage import triage
from intake_bot.flow import load_default_flow
from intake_bot.records.intake import Intake, build_intake
from intake_bot.store.accounts import Accounts
from intake_bot.store.store import Store
from tests.hair_loss_paths import answers
from tests.store.conftest import cluster, db_url  # noqa: F401  (fixtures)

PASSPHRASE = "correct horse battery"
PATHS = {
    "routine": {},
    # (pus-filled spots are urgent with hair loss: scarring_signs, spec v3)
    "specialist_urgent": {
        "scalp_symptoms": ["pain_burning", "pustules"],
        "shedding_amount": "increased",
    },
    "specialist": {"patches": "yes", "onset": "sudden", "shedding_amount": "increased"},
}


def make_intake(
    ticket: str,
    outcome: str = "routine",
    *,
    finished_at: datetime | None = None,
    front_door: str = "kiosk",
    status: str = "new",
) -> Intake:
    flow = load_default_flow()
    checked = check_answers(flow, answers(**PATHS[outcome]), "en")
    intake = build_intake(
        flow, checked, triage(flow, checked, "en"), ticket=ticket, front_door=front_door
    )
    return intake.model_copy(
        update={
            "id": uuid.uuid4(),
            "finished_at": finished_at or datetime.now(UTC),
            "status": status,
        }
    )


def hours_ago(hours: float) -> datetime:
    return datetime.now(UTC) - timedelta(hours=hours)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'intakes.sqlite3'}"


def with_account(url: str, name: str = "Ana") -> Store:
    store = Store(url)
    Accounts(store).add(name, PASSPHRASE, actor="test")
    return store
