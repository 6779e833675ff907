"""Which questions a person is asked, given their answers: pure functions.

A question is asked when its ``ask_if`` holds on the answers to earlier questions
(relevance, as ODK's ``relevant`` or FHIR's ``enableWhen``). Answers to questions
that are not on the path are never kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from intake_bot.answers import Answer, AnswerError, normalize_answer
from intake_bot.catalog import say
from intake_bot.errors import IntakeBotError
from intake_bot.flow.compiled import compiled
from intake_bot.flow.model import Flow


class AnswersError(IntakeBotError, ValueError):
    """A set of answers that does not fit the flow; names the question."""

    def __init__(self, question_id: str, message: str) -> None:
        self.question_id = question_id
        self.message = message
        super().__init__(message)


def path_of(flow: Flow, answers: Mapping[str, Any]) -> list[str]:
    """The ids of the questions asked, in order, given ``answers``.

    Questions after an unanswered one are included when their ``ask_if`` holds on
    what is known so far: the path as it stands now.
    """
    ask_if = compiled(flow).ask_if
    on_path: dict[str, Any] = {}
    path = []
    for question, condition in zip(flow.questions, ask_if, strict=True):
        if condition is None or condition(on_path, None):
            path.append(question.id)
            if question.id in answers:
                on_path[question.id] = answers[question.id]
    return path


def prune(flow: Flow, answers: Mapping[str, Any]) -> dict[str, Any]:
    """``answers`` without the ones to questions no longer on the path, in path order."""
    return {qid: answers[qid] for qid in path_of(flow, answers) if qid in answers}


def check_answers(
    flow: Flow, answers: Mapping[str, Any], language: str = "en"
) -> dict[str, Answer]:
    """Headless: the answers of one whole path, checked and normalised.

    Raises :class:`AnswersError` naming the question for a missing answer, a value
    that is not allowed, an answer to a question this path does not ask, or an
    unknown question. Nothing is ignored silently.
    """
    plan = compiled(flow)
    for qid in answers:
        if qid not in plan.question_ids:
            raise AnswersError(qid, say("unknown_question", language, question=qid, flow=flow.id))
    checked: dict[str, Answer] = {}
    for question, condition in zip(flow.questions, plan.ask_if, strict=True):
        asked = condition is None or condition(checked, None)
        if not asked:
            if question.id in answers:
                raise AnswersError(question.id, say("not_asked", language, question=question.id))
            continue
        if question.id not in answers:
            raise AnswersError(question.id, say("missing_answer", language, question=question.id))
        try:
            checked[question.id] = normalize_answer(flow, question, answers[question.id], language)
        except AnswerError as exc:
            raise AnswersError(question.id, f"question {question.id!r}: {exc.message}") from None
    return checked
