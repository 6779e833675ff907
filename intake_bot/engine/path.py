"""Which questions a person is asked, given their answers: pure functions.

A question is asked when its ``ask_if`` holds on the answers to earlier questions
(relevance, as ODK's ``relevant`` or FHIR's ``enableWhen``). Answers to questions
that are not on the path are never kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from intake_bot.catalog import say
from intake_bot.engine.answers import Answer, AnswerError, normalize_answer
from intake_bot.errors import IntakeBotError
from intake_bot.flow.compiled import compiled
from intake_bot.flow.model import Flow, Question


class AnswersError(IntakeBotError, ValueError):
    """A set of answers that does not fit the flow; names the question."""

    def __init__(self, question_id: str, message: str) -> None:
        self.question_id = question_id
        self.message = message
        super().__init__(message)


def hidden_options(flow: Flow, question_id: str, answers: Mapping[str, Any]) -> frozenset[str]:
    """The option values of ``question_id`` that its options' ``show_if`` hide, given
    the answers to earlier questions."""
    conditional = compiled(flow).show_if.get(question_id)
    if not conditional:
        return frozenset()
    return frozenset(value for value, shown in conditional if not shown(answers, None))


def offered_question(
    flow: Flow,
    question: Question,
    answers: Mapping[str, Any],
    hidden: frozenset[str] | None = None,
) -> Question:
    """``question`` as this person sees it: without the options its ``show_if`` hide
    (``hidden``, when already known; the same object for the same hidden options,
    built once per flow)."""
    if hidden is None:
        hidden = hidden_options(flow, question.id, answers)
    if not hidden:
        return question
    key = f"offered:{question.id}:{','.join(sorted(hidden))}"
    shown = tuple(o for o in question.options if o.value not in hidden)
    return flow.compiled(key, lambda _flow: replace(question, options=shown))


def _offered(flow: Flow, question_id: str, answer: Any, answers: Mapping[str, Any]) -> bool:
    """Whether ``answer`` holds only options shown on this path."""
    hidden = hidden_options(flow, question_id, answers)
    if not hidden:
        return True
    values = answer if isinstance(answer, list | tuple | set | frozenset) else (answer,)
    return hidden.isdisjoint(values)


def path_of(flow: Flow, answers: Mapping[str, Any]) -> list[str]:
    """The ids of the questions asked, in order, given ``answers``.

    Questions after an unanswered one are included when their ``ask_if`` holds on
    what is known so far: the path as it stands now. An answer holding an option no
    longer shown counts as no answer.
    """
    return list(_walk(flow, answers))


def _walk(flow: Flow, answers: Mapping[str, Any]) -> dict[str, bool]:
    """Each question on the path -> whether its answer in ``answers`` still stands."""
    ask_if = compiled(flow).ask_if
    on_path: dict[str, Any] = {}
    path: dict[str, bool] = {}
    for question, condition in zip(flow.questions, ask_if, strict=True):
        if condition is None or condition(on_path, None):
            qid = question.id
            stands = qid in answers and _offered(flow, qid, answers[qid], on_path)
            path[qid] = stands
            if stands:
                on_path[qid] = answers[qid]
    return path


def prune(flow: Flow, answers: Mapping[str, Any]) -> dict[str, Any]:
    """``answers`` without the ones to questions no longer on the path, nor those
    holding an option no longer shown (that question is asked again), in path order."""
    return {qid: answers[qid] for qid, stands in _walk(flow, answers).items() if stands}


def check_answers(
    flow: Flow, answers: Mapping[str, Any], language: str = "en"
) -> dict[str, Answer]:
    """Headless: the answers of one whole path, checked and normalised.

    Raises :class:`AnswersError` naming the question for a missing answer, a value
    that is not allowed, an answer to a question this path does not ask, or an
    unknown question, in ``language``; a value not allowed is told the options offered
    on this path (given the answers before it). Nothing is ignored silently.
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
        given = answers[question.id]
        hidden = hidden_options(flow, question.id, checked)
        values = given if isinstance(given, list | tuple) else (given,)
        for value in values:
            if isinstance(value, str) and value in hidden:
                message = say("not_offered", language, question=question.id, option=value)
                raise AnswersError(question.id, message)
        offered = offered_question(flow, question, checked, hidden)  # (messages list these)
        try:
            checked[question.id] = normalize_answer(flow, offered, given, language)
        except AnswerError as exc:
            message = say("answer_to", language, question=question.id, message=exc.message)
            raise AnswersError(question.id, message) from None
    return checked
