"""A finished intake, as it leaves the patient's screen, and where it goes.

Until the store exists, a finished intake is handed to a :class:`Submitter`; the
store plugs in behind that interface. :class:`MemorySubmitter` keeps intakes for
the life of the process only (nothing reaches disk).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from intake_bot.triage import TriageResult


class Intake(BaseModel):
    """One person's finished intake: ticket, answers on their path, and the triage."""

    model_config = ConfigDict(frozen=True)

    ticket: str
    flow_id: str
    flow_version: int
    language: str
    answers: dict[str, Any]
    triage: TriageResult
    finished_at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class Submitter(Protocol):
    def submit(self, intake: Intake) -> None:
        """Keep ``intake`` for the front desk (raise on failure: the kiosk says so)."""

    def ticket_taken(self, code: str) -> bool:
        """Whether ``code`` was ever given to an intake (codes are never reused)."""


class MemorySubmitter:
    """Keeps intakes in memory for as long as the program runs."""

    def __init__(self) -> None:
        self.intakes: dict[str, Intake] = {}

    def submit(self, intake: Intake) -> None:
        self.intakes[intake.ticket] = intake

    def ticket_taken(self, code: str) -> bool:
        return code in self.intakes
