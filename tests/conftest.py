from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Every test run, and every program a test starts, gets its own empty per-user cache
# (the flow cache lives there), never the developer's own.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="intake-bot-test-cache-")
# ... its own config folder (no config file unless a test writes one) ...
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="intake-bot-test-config-")
# ... and its own data folder (the default SQLite file, the outbox).
os.environ["INTAKE_BOT_DATA_DIR"] = tempfile.mkdtemp(prefix="intake-bot-test-data-")

import pytest

from intake_bot.flow import Flow, load_default_flow, load_flow

FLOWS = Path(__file__).parent / "flows"


@pytest.fixture(scope="session")
def flow() -> Flow:
    return load_default_flow()


@pytest.fixture(scope="session")
def dental() -> Flow:
    return load_flow(FLOWS / "dental_checkin.yaml")
