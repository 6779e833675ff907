from __future__ import annotations

from pathlib import Path

import pytest

from intake_bot.flow import Flow, load_default_flow, load_flow

FLOWS = Path(__file__).parent / "flows"


@pytest.fixture(scope="session")
def flow() -> Flow:
    return load_default_flow()


@pytest.fixture(scope="session")
def dental() -> Flow:
    return load_flow(FLOWS / "dental_checkin.yaml")
