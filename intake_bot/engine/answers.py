"""One answer checked against its question: the boundary every answer crosses.

Values are normalised: choice and yes_no -> the option value; multi -> a tuple of
option values in the flow's order; number -> int (or float when not integer);
text -> the stripped text.
"""

from __future__ import annotations

from typing import Any

from intake_bot.catalog import join_words, say
from intake_bot.errors import IntakeBotError
from intake_bot.flow.model import Flow, Question, plain_number

Answer = str | int | float | tuple[str, ...]


class AnswerError(IntakeBotError, ValueError):
    """An answer the question does not allow; ``message`` is in the person's language."""

    def __init__(self, question_id: str, message: str) -> None:
        self.question_id = question_id
        self.message = message
        super().__init__(f"{question_id}: {message}")


_fmt = plain_number


def option_list(flow: Flow, question: Question, language: str, numbered: bool = False) -> str:
    labels = [flow.option_text(question, v, language) for v in question.option_values]
    if numbered:  # labels may hold commas: "3 Other, or I prefer not to say"
        return "; ".join(f"{i} {label}" for i, label in enumerate(labels, 1))
    return join_words(labels, language, "or")


def normalize_answer(flow: Flow, question: Question, value: Any, language: str) -> Answer:
    """Check ``value`` for ``question``; return it normalised or raise :class:`AnswerError`."""
    kind = question.type
    if kind in ("choice", "yes_no"):
        if isinstance(value, str) and value in question.option_values:
            return value
        raise AnswerError(
            question.id, say("choose_one", language, options=option_list(flow, question, language))
        )
    if kind == "multi":
        return _multi(flow, question, value, language)
    if kind == "number":
        return _number(question, value, language)
    return _text(question, value, language)


def _multi(flow: Flow, question: Question, value: Any, language: str) -> tuple[str, ...]:
    allowed = question.option_values
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        value = [value]
    if not value or not all(isinstance(v, str) and v in allowed for v in value):
        raise AnswerError(
            question.id, say("choose_some", language, options=option_list(flow, question, language))
        )
    chosen = set(value)
    if len(chosen) > 1:
        for option in question.options:
            if option.exclusive and option.value in chosen:
                raise AnswerError(
                    question.id, say("exclusive", language, option=flow.text(option.text, language))
                )
    return tuple(v for v in allowed if v in chosen)


def _number(question: Question, value: Any, language: str) -> int | float:
    assert question.min is not None and question.max is not None
    bounds = {"min": _fmt(question.min), "max": _fmt(question.max)}
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        key = "need_whole_number" if question.integer else "need_number"
        raise AnswerError(question.id, say(key, language, **bounds))
    if not question.min <= value <= question.max:  # compared before any float(): 10**400 is fine
        raise AnswerError(question.id, say("out_of_range", language, value=_fmt(value), **bounds))
    if question.integer:
        if not float(value).is_integer():
            raise AnswerError(question.id, say("need_whole_number", language, **bounds))
        value = int(value)
    if not question.min <= value <= question.max:
        raise AnswerError(question.id, say("out_of_range", language, value=_fmt(value), **bounds))
    return value


def _text(question: Question, value: Any, language: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise AnswerError(question.id, say("need_text", language))
    cleaned = "".join(ch if ch.isprintable() or ch == "\n" else " " for ch in value).strip()
    if len(cleaned) > question.max_length:
        raise AnswerError(
            question.id, say("too_long", language, max=question.max_length, length=len(cleaned))
        )
    return cleaned


def answer_text(flow: Flow, question: Question, value: Answer, language: str) -> str:
    """An answer as a person reads it: option words, "42 years", or the text itself."""
    if question.type in ("choice", "yes_no"):
        return flow.option_text(question, str(value), language)
    if question.type == "multi":
        values = value if isinstance(value, tuple) else (str(value),)
        return join_words([flow.option_text(question, v, language) for v in values], language)
    if question.type == "number":
        unit = f" {flow.text(question.unit, language)}" if question.unit else ""
        return f"{_fmt(float(value))}{unit}"  # type: ignore[arg-type]
    return str(value)
