"""A finished intake, as a clinic keeps it, and where it goes.

An :class:`Intake` is self-contained: every answer carries the question's text and
the option labels exactly as the person saw them, and the triage carries its
reasons as shown, so a record stays readable after the flow changes. Only
``status``, ``staff_notes`` and ``patient_ref`` change after it is stored.

A finished intake is handed to a :class:`Submitter`. :class:`MemorySubmitter` keeps
intakes for the life of the process only; the store
(:class:`intake_bot.store.StoreSubmitter`) keeps them in a database.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

from intake_bot.engine.triage import TriageResult
from intake_bot.flow.model import Flow, flow_to_data

FrontDoor = Literal["kiosk", "self", "staff", "web"]
Status = Literal["new", "reviewed"]
FRONT_DOORS: tuple[str, ...] = ("kiosk", "self", "staff", "web")
STATUSES: tuple[str, ...] = ("new", "reviewed")


def _now() -> datetime:
    return datetime.now(UTC)


class RecordedAnswer(BaseModel):
    """One answer on the path, with the words the person saw."""

    model_config = ConfigDict(frozen=True)

    question_id: str
    question: str  # the question's text as shown
    type: str  # choice | multi | yes_no | number | text
    value: str | int | float | list[str]  # the flow's value(s): option values, a number, text
    labels: list[str] = []  # the chosen options' labels as shown (choice, multi, yes_no)

    @property
    def shown(self) -> str:
        """The answer as a person reads it: labels, or the number or text itself."""
        if self.labels:
            return ", ".join(self.labels)
        return str(self.value)


class RecordedRule(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    outcome: str
    severity: int
    reason: str  # as worded (shown unless covered)
    #: Matched, but its reason was not shown: the rule that said it instead.
    covered_by: str | None = None


class RecordedContraindication(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    text: str  # as shown
    kind: str = "relative"  # absolute: never done while it holds; relative: a doctor checks


class RecordedTriage(BaseModel):
    """The triage as it was shown: outcome, why, and what was found."""

    model_config = ConfigDict(frozen=True)

    outcome: str
    severity: int
    title: str
    text: str
    next_steps: str | None = None
    rules: list[RecordedRule] = []
    contraindications: list[RecordedContraindication] = []
    disclaimer: str = ""

    @property
    def rule_ids(self) -> list[str]:
        return [rule.id for rule in self.rules]

    @property
    def shown_rules(self) -> list[RecordedRule]:
        """The rules whose reasons the person read (the covered ones left out)."""
        return [rule for rule in self.rules if rule.covered_by is None]

    @classmethod
    def of(cls, result: TriageResult) -> RecordedTriage:
        return cls(
            outcome=result.outcome,
            severity=result.severity,
            title=result.title,
            text=result.text,
            next_steps=result.next_steps,
            # The reasons shown first (the staff queue reads the first two), then the covered.
            rules=[
                RecordedRule(
                    id=r.id,
                    outcome=r.outcome,
                    severity=r.severity,
                    reason=r.reason,
                    covered_by=r.covered_by,
                )
                for r in sorted(result.rules, key=lambda r: r.covered_by is not None)
            ],
            contraindications=[
                RecordedContraindication(id=c.id, text=c.text, kind=c.kind)
                for c in result.contraindications
            ],
            disclaimer=result.disclaimer,
        )


class Intake(BaseModel):
    """One person's finished intake as the clinic keeps it (no names: a ticket code,
    and for a staff screening the clinic's own optional patient reference)."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID = Field(default_factory=uuid.uuid4)  # the same intake, stored once
    ticket: str
    flow_id: str
    flow_version: int
    flow_hash: str = ""  # sha256 of the flow's content (see flow_hash)
    language: str
    front_door: FrontDoor = "kiosk"
    answers: list[RecordedAnswer]
    triage: RecordedTriage
    started_at: datetime | None = None
    finished_at: datetime = Field(default_factory=_now)
    status: Status = "new"
    staff_notes: str = ""
    patient_ref: str | None = Field(None, max_length=200)
    #: a staff screening: the staff member who ran it (their console account's name)
    screened_by: str | None = Field(None, max_length=100)

    @field_validator("triage", mode="before")
    @classmethod
    def _from_result(cls, value: Any) -> Any:
        return RecordedTriage.of(value) if isinstance(value, TriageResult) else value

    def values(self) -> dict[str, Any]:
        """The answers as the flow's values, by question id (what triage reads)."""
        return {a.question_id: a.value for a in self.answers}

    def answer(self, question_id: str) -> RecordedAnswer | None:
        return next((a for a in self.answers if a.question_id == question_id), None)


def flow_hash(flow: Flow) -> str:
    """sha256 of the flow's content (questions, rules, texts...): the same for the same
    flow wherever its file lives; any change to what it asks or says changes it."""

    def build(flow: Flow) -> str:
        data = json.dumps(flow_to_data(flow), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()

    return flow.compiled("sha256", build)


def record_answers(flow: Flow, answers: Mapping[str, Any], language: str) -> list[RecordedAnswer]:
    """Checked answers (path order) -> recorded answers with the texts shown in ``language``."""
    recorded = []
    for qid, value in answers.items():
        question = flow.question(qid)
        if question.type == "multi":
            values = list(value)
            labels = [flow.option_text(question, v, language) for v in values]
            stored: Any = values
        elif question.type in ("choice", "yes_no"):
            labels, stored = [flow.option_text(question, value, language)], value
        else:
            labels, stored = [], value
        recorded.append(
            RecordedAnswer(
                question_id=qid,
                question=flow.text(question.text, language),
                type=question.type,
                value=stored,
                labels=labels,
            )
        )
    return recorded


def build_intake(
    flow: Flow,
    answers: Mapping[str, Any],
    result: TriageResult,
    *,
    ticket: str,
    front_door: FrontDoor,
    started_at: datetime | None = None,
    patient_ref: str | None = None,
) -> Intake:
    """The record of a finished pass: ``answers`` checked (path order), ``result`` its triage."""
    return Intake(
        ticket=ticket,
        flow_id=flow.id,
        flow_version=flow.version,
        flow_hash=flow_hash(flow),
        language=result.language,
        front_door=front_door,
        answers=record_answers(flow, answers, result.language),
        triage=RecordedTriage.of(result),
        started_at=started_at,
        patient_ref=patient_ref or None,
    )


class Submitter(Protocol):
    def submit(self, intake: Intake) -> Intake | None:
        """Keep ``intake`` for the front desk, durably, before returning (raise on
        failure: the kiosk says so). Returns what was kept (its ticket differs when
        the code turned out to be taken), or None when this submitter chose to keep
        nothing (a self-assessment nobody asked to save)."""

    def ticket_taken(self, code: str) -> bool:
        """Whether ``code`` was ever given to an intake (codes are never reused)."""


class MemorySubmitter:
    """Keeps intakes in memory for as long as the program runs."""

    def __init__(self) -> None:
        self.intakes: dict[str, Intake] = {}

    def submit(self, intake: Intake) -> Intake:
        self.intakes[intake.ticket] = intake
        return intake

    def ticket_taken(self, code: str) -> bool:
        return code in self.intakes
