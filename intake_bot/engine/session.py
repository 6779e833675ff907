"""One person's pass through a flow.

The flow is compiled once into a ``transitions`` state machine (states: every
question id, then ``review`` and ``done``) that all sessions share: a session is
a model on that machine, not a machine of its own. ``advance`` moves to the
first later question whose ``ask_if`` holds, else to ``review``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from transitions import EventData, Machine

from intake_bot import exit_codes
from intake_bot.engine.answers import Answer, normalize_answer
from intake_bot.engine.path import offered_question, path_of, prune
from intake_bot.engine.triage import Clinic, TriageResult, triage
from intake_bot.errors import IntakeBotError
from intake_bot.flow.compiled import compiled
from intake_bot.flow.conditions import Predicate
from intake_bot.flow.model import Flow, Question

REVIEW = "review"
DONE = "done"


class SessionError(IntakeBotError, RuntimeError):
    """A step that does not fit where the session is (e.g. answering at review)."""

    exit_code = exit_codes.INTERNAL_ERROR  # the screen asked for a move the flow forbids


@dataclass(frozen=True)
class Progress:
    position: int  # 1-based place of the current question on the path
    answered: int  # answers held
    remaining: int  # questions on the path after the current one (it may change)

    @property
    def total(self) -> int:
        return self.position + self.remaining


def _holds(condition: Predicate) -> Any:
    def check(event: EventData) -> bool:
        return condition(event.model._answers, None)

    return check


def add_flow_transitions(machine: Machine, flow: Flow, guard: Any) -> None:
    """``advance`` from each question to each later one, guarded by ``guard(index)``
    (None for a question always asked), then to review; ``confirm`` from review."""
    for i, question in enumerate(flow.questions):
        for j in range(i + 1, len(flow.questions)):
            condition = guard(j)
            if condition is None:
                machine.add_transition("advance", question.id, flow.questions[j].id)
                break
            machine.add_transition(
                "advance", question.id, flow.questions[j].id, conditions=[condition]
            )
        else:
            machine.add_transition("advance", question.id, REVIEW)
    machine.add_transition("confirm", REVIEW, DONE)


def flow_states(flow: Flow) -> list[str]:
    return [q.id for q in flow.questions] + [REVIEW, DONE]


def _build_machine(flow: Flow) -> Machine:
    machine = Machine(
        model=None,
        states=flow_states(flow),
        initial=flow.questions[0].id,
        auto_transitions=False,
        send_event=True,
        model_attribute="state",
    )
    ask_if = compiled(flow).ask_if
    add_flow_transitions(machine, flow, lambda j: None if ask_if[j] is None else _holds(ask_if[j]))
    return machine


def flow_machine(flow: Flow) -> Machine:
    """The one machine of ``flow``, built on first use."""
    return flow.compiled("machine", _build_machine)


class Session:
    """Answers, current question, back/change, progress and triage for one person."""

    state: str  # set by the machine
    advance: Any  # trigger added by the machine
    confirm: Any

    def __init__(
        self,
        flow: Flow,
        language: str | None = None,
        *,
        front_door: str = "self",
        clinic: Clinic | None = None,
    ) -> None:
        self.flow = flow
        self.language = language if language in flow.languages else flow.languages[0]
        self.front_door = front_door  # whose next steps the result gives
        self.clinic = clinic
        self._answers: dict[str, Answer] = {}
        self._machine = flow_machine(flow)
        self._machine.add_model(self, initial=flow.questions[0].id)
        self._closed = False

    # -- lifetime ----------------------------------------------------------------
    def close(self) -> None:
        """Leave the shared machine and forget every answer."""
        if not self._closed:
            self._machine.remove_model(self)
            self._answers.clear()
            self._closed = True

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- where we are ------------------------------------------------------------
    @property
    def current_question(self) -> Question | None:
        """The question to answer now, with only the options shown on this path."""
        if not self.flow.has_question(self.state):
            return None
        return offered_question(self.flow, self.flow.question(self.state), self._answers)

    @property
    def at_review(self) -> bool:
        return self.state == REVIEW

    @property
    def is_finished(self) -> bool:
        return self.state == DONE

    @property
    def answers(self) -> Mapping[str, Answer]:
        """The answers held, in path order (read-only)."""
        return MappingProxyType(self._answers)

    def path(self) -> list[str]:
        return path_of(self.flow, self._answers)

    @property
    def is_complete(self) -> bool:
        return all(qid in self._answers for qid in self.path())

    def progress(self) -> Progress:
        path = self.path()
        answered = len(self._answers)
        if self.state in path:
            position = path.index(self.state) + 1
            return Progress(position, answered, len(path) - position)
        return Progress(len(path), answered, 0)

    # -- moving ------------------------------------------------------------------
    def answer(self, value: Any) -> None:
        """Answer the current question and move on.

        Raises :class:`~intake_bot.engine.answers.AnswerError` (message in the session's
        language) and changes nothing when the value is not allowed. Answers to
        questions no longer asked after this change are dropped.
        """
        question = self._require_question()
        self._answers[question.id] = normalize_answer(self.flow, question, value, self.language)
        self._answers = prune(self.flow, self._answers)
        self.advance()

    def back(self) -> bool:
        """Go to the previous question on the path (its answer kept). False at the first."""
        if self.is_finished:
            raise SessionError("this intake is finished")
        path = self.path()
        if self.state == REVIEW:
            previous = path[-1]
        else:
            index = path.index(self.state)
            if index == 0:
                return False
            previous = path[index - 1]
        self._machine.set_state(previous, model=self)
        return True

    def go_to(self, question_id: str) -> None:
        """Jump to a question on the path to change its answer."""
        if self.is_finished:
            raise SessionError("this intake is finished")
        if question_id not in self.path():
            raise SessionError(f"question {question_id!r} is not on this path")
        self._machine.set_state(question_id, model=self)

    def resume(self) -> None:
        """Go to the first unanswered question on the path, or to review."""
        if self.is_finished:
            raise SessionError("this intake is finished")
        for qid in self.path():
            if qid not in self._answers:
                self._machine.set_state(qid, model=self)
                return
        self._machine.set_state(REVIEW, model=self)

    def finish(self) -> TriageResult:
        """Confirm the review: the intake is done, and its triage is returned."""
        if self.state != REVIEW:
            raise SessionError("the answers can be confirmed only at review")
        self.confirm()
        return self.triage()

    def set_language(self, language: str) -> None:
        if language in self.flow.languages:
            self.language = language

    def triage(self) -> TriageResult:
        if not self.is_complete:
            raise SessionError("not every question on this path has an answer yet")
        return triage(
            self.flow,
            self._answers,
            self.language,
            front_door=self.front_door,
            clinic=self.clinic,
        )

    def _require_question(self) -> Question:
        question = self.current_question
        if question is None:
            raise SessionError(f"there is no question to answer at {self.state!r}")
        return question
