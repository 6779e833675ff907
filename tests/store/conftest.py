"""The store's tests run on a real SQLite file and on PostgreSQL (parametrised).

Where no PostgreSQL can be started the PostgreSQL half is skipped, saying why;
with ``INTAKE_BOT_REQUIRE_POSTGRES=1`` (set by .ci/run) it fails instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests import pg

REQUIRE = os.environ.get("INTAKE_BOT_REQUIRE_POSTGRES") == "1"


def started_cluster() -> pg.Cluster:
    """A new running cluster; where none can start, the test is skipped saying why (or
    fails, with ``INTAKE_BOT_REQUIRE_POSTGRES=1``)."""
    try:
        return pg.start()
    except pg.Unavailable as why:
        if REQUIRE:
            pytest.fail(f"PostgreSQL is required here (INTAKE_BOT_REQUIRE_POSTGRES=1): {why}")
        pytest.skip(f"PostgreSQL tests skipped: {why}")


@pytest.fixture(scope="session")
def cluster() -> Iterator[pg.Cluster]:
    running = started_cluster()
    yield running
    running.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """A fresh, empty database on each engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'intakes.sqlite3'}"
    return request.getfixturevalue("cluster").new_database()


@pytest.fixture
def outbox(tmp_path):
    return tmp_path / "outbox"
