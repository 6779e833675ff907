"""Reason templates: a rule's reason names what the person reported, not a whole list.

A reason (or a contraindication's text) may hold placeholders:

- ``{contraindications}``: the texts of the contraindications found (rules only);
- ``{<question id>}``: the person's answer to that question, as a reason says it:
  for choices, the ``reason_text`` (else the text) of each option they chose that
  the rule's condition looks for, joined naturally ("pain and pus-filled spots").

The loader checks every placeholder (:mod:`intake_bot.flow.checks`): its question
must be one the condition cannot hold without (:func:`required`), so a fill is never
empty; any other brace is refused. Here are the pieces the checks and triage share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from intake_bot.flow.model import Condition

CONTRAINDICATIONS = "contraindications"
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
#: Any brace, or a pair of braces with anything between them.
BRACES = re.compile(r"\{[^{}]*\}|[{}]")


def placeholders(text: str) -> list[str]:
    """The placeholder names in ``text``, in order."""
    return PLACEHOLDER.findall(text)


def stray_braces(text: str) -> list[str]:
    """The braces in ``text`` that are not a well-formed placeholder."""
    return [m.group(0) for m in BRACES.finditer(text) if not PLACEHOLDER.fullmatch(m.group(0))]


def required(condition: Condition, question_id: str, named: Mapping[str, Condition]) -> bool:
    """Whether ``condition`` can hold only when ``question_id`` has an answer that one of
    its tests looks for (a test on every branch, none only under ``not``)."""
    if condition.all is not None:
        return any(required(c, question_id, named) for c in condition.all)
    if condition.any is not None:
        return all(required(c, question_id, named) for c in condition.any)
    if condition.ref is not None and condition.ref in named:
        return required(named[condition.ref], question_id, named)
    return condition.q == question_id and condition.answered is not False


def conditions_on(
    condition: Condition, question_id: str, named: Mapping[str, Condition], negated: bool = False
) -> Iterator[Condition]:
    """The tests on ``question_id`` that make ``condition`` true (not those under ``not``)."""
    if condition.all is not None or condition.any is not None:
        for inner in condition.all or condition.any or ():
            yield from conditions_on(inner, question_id, named, negated)
    elif condition.not_ is not None:
        yield from conditions_on(condition.not_, question_id, named, not negated)
    elif condition.ref is not None and condition.ref in named:
        yield from conditions_on(named[condition.ref], question_id, named, negated)
    elif condition.q == question_id and not negated:
        yield condition


def looked_for(test: Condition, value: Any) -> bool:
    if test.eq is not None:
        return bool(value == test.eq)
    if test.in_ is not None:
        return value in test.in_
    if test.has is not None:
        return value in test.has
    if test.has_other_than is not None:
        return value not in test.has_other_than
    return True  # between, answered: every value the question has


def reported(
    condition: Condition, question_id: str, answer: Any, named: Mapping[str, Condition]
) -> list[Any]:
    """The values of ``answer`` (one, or a list for a multi question) that ``condition``
    looks for on ``question_id``: what a reason should name, in the answer's order."""
    values: Sequence[Any] = answer if isinstance(answer, list | tuple) else [answer]
    tests = list(conditions_on(condition, question_id, named))
    if not tests:
        return list(values)
    return [value for value in values if any(looked_for(test, value) for test in tests)]
